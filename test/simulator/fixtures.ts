/**
 * Session factory (defaults for `addSession`) and the deterministic seed pattern.
 *
 * Seeded session `i` (0-based within one `seedSessions` call), so filters are testable:
 *   created_at     2025-01-01T00:00:00 + i minutes + (i % 1000) ms   (e.g. i=5: 2025-01-01T00:05:00.005000)
 *   author         SEED_AUTHORS[i % 3]   (alice@ / bob@ / carol@example.com)
 *   invitations    email `client{i % 10}@example.com`; when i % 4 == 0 also SMS `0500000{i % 1000, 3 digits}`
 *   assignee       the last invitation (the SMS one when there are two)
 *   is_require_otp i % 4 == 0, otp_destination = that SMS number (status 'scheduled')
 *   description    'Direct Debit' (even i) / 'Loan Application' (odd i)
 *   submitted      odd i: form_loaded_at = created + 5 min, submitted_at = created + 30 min
 *   form loaded    also when i % 4 == 2 (loaded, not submitted)
 *   expired        i % 5 == 4: expired_at = created + 1 hour (in the past for any clock after 2025-03);
 *                  otherwise expired_at = the same wall time 100 years later, so they stay unexpired
 *                  whatever the clock (seeds are not created through the API's 960 h limit)
 *   process_id     null when i % 4 == 0, else SEED_PROCESS_IDS[i % 3]
 *   template       { id: first known template }, labels { CUSTOMER_TAG: 'seed-{i}' }, integrations []
 * `make(i)` is merged over that shallowly (a `recipient` given there replaces the seeded one).
 */
import type { IdGenerator } from './ids';
import type { SessionStore, SessionRecord } from './store';
import type { Invitation, Session, SessionInput, SessionRecipient } from './types';
import { addYears, formatTimestamp, MICROS_PER_HOUR, MICROS_PER_MINUTE, normalizeTimestamp, parseTimestamp } from './time';

/** `author` of sessions created through the API (the token's service user). */
export const SIMULATOR_AUTHOR = 'service-user@example.com';
/** Hours to live when `ttl` is absent or null. */
export const DEFAULT_TTL_HOURS = 72;
export const DEFAULT_DESCRIPTION = 'Direct Debit';
export const SEED_START = '2025-01-01T00:00:00.000000';
export const SEED_AUTHORS = ['alice@example.com', 'bob@example.com', 'carol@example.com'] as const;
export const SEED_PROCESS_IDS = [
	'0a3c5e7f-1b2d-4e6f-8a9b-0c1d2e3f4a5b',
	'1b4d6f80-2c3e-4f70-9bac-1d2e3f4a5b6c',
	'2c5e7091-3d4f-4081-aacd-2e3f4a5b6c7d',
] as const;

/** What building a session needs from the simulator. */
export interface FactoryContext {
	store: SessionStore;
	ids: IdGenerator;
	/** Template id used when none is given. */
	defaultTemplateId: string;
	nowMicros: () => number;
}

/** An invitation / OTP destination: type 'email' when the address contains '@', else 'sms'. */
export function destination(address: string, status: string): Invitation {
	return { address, type: address.includes('@') ? 'email' : 'sms', provider: null, status };
}

export function defaultRecipient(): SessionRecipient {
	return { id: 1, name: 'client', is_system_user: false, is_require_otp: false, otp_destination: null, invitations: [] };
}

function optionalTimestamp(value: string | null | undefined, field: string): string | null {
	return value === null || value === undefined ? null : normalizeTimestamp(value, field);
}

/**
 * A complete session from a partial one. Defaults: created_at = now, expired_at = created_at + 72 h,
 * other dates null, author SIMULATOR_AUTHOR, recipient {id 1, 'client', no invitations}, fresh
 * id/reference/transaction number, the default template, no labels or integrations.
 * Timestamps are validated and normalized to six fraction digits.
 */
export function buildSession(input: SessionInput, ctx: FactoryContext): { session: Session; assignee: string | null } {
	const created_at = input.created_at
		? normalizeTimestamp(input.created_at, 'created_at')
		: formatTimestamp(ctx.nowMicros());
	const expired_at =
		input.expired_at !== undefined
			? optionalTimestamp(input.expired_at, 'expired_at')
			: formatTimestamp((parseTimestamp(created_at) as number) + DEFAULT_TTL_HOURS * MICROS_PER_HOUR);
	const recipient: SessionRecipient = { ...defaultRecipient(), ...input.recipient };
	const session: Session = {
		id: input.id ?? ctx.ids.sessionId(),
		author: input.author ?? SIMULATOR_AUTHOR,
		recipient,
		description: input.description ?? DEFAULT_DESCRIPTION,
		created_at,
		expired_at,
		deleted_at: optionalTimestamp(input.deleted_at, 'deleted_at'),
		submitted_at: optionalTimestamp(input.submitted_at, 'submitted_at'),
		form_loaded_at: optionalTimestamp(input.form_loaded_at, 'form_loaded_at'),
		process_id: input.process_id ?? null,
		reference: input.reference ?? ctx.ids.uuid(),
		transaction_number: input.transaction_number ?? ctx.store.takeTransactionNumber(),
		template: input.template ?? { id: ctx.defaultTemplateId },
		integrations: input.integrations ?? [],
		labels: input.labels ?? {},
	};
	const assignee = input.assignee !== undefined ? input.assignee : (recipient.invitations[0]?.address ?? null);
	return { session, assignee };
}

/** Builds and stores a session; returns the stored record. */
export function addSession(
	input: SessionInput,
	project: string,
	ctx: FactoryContext,
	extra: Pick<SessionRecord, 'initial' | 'template' | 'createBody'> = {},
): SessionRecord {
	if (!ctx.store.hasProject(project)) throw new Error(`unknown project ${JSON.stringify(project)}`);
	const { session, assignee } = buildSession(input, ctx);
	return ctx.store.add({ session, project, assignee, processNumber: ctx.store.takeProcessNumber(), ...extra });
}

const SEED_START_MICROS = parseTimestamp(SEED_START) as number;

/** The seeded shape of session `i` (see the file comment). */
export function seedInput(i: number, templateId: string): SessionInput {
	const created = SEED_START_MICROS + i * MICROS_PER_MINUTE + (i % 1000) * 1000;
	const email = `client${i % 10}@example.com`;
	const phone = `0500000${String(i % 1000).padStart(3, '0')}`;
	const withSms = i % 4 === 0;
	const invitations = withSms ? [destination(email, 'sent'), destination(phone, 'sent')] : [destination(email, 'sent')];
	const submitted = i % 2 === 1;
	const loaded = submitted || i % 4 === 2;
	const expired = i % 5 === 4;
	return {
		author: SEED_AUTHORS[i % 3],
		recipient: {
			...defaultRecipient(),
			is_require_otp: withSms,
			otp_destination: withSms ? destination(phone, 'scheduled') : null,
			invitations,
		},
		assignee: invitations[invitations.length - 1].address,
		description: i % 2 === 0 ? 'Direct Debit' : 'Loan Application',
		created_at: formatTimestamp(created),
		expired_at: formatTimestamp(expired ? created + MICROS_PER_HOUR : addYears(created, 100)),
		submitted_at: submitted ? formatTimestamp(created + 30 * MICROS_PER_MINUTE) : null,
		form_loaded_at: loaded ? formatTimestamp(created + 5 * MICROS_PER_MINUTE) : null,
		process_id: i % 4 === 0 ? null : SEED_PROCESS_IDS[i % 3],
		template: { id: templateId },
		integrations: [],
		labels: { CUSTOMER_TAG: `seed-${i}` },
	};
}
