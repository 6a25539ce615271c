/**
 * Validation of a create-session body (`POST {project}/sessions`) with DRF style 400 details:
 * `{field: [messages]}`, every bad top-level field reported at once; problems inside nested
 * objects are flattened into the top-level field's list with a path prefix, e.g.
 * `{"recipient": ["invitations[0].address: This field is required."]}`. Unknown keys are ignored.
 */
import type { ErrorDetails } from './listQuery';
import type { Integration, SessionRecipient } from './types';
import { DEFAULT_TTL_HOURS, defaultRecipient, destination } from './fixtures';

export const MIN_TTL_HOURS = 1;
export const MAX_TTL_HOURS = 960;
/** Description of sessions created from an ad-hoc template (one without `id`). */
export const AD_HOC_DESCRIPTION = 'Ad-hoc document';

/** A valid create request, ready to become a session. */
export interface CreateRequest {
	ttl: number;
	/** The template object exactly as posted. */
	template: Record<string, unknown>;
	/** Its `id`, or undefined for an ad-hoc template. */
	templateId?: string;
	initial?: Record<string, unknown>;
	labels: Record<string, string>;
	recipient: SessionRecipient;
	integrations: Integration[];
	body: Record<string, unknown>;
}

type Json = Record<string, unknown>;

const REQUIRED = 'This field is required.';
const NOT_NULL = 'This field may not be null.';
const NOT_STRING = 'Not a valid string.';
const NOT_BLANK = 'This field may not be blank.';

/** Python's name for a JSON value's type, as DRF messages print it. */
function pythonType(value: unknown): string {
	if (value === null) return 'NoneType';
	if (Array.isArray(value)) return 'list';
	if (typeof value === 'string') return 'str';
	if (typeof value === 'boolean') return 'bool';
	if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
	return 'dict';
}

function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** DRF CharField: a non-blank string (numbers are not accepted where an address is expected). */
function stringProblem(value: unknown): string | undefined {
	if (value === undefined) return REQUIRED;
	if (value === null) return NOT_NULL;
	if (typeof value !== 'string') return NOT_STRING;
	return value.trim() === '' ? NOT_BLANK : undefined;
}

function validateTtl(value: unknown, errors: ErrorDetails): number {
	if (value === undefined || value === null) return DEFAULT_TTL_HOURS;
	if (typeof value !== 'number' || !Number.isInteger(value)) errors.ttl = ['A valid integer is required.'];
	else if (value < MIN_TTL_HOURS) errors.ttl = [`Ensure this value is greater than or equal to ${MIN_TTL_HOURS}.`];
	else if (value > MAX_TTL_HOURS) errors.ttl = [`Ensure this value is less than or equal to ${MAX_TTL_HOURS}.`];
	else return value;
	return DEFAULT_TTL_HOURS;
}

/**
 * `template`: required object. With `id`: a predefined template that must be known (optionally with
 * `fields` overrides and a replacement `document`/`documents`). Without `id`: an ad-hoc template,
 * which needs `document` (object) or `documents` (non-empty list of objects).
 */
function validateTemplate(value: unknown, knownTemplates: ReadonlySet<string>, errors: ErrorDetails): Json | undefined {
	if (value === undefined) errors.template = [REQUIRED];
	else if (value === null) errors.template = [NOT_NULL];
	else if (!isObject(value)) errors.template = [`Invalid data. Expected a dictionary, but got ${pythonType(value)}.`];
	else {
		const messages: string[] = [];
		if ('id' in value) {
			const problem = stringProblem(value.id);
			if (problem) messages.push(`id: ${problem}`);
			else if (!knownTemplates.has(value.id as string)) messages.push(`Template "${value.id as string}" does not exist.`);
		} else if (!('document' in value) && !('documents' in value)) {
			messages.push('Either "id" (a predefined template) or "document"/"documents" (an ad-hoc template) is required.');
		}
		if ('document' in value && !isObject(value.document)) {
			messages.push(`document: Invalid data. Expected a dictionary, but got ${pythonType(value.document)}.`);
		}
		if ('documents' in value) {
			const documents = value.documents;
			if (!Array.isArray(documents) || documents.length === 0 || !documents.every(isObject)) {
				messages.push('documents: Expected a non-empty list of dictionaries.');
			}
		}
		if ('fields' in value && !isObject(value.fields)) {
			messages.push(`fields: Expected a dictionary of items but got type "${pythonType(value.fields)}".`);
		}
		if (messages.length === 0) return value;
		errors.template = messages;
	}
	return undefined;
}

function validateDict(name: string, value: unknown, errors: ErrorDetails): Json | undefined {
	if (value === null) errors[name] = [NOT_NULL];
	else if (!isObject(value)) errors[name] = [`Expected a dictionary of items but got type "${pythonType(value)}".`];
	else return value;
	return undefined;
}

/** `labels`: a dictionary of strings; numbers become strings (DRF CharField), anything else fails. */
function validateLabels(value: unknown, errors: ErrorDetails): Record<string, string> {
	if (value === undefined) return {};
	const labels = validateDict('labels', value, errors);
	if (!labels) return {};
	const result: Record<string, string> = {};
	const messages: string[] = [];
	for (const [key, label] of Object.entries(labels)) {
		if (typeof label === 'string') result[key] = label;
		else if (typeof label === 'number') result[key] = String(label);
		else messages.push(`${key}: ${label === null ? NOT_NULL : NOT_STRING}`);
	}
	if (messages.length > 0) errors.labels = messages;
	return result;
}

/** `recipient`: invitations [{address}] (email when it contains '@', else sms), otp {address}, flags. */
function validateRecipient(value: unknown, errors: ErrorDetails): SessionRecipient {
	const recipient = defaultRecipient();
	if (value === undefined) return recipient;
	if (!isObject(value)) {
		errors.recipient = [value === null ? NOT_NULL : `Invalid data. Expected a dictionary, but got ${pythonType(value)}.`];
		return recipient;
	}
	const messages: string[] = [];
	const invitations = value.invitations;
	if (invitations !== undefined) {
		if (!Array.isArray(invitations)) {
			messages.push(`invitations: Expected a list of items but got type "${pythonType(invitations)}".`);
		} else {
			invitations.forEach((invitation: unknown, index) => {
				const problem = isObject(invitation) ? stringProblem(invitation.address) : 'Expected a dictionary.';
				if (problem) messages.push(`invitations[${index}]${isObject(invitation) ? '.address' : ''}: ${problem}`);
				else recipient.invitations.push(destination((invitation as Json).address as string, 'sent'));
			});
		}
	}
	const otp = value.otp;
	if (otp !== undefined && otp !== null) {
		const problem = isObject(otp) ? stringProblem(otp.address) : 'Expected a dictionary.';
		if (problem) messages.push(`otp${isObject(otp) ? '.address' : ''}: ${problem}`);
		else recipient.otp_destination = destination((otp as Json).address as string, 'scheduled');
	}
	for (const flag of ['is_system_user', 'is_require_otp'] as const) {
		const flagValue = value[flag];
		if (flagValue === undefined) continue;
		if (typeof flagValue === 'boolean') recipient[flag] = flagValue;
		else messages.push(`${flag}: Must be a valid boolean.`);
	}
	if (value.message !== undefined && typeof value.message !== 'string') messages.push(`message: ${NOT_STRING}`);
	if (messages.length > 0) errors.recipient = messages;
	return recipient;
}

/** `integrations`: a list of {type: string, payload: {url: string}} (kept as posted). */
function validateIntegrations(value: unknown, errors: ErrorDetails): Integration[] {
	if (value === undefined) return [];
	if (value === null) {
		errors.integrations = [NOT_NULL];
		return [];
	}
	if (!Array.isArray(value)) {
		errors.integrations = [`Expected a list of items but got type "${pythonType(value)}".`];
		return [];
	}
	const messages: string[] = [];
	value.forEach((item: unknown, index) => {
		if (!isObject(item)) {
			messages.push(`[${index}]: Expected a dictionary.`);
			return;
		}
		const typeProblem = stringProblem(item.type);
		if (typeProblem) messages.push(`[${index}].type: ${typeProblem}`);
		if (!isObject(item.payload)) messages.push(`[${index}].payload: ${item.payload === undefined ? REQUIRED : 'Expected a dictionary.'}`);
		else {
			const urlProblem = stringProblem(item.payload.url);
			if (urlProblem) messages.push(`[${index}].payload.url: ${urlProblem}`);
		}
	});
	if (messages.length > 0) errors.integrations = messages;
	return value as Integration[];
}

/** Validates a parsed JSON body; exactly one of `request` / `errors` is set. */
export function validateCreateRequest(
	body: unknown,
	knownTemplates: ReadonlySet<string>,
): { request?: CreateRequest; errors?: ErrorDetails } {
	if (!isObject(body)) {
		return { errors: { non_field_errors: [`Invalid data. Expected a dictionary, but got ${pythonType(body)}.`] } };
	}
	const errors: ErrorDetails = {};
	const ttl = validateTtl(body.ttl, errors);
	const template = validateTemplate(body.template, knownTemplates, errors);
	const initial = body.initial === undefined ? undefined : validateDict('initial', body.initial, errors);
	const labels = validateLabels(body.labels, errors);
	const recipient = validateRecipient(body.recipient, errors);
	const integrations = validateIntegrations(body.integrations, errors);
	if (Object.keys(errors).length > 0 || !template) return { errors };
	const templateId = typeof template.id === 'string' ? template.id : undefined;
	return { request: { ttl, template, templateId, initial, labels, recipient, integrations, body } };
}
