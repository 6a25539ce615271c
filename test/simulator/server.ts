/**
 * The simulator's HTTP side: a Cellosign API v3 look-alike on 127.0.0.1 (Node `http` only).
 *
 * Choices (where the API doc is silent, we pick one and keep it stable):
 * * Base path `/api/v3`. Routes: `GET|POST /api/v3/{project}/sessions` and
 *   `GET|DELETE /api/v3/{project}/sessions/{reference}`, each with or without a trailing slash.
 *   Path segments are split first, then URL-decoded, so `%2F` inside a project name is part of
 *   the name. Anything else (or an undecodable segment): 404 `{"detail": "Not found."}`.
 * * Order of checks: request log -> delay -> faults -> route (404) -> auth (401) -> method (405)
 *   -> project (404) -> validation (400) -> handler. So faults apply before routing and auth.
 * * Request log: EVERY request is recorded as it arrives (method, raw path, raw query, lower-cased
 *   headers, body parsed as JSON when it parses, else the raw string, undefined when empty).
 * * Auth (DRF TokenAuthentication): `Authorization: Token <token>`, scheme `Token` case-sensitive.
 *   Missing header or another scheme (e.g. Bearer) -> 401 `{"detail": "Authentication credentials
 *   were not provided."}`; `Token` without a key -> 401 `{"detail": "Invalid token header. No
 *   credentials provided."}`; a key with spaces -> 401 `{"detail": "Invalid token header. Token
 *   string should not contain spaces."}`; a wrong key -> 401 `{"detail": "Invalid token."}`. Every
 *   401 carries `WWW-Authenticate: Token`. One token reaches all configured projects.
 * * Other methods on a known route: 405 `{"detail": "Method \"PUT\" not allowed."}` with `Allow`.
 * * Unknown project (valid token): 404 `{"detail": "Project not found."}`.
 * * List: filters and errors as in listQuery.ts (repeated parameter: last wins; empty value: absent;
 *   unknown parameters: ignored). Dates compare at whole-second precision, naive times read as UTC:
 *   `X` = same second, `__gt` = a later second, `__lt` = an earlier second; null dates never match.
 *   `is_submitted` = submitted_at is not null; `is_expired` = expired_at <= now (injected clock).
 *   `sent_to` is a comma list (items trimmed; any invitation address in the list matches; OTP
 *   addresses do not count); `author`, `assignee`, `process` (process_id) match exactly.
 *   Order: created_at ascending, then transaction_number. A page past the end answers 200 with
 *   `data: []` and the real `total` (DRF would answer 404). Links: absolute, built from the Host
 *   header (else 127.0.0.1:port) and the raw path; the raw query is kept as sent except that
 *   `page=N` replaces the first `page` parameter (others dropped) or is appended; `previous` is
 *   null on page 1 and otherwise page-1 (even past the end, and `page=1` is spelled out);
 *   `next` is page+1 while page*page_size < total, else null. List items have the documented list
 *   shape only (recipient {id, name}; no integrations or labels).
 * * Create: the body must be JSON (Content-Type is not checked); an empty body counts as `{}`;
 *   otherwise invalid JSON -> 400 `{"detail": "JSON parse error - <reason>"}`. Validation: see
 *   createRequest.ts. Sessions get author SIMULATOR_AUTHOR, created_at = now, expired_at =
 *   created_at + ttl hours, process_id null, description = the template id (predefined) or
 *   AD_HOC_DESCRIPTION, template {id} (an ad-hoc template gets a generated 32-hex id). Answer 200
 *   `{meta: {type: 'object'}, data: [session]}` with the full shape. `initial`, the posted template
 *   and the whole body are kept on the store record (see `getSessionRecord`). No postback fires.
 * * Get: `{meta: {type: 'object'}, data: [session]}`; unknown reference (UUID or not; exact,
 *   case-sensitive match) -> 404 `{"detail": "Not found."}`. Delete: 200 `{}`, the session is gone.
 * * Faults: `failNext` answers the next N requests (any route, queued in call order) with the given
 *   status and body (default `{"detail": "Simulated failure (status N)."}`); `failPage` answers
 *   every `GET` list request whose effective `page` (default 1) matches, until `clearFaults`;
 *   `setDelay` holds every answer (before it is computed) for ms milliseconds.
 * * All answers are JSON (`application/json`); a simulator bug answers 500 `{"detail": ...}`.
 */
import * as http from 'http';
import type { AddressInfo, Socket } from 'net';
import type { SessionStore, SessionRecord } from './store';
import type { FactoryContext } from './fixtures';
import type { RecordedRequest, Session, SessionListItem } from './types';
import { addSession, SIMULATOR_AUTHOR } from './fixtures';
import { AD_HOC_DESCRIPTION, validateCreateRequest } from './createRequest';
import { pageOf, parseListQuery, withPage } from './listQuery';
import { formatTimestamp, MICROS_PER_HOUR } from './time';

export const BASE_PATH = '/api/v3';

type Route = { kind: 'list' | 'item'; project: string; reference?: string };

/** What the HTTP side needs from the simulator. */
export interface ServerDeps {
	token: string;
	store: SessionStore;
	factory: FactoryContext;
	knownTemplates: ReadonlySet<string>;
	requests: RecordedRequest[];
	faults: Faults;
	log?: (line: string) => void;
}

interface Answer {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}

/** Injected failures and latency. */
export class Faults {
	private queue: Array<{ status: number; remaining: number; body?: unknown }> = [];
	private pages = new Map<number, { status: number; body?: unknown }>();
	delayMs = 0;

	failNext(status: number, count: number, body?: unknown): void {
		if (count > 0) this.queue.push({ status, remaining: count, body });
	}

	failPage(page: number, status: number, body?: unknown): void {
		this.pages.set(page, { status, body });
	}

	clear(): void {
		this.queue = [];
		this.pages.clear();
		this.delayMs = 0;
	}

	/** The fault for this request, if any (consumes one `failNext`). */
	take(method: string, route: Route | undefined, rawQuery: string): Answer | undefined {
		const next = this.queue[0];
		if (next) {
			if (--next.remaining === 0) this.queue.shift();
			return failure(next.status, next.body);
		}
		if (method === 'GET' && route?.kind === 'list' && this.pages.size > 0) {
			const page = pageOf(rawQuery);
			const fault = page === undefined ? undefined : this.pages.get(page);
			if (fault) return failure(fault.status, fault.body);
		}
		return undefined;
	}
}

function failure(status: number, body: unknown): Answer {
	return { status, body: body === undefined ? { detail: `Simulated failure (status ${status}).` } : body };
}

const NOT_FOUND: Answer = { status: 404, body: { detail: 'Not found.' } };

function unauthorized(detail: string): Answer {
	return { status: 401, body: { detail }, headers: { 'www-authenticate': 'Token' } };
}

/** Splits `/api/v3/{project}/sessions[/{reference}][/]` into its decoded parts. */
export function matchRoute(path: string): Route | undefined {
	if (!path.startsWith(`${BASE_PATH}/`)) return undefined;
	const segments = path.slice(BASE_PATH.length + 1).split('/');
	if (segments.length > 2 && segments[segments.length - 1] === '') segments.pop();
	if (segments[1] !== 'sessions' || segments.length > 3 || segments.some((segment) => segment === '')) return undefined;
	try {
		const project = decodeURIComponent(segments[0]);
		if (segments.length === 2) return { kind: 'list', project };
		return { kind: 'item', project, reference: decodeURIComponent(segments[2]) };
	} catch {
		return undefined; // malformed %-escape: no such route
	}
}

/** DRF TokenAuthentication; undefined when the request may pass. */
function authenticate(header: string | undefined, token: string): Answer | undefined {
	const parts = (header ?? '').split(/\s+/).filter((part) => part !== '');
	if (parts[0] !== 'Token') return unauthorized('Authentication credentials were not provided.');
	if (parts.length === 1) return unauthorized('Invalid token header. No credentials provided.');
	if (parts.length > 2) return unauthorized('Invalid token header. Token string should not contain spaces.');
	return parts[1] === token ? undefined : unauthorized('Invalid token.');
}

/** The documented list item shape. */
export function listView(session: Session): SessionListItem {
	return {
		id: session.id,
		author: session.author,
		recipient: { id: session.recipient.id, name: session.recipient.name },
		description: session.description,
		created_at: session.created_at,
		expired_at: session.expired_at,
		deleted_at: session.deleted_at,
		submitted_at: session.submitted_at,
		form_loaded_at: session.form_loaded_at,
		process_id: session.process_id,
		reference: session.reference,
		transaction_number: session.transaction_number,
		template: { id: session.template.id },
	};
}

/** The full create/get shape (list shape + recipient details, integrations, labels). */
export function detailView(session: Session): Session {
	const { recipient } = session;
	return {
		...listView(session),
		recipient: {
			id: recipient.id,
			name: recipient.name,
			is_system_user: recipient.is_system_user,
			is_require_otp: recipient.is_require_otp,
			otp_destination: recipient.otp_destination,
			invitations: recipient.invitations,
		},
		integrations: session.integrations,
		labels: session.labels,
	};
}

function parseJson(text: string): unknown {
	if (text === '') return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return text; // not JSON: the log keeps the raw text
	}
}

function headersOf(req: http.IncomingMessage): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(req.headers)) {
		if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
	}
	return headers;
}

async function readBody(req: http.IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

/** The HTTP server; `close()` also drops keep-alive sockets and pending delays. */
export class ApiServer {
	private readonly server: http.Server;
	private readonly sockets = new Set<Socket>();
	private readonly timers = new Set<NodeJS.Timeout>();
	private port = 0;

	constructor(private readonly deps: ServerDeps) {
		this.server = http.createServer((req, res) => {
			this.handle(req, res).catch((error: Error) => {
				if (!res.headersSent) this.send(req, res, { status: 500, body: { detail: `Simulator error: ${error.message}` } });
			});
		});
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.once('close', () => this.sockets.delete(socket));
		});
	}

	/** Listens on 127.0.0.1; resolves with the port. */
	async listen(port: number): Promise<number> {
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, '127.0.0.1', () => {
				this.server.off('error', reject);
				resolve();
			});
		});
		this.port = (this.server.address() as AddressInfo).port;
		return this.port;
	}

	async close(): Promise<void> {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
		for (const socket of this.sockets) socket.destroy();
		this.server.closeAllConnections();
		await closed;
	}

	private delay(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				resolve();
			}, ms);
			this.timers.add(timer);
		});
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const rawBody = await readBody(req);
		const url = req.url ?? '/';
		const queryAt = url.indexOf('?');
		const path = queryAt === -1 ? url : url.slice(0, queryAt);
		const query = queryAt === -1 ? '' : url.slice(queryAt + 1);
		const method = req.method ?? 'GET';
		const headers = headersOf(req);
		this.deps.requests.push({ method, path, query, headers, body: parseJson(rawBody), rawBody });

		if (this.deps.faults.delayMs > 0) await this.delay(this.deps.faults.delayMs);
		const route = matchRoute(path);
		const answer = this.deps.faults.take(method, route, query) ?? this.answer(method, route, path, query, headers, rawBody);
		this.send(req, res, answer);
	}

	private answer(
		method: string,
		route: Route | undefined,
		path: string,
		query: string,
		headers: Record<string, string>,
		rawBody: string,
	): Answer {
		if (!route) return NOT_FOUND;
		const denied = authenticate(headers.authorization, this.deps.token);
		if (denied) return denied;
		const allowed = route.kind === 'list' ? ['GET', 'POST'] : ['GET', 'DELETE'];
		if (!allowed.includes(method)) {
			return { status: 405, body: { detail: `Method "${method}" not allowed.` }, headers: { allow: allowed.join(', ') } };
		}
		if (!this.deps.store.hasProject(route.project)) return { status: 404, body: { detail: 'Project not found.' } };

		if (route.kind === 'list') {
			if (method === 'GET') return this.list(route.project, path, query, headers.host);
			return this.create(route.project, rawBody);
		}
		const record = this.deps.store.get(route.project, route.reference as string);
		if (!record) return NOT_FOUND;
		if (method === 'DELETE') {
			this.deps.store.delete(route.project, record.session.reference);
			return { status: 200, body: {} };
		}
		return { status: 200, body: { meta: { type: 'object' }, data: [detailView(record.session)] } };
	}

	private list(project: string, path: string, query: string, host: string | undefined): Answer {
		const parsed = parseListQuery(query);
		if (!parsed.query) return { status: 400, body: parsed.errors };
		const { filter, page, pageSize } = parsed.query;
		const { total, items } = this.deps.store.list(project, filter, page, pageSize, this.deps.factory.nowMicros());
		const origin = `http://${host ?? `127.0.0.1:${this.port}`}`;
		const link = (n: number) => `${origin}${path}?${withPage(query, n)}`;
		return {
			status: 200,
			body: {
				meta: {
					many: true,
					paginated: true,
					total,
					links: {
						previous: page > 1 ? link(page - 1) : null,
						next: page * pageSize < total ? link(page + 1) : null,
					},
				},
				data: items.map((record) => listView(record.session)),
			},
		};
	}

	private create(project: string, rawBody: string): Answer {
		let body: unknown = {};
		if (rawBody.trim() !== '') {
			try {
				body = JSON.parse(rawBody);
			} catch (error) {
				return { status: 400, body: { detail: `JSON parse error - ${(error as Error).message}` } };
			}
		}
		const { request, errors } = validateCreateRequest(body, this.deps.knownTemplates);
		if (!request) return { status: 400, body: errors };
		const factory = this.deps.factory;
		const created = factory.nowMicros();
		const record: SessionRecord = addSession(
			{
				author: SIMULATOR_AUTHOR,
				recipient: request.recipient,
				description: request.templateId ?? AD_HOC_DESCRIPTION,
				created_at: formatTimestamp(created),
				expired_at: formatTimestamp(created + request.ttl * MICROS_PER_HOUR),
				template: { id: request.templateId ?? factory.ids.hex(32) },
				integrations: request.integrations,
				labels: request.labels,
			},
			project,
			factory,
			{ initial: request.initial, template: request.template, createBody: request.body },
		);
		return { status: 200, body: { meta: { type: 'object' }, data: [detailView(record.session)] } };
	}

	private send(req: http.IncomingMessage, res: http.ServerResponse, answer: Answer): void {
		this.deps.log?.(`${req.method} ${req.url} -> ${answer.status}`);
		if (res.destroyed) return; // the client went away (e.g. it timed out during a delay)
		const text = JSON.stringify(answer.body);
		res.writeHead(answer.status, {
			'content-type': 'application/json',
			'content-length': Buffer.byteLength(text),
			...answer.headers,
		});
		res.end(text);
	}
}
