import type { IDataObject, IHttpRequestOptions, IWebhookFunctions } from 'n8n-workflow';

import { projectUrl, sessionsPath } from '../Cellosign/shared/apiLayout';
import { toCellosignError } from '../Cellosign/shared/errors';
import { readSessionPage } from '../Cellosign/shared/responses';

export type ParsedPostback = { ok: true; body: IDataObject; eventType: string } | { ok: false; problem: string };

/** Request headers never copied into an item: credentials and cookies. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

/** How long the optional session fetch may take; a field-change postback waits for the reply. */
const SESSION_FETCH_TIMEOUT_MS = 10_000;

/** Most sessions fetched for one postback (a WHP_ARCHIVE `session` block may list several). */
const MAX_SESSIONS_FETCHED = 20;

/** No body at all: nothing sent, or an empty object n8n made up for a body it did not parse. */
function isNothing(value: unknown): boolean {
	if (value === undefined || value === null || value === '') return true;
	return typeof value === 'object' && !Array.isArray(value) && Object.keys(value as object).length === 0;
}

function describe(value: unknown): string {
	if (Array.isArray(value)) return 'an array';
	if (value === null) return 'null';
	return `a ${typeof value}`;
}

/**
 * Reads a postback body. n8n hands over `application/json` as an object and `text/plain` as a
 * string; a string, or a raw body n8n did not parse, must be a JSON object with `event.type`.
 */
export function parsePostback(body: unknown, rawBody?: Buffer): ParsedPostback {
	let value = isNothing(body) && rawBody !== undefined && rawBody.length > 0 ? rawBody.toString('utf8') : body;
	if (isNothing(value)) {
		return { ok: false, problem: 'The body is empty: a Cellosign postback is a JSON object' };
	}
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch {
			return { ok: false, problem: 'The body is not JSON: a Cellosign postback is a JSON object' };
		}
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return { ok: false, problem: `The body is ${describe(value)}, not a JSON object` };
	}
	const event = (value as IDataObject).event;
	const eventType =
		typeof event === 'object' && event !== null && !Array.isArray(event) ? (event as IDataObject).type : undefined;
	if (typeof eventType !== 'string' || eventType.trim() === '') {
		return { ok: false, problem: 'The body has no event.type: it is not a Cellosign postback' };
	}
	return { ok: true, body: value as IDataObject, eventType: eventType.trim() };
}

/** The request headers without Authorization, Proxy-Authorization and cookies. */
export function safeHeaders(headers: ReturnType<IWebhookFunctions['getHeaderData']>): IDataObject {
	const kept: IDataObject = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value !== undefined && !SECRET_HEADERS.has(name.toLowerCase())) kept[name] = value;
	}
	return kept;
}

/** The session references a postback names: one for most events, several for WHP_ARCHIVE. */
export function sessionReferences(session: unknown): string[] {
	const sessions = Array.isArray(session) ? session : [session];
	return sessions
		.map((entry) =>
			typeof entry === 'object' && entry !== null ? (entry as IDataObject).reference : undefined,
		)
		.filter((reference): reference is string => typeof reference === 'string' && reference !== '');
}

/**
 * Fetches the full session(s) the postback names through the Cellosign API credential:
 * `{ fullSession }` (an object, or an array when the postback lists several sessions). Any failure
 * becomes `{ sessionError: { message, description } }` instead of an exception, so the postback
 * itself is never lost.
 */
export async function fetchFullSession(this: IWebhookFunctions, session: unknown): Promise<IDataObject> {
	const references = sessionReferences(session);
	if (references.length === 0) {
		return { sessionError: { message: 'The postback names no session reference to fetch' } };
	}
	if (references.length > MAX_SESSIONS_FETCHED) {
		return {
			sessionError: {
				message: `The postback names ${references.length} sessions; at most ${MAX_SESSIONS_FETCHED} are fetched`,
			},
		};
	}
	let projectName = '';
	let reference = references[0];
	const bodies: unknown[] = [];
	try {
		const credentials = await this.getCredentials<{ projectName: string; baseUrl: string }>('cellosignApi');
		projectName = credentials.projectName;
		for (reference of references) {
			const request: IHttpRequestOptions = {
				method: 'GET',
				baseURL: projectUrl(credentials.baseUrl, projectName),
				url: sessionsPath(reference),
				headers: { Accept: 'application/json' },
				json: true,
				timeout: SESSION_FETCH_TIMEOUT_MS,
			};
			bodies.push(await this.helpers.httpRequestWithAuthentication.call(this, 'cellosignApi', request));
		}
	} catch (error) {
		const failure = toCellosignError(this.getNode(), error, { operation: 'get', projectName, reference });
		return sessionError(this, failure.message, (failure as { description?: unknown }).description);
	}
	const sessions: IDataObject[] = [];
	for (const [index, body] of bodies.entries()) {
		try {
			const [fullSession] = readSessionPage(this.getNode(), body).sessions;
			if (fullSession === undefined) {
				return sessionError(this, `Cellosign returned no session for reference "${references[index]}"`);
			}
			sessions.push(fullSession);
		} catch (error) {
			return sessionError(this, (error as Error).message, (error as { description?: unknown }).description);
		}
	}
	return { fullSession: Array.isArray(session) ? sessions : sessions[0] };
}

function sessionError(context: IWebhookFunctions, message: string, description?: unknown): IDataObject {
	context.logger.debug('Cellosign Trigger could not fetch the full session', { message });
	return {
		sessionError: {
			message,
			...(typeof description === 'string' && description !== '' ? { description } : {}),
		},
	};
}
