/** The Cellosign simulator: `CellosignSimulator.start()` and the types and constants around it. */
export { CellosignSimulator, DEFAULT_PROJECTS, DEFAULT_TEMPLATES, DEFAULT_TOKEN } from './simulator';
export { EVENT_TYPES } from './types';
export type {
	EventType,
	FirePostbackOptions,
	Integration,
	Invitation,
	OtpDestination,
	PostbackResult,
	PostbackSecret,
	RecordedRequest,
	Session,
	SessionInput,
	SessionListItem,
	SessionRecipient,
	SimulatorOptions,
} from './types';
export type { SessionRecord } from './store';
export { BASE_PATH } from './server';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './listQuery';
export { MAX_TTL_HOURS, MIN_TTL_HOURS, AD_HOC_DESCRIPTION } from './createRequest';
export {
	DEFAULT_DESCRIPTION,
	DEFAULT_TTL_HOURS,
	SEED_AUTHORS,
	SEED_PROCESS_IDS,
	SEED_START,
	SIMULATOR_AUTHOR,
} from './fixtures';
export {
	CLIENT_EVENT_TYPES,
	DEFAULT_FIELD_CHANGE,
	DEFAULT_FIELDS,
	POSTBACK_TIMEOUT_MS,
	POSTBACK_USER_AGENT,
	SIMULATED_CLIENT,
} from './postbacks';
