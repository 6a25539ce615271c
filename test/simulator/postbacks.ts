/**
 * Postbacks: what Cellosign POSTs to a webhook endpoint, and the "Secret" token handshake.
 *
 * Body (key order as documented): `{ event: {type, timestamp}, session: {id, reference, process_id,
 * process_number, transaction_number, recipient: {id, name}, labels}, client: {ip, user_agent} }`.
 * * `client` only for the events a browser causes (CLIENT_EVENT_TYPES).
 * * WHEF_FORM_FIELD_CHANGED also carries `change {id,type,value}` and `fields [{id,type,value}]`
 *   (DEFAULT_FIELD_CHANGE / DEFAULT_FIELDS unless `extra` gives them).
 * * WHP_ARCHIVE (our reading of "may hold several sessions"): `session` is an ARRAY of session
 *   summaries: every session of the project with the same non-null process_id, in list order, or
 *   just the one session when it has no process_id. Form data, attachments and the signed PDF are
 *   not documented; add them through `extra` if a test needs them.
 * * `session.process_id` is the session's process_id, or its reference when it has none (the
 *   documented example shows both equal). `process_number` is a store counter (1, 2, ...).
 * * `extra` is merged last, shallowly, so it may add or replace top-level keys.
 *
 * Secrets: before posting, Cellosign POSTs JSON `{username, password, grant_type: 'password', scope}`
 * (flavour 'microsoftGraph': `{client_id, client_secret, grant_type: 'client_credentials', scope}`)
 * to the token URL, reads `access_token` and `expires_in` (seconds, number or numeric string) and
 * sends `Authorization: Bearer <access_token>`. The token is cached per secret (token URL, flavour,
 * user, password and scope) until `expires_in` has passed on the injected clock; a reply without a
 * usable `expires_in` is not cached. If the token request fails (network error, non-2xx status, no
 * string `access_token`), nothing is posted: the result has status 0 and `tokenResponse` says why
 * (status 0 and the error message for a network error). A network error on the postback itself
 * rejects. Every request is bounded by POSTBACK_TIMEOUT_MS.
 */
import type { SessionRecord } from './store';
import type { EventType, PostbackResult, PostbackSecret } from './types';

export const POSTBACK_TIMEOUT_MS = 10_000;
/** `User-Agent` of the simulator's own requests (postbacks and token requests). */
export const POSTBACK_USER_AGENT = 'Cellosign-Simulator/1.0';
/** The browser a `client` block describes. */
export const SIMULATED_CLIENT = {
	ip: '127.0.0.1',
	user_agent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
} as const;
/** Events caused by the recipient's browser: their body has `client`. */
export const CLIENT_EVENT_TYPES: ReadonlySet<EventType> = new Set<EventType>([
	'WHEF_CLIENT_LOGGED_IN',
	'WHEF_CLIENT_FORM_LOADED',
	'WHEF_FORM_FIELD_CHANGED',
	'WHEF_CLIENT_FORM_SUBMITTED',
]);
export const DEFAULT_FIELD_CHANGE = { id: 'first_name', type: 'text', value: 'Dana' } as const;
export const DEFAULT_FIELDS = [
	{ id: 'first_name', type: 'text', value: 'Dana' },
	{ id: 'last_name', type: 'text', value: 'Levi' },
] as const;

/** The `session` block of a postback. */
export function sessionSummary(record: SessionRecord): Record<string, unknown> {
	const { session } = record;
	return {
		id: session.id,
		reference: session.reference,
		process_id: session.process_id ?? session.reference,
		process_number: record.processNumber,
		transaction_number: session.transaction_number,
		recipient: { id: session.recipient.id, name: session.recipient.name },
		labels: session.labels,
	};
}

/**
 * The JSON body of a postback. `records` is the described session; for WHP_ARCHIVE, all the
 * sessions of its process (the first one is the described session when it has no process).
 */
export function buildPostbackBody(
	eventType: EventType,
	records: SessionRecord[],
	timestamp: string,
	extra: Record<string, unknown> = {},
): Record<string, unknown> {
	const body: Record<string, unknown> = {
		event: { type: eventType, timestamp },
		session: eventType === 'WHP_ARCHIVE' ? records.map(sessionSummary) : sessionSummary(records[0]),
	};
	if (CLIENT_EVENT_TYPES.has(eventType)) body.client = { ...SIMULATED_CLIENT };
	if (eventType === 'WHEF_FORM_FIELD_CHANGED') {
		body.change = { ...DEFAULT_FIELD_CHANGE };
		body.fields = DEFAULT_FIELDS.map((field) => ({ ...field }));
	}
	return { ...body, ...extra };
}

function parseBody(text: string): unknown {
	if (text === '') return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return text; // not JSON: hand back the raw text
	}
}

function headersOf(response: Response): Record<string, string> {
	const headers: Record<string, string> = {};
	response.headers.forEach((value, name) => {
		headers[name] = value;
	});
	return headers;
}

/** The token request body of a secret. */
export function tokenRequestBody(secret: PostbackSecret): Record<string, string> {
	const scope = secret.scope ?? '';
	return secret.flavour === 'microsoftGraph'
		? { client_id: secret.username, client_secret: secret.password, grant_type: 'client_credentials', scope }
		: { username: secret.username, password: secret.password, grant_type: 'password', scope };
}

/** Sends postbacks; keeps the secrets' bearer tokens like Cellosign does. */
export class PostbackSender {
	private readonly tokens = new Map<string, { accessToken: string; expiresAtMs: number }>();

	constructor(private readonly nowMs: () => number) {}

	clearTokenCache(): void {
		this.tokens.clear();
	}

	async send(options: {
		url: string;
		rawBody: string;
		contentType: string;
		headers?: Record<string, string>;
		secret?: PostbackSecret;
	}): Promise<PostbackResult> {
		const headers: Record<string, string> = {
			'content-type': options.contentType,
			'user-agent': POSTBACK_USER_AGENT,
		};
		let tokenResponse: PostbackResult['tokenResponse'];
		if (options.secret) {
			const token = await this.bearerToken(options.secret);
			tokenResponse = token.response;
			if (token.accessToken === undefined) return { status: 0, body: undefined, rawBody: '', headers: {}, tokenResponse };
			headers.authorization = `Bearer ${token.accessToken}`;
		}
		for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
		const response = await fetch(options.url, {
			method: 'POST',
			headers,
			body: options.rawBody,
			signal: AbortSignal.timeout(POSTBACK_TIMEOUT_MS),
		});
		const rawBody = await response.text();
		const result: PostbackResult = { status: response.status, body: parseBody(rawBody), rawBody, headers: headersOf(response) };
		if (tokenResponse) result.tokenResponse = tokenResponse;
		return result;
	}

	/** A cached token, or a fresh one (then `response` is the token endpoint's answer). */
	private async bearerToken(
		secret: PostbackSecret,
	): Promise<{ accessToken?: string; response?: { status: number; body: unknown } }> {
		const key = JSON.stringify([secret.tokenUrl, secret.flavour ?? 'password', secret.username, secret.password, secret.scope ?? '']);
		const cached = this.tokens.get(key);
		if (cached && this.nowMs() < cached.expiresAtMs) return { accessToken: cached.accessToken };
		this.tokens.delete(key);

		let status: number;
		let body: unknown;
		try {
			const response = await fetch(secret.tokenUrl, {
				method: 'POST',
				headers: { 'content-type': 'application/json', accept: 'application/json', 'user-agent': POSTBACK_USER_AGENT },
				body: JSON.stringify(tokenRequestBody(secret)),
				signal: AbortSignal.timeout(POSTBACK_TIMEOUT_MS),
			});
			status = response.status;
			body = parseBody(await response.text());
		} catch (error) {
			return { response: { status: 0, body: (error as Error).message } };
		}
		const response = { status, body };
		const reply = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
		const accessToken = reply.access_token;
		if (status < 200 || status > 299 || typeof accessToken !== 'string' || accessToken === '') return { response };
		const rawExpiresIn = reply.expires_in;
		const expiresIn =
			typeof rawExpiresIn === 'number' || (typeof rawExpiresIn === 'string' && rawExpiresIn.trim() !== '')
				? Number(rawExpiresIn)
				: NaN;
		if (Number.isFinite(expiresIn) && expiresIn > 0) {
			this.tokens.set(key, { accessToken, expiresAtMs: this.nowMs() + expiresIn * 1000 });
		}
		return { accessToken, response };
	}
}
