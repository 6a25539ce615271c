/**
 * `CellosignSimulator`: a local Cellosign API v3 (see server.ts for the HTTP behaviour) plus the
 * controls tests need: seeding, direct store access, request log, faults and postbacks.
 */
import type { SessionRecord } from './store';
import type {
	FirePostbackOptions,
	PostbackResult,
	RecordedRequest,
	Session,
	SessionInput,
	SimulatorOptions,
} from './types';
import { SessionStore } from './store';
import { IdGenerator } from './ids';
import { addSession, FactoryContext, seedInput } from './fixtures';
import { ApiServer, BASE_PATH, Faults } from './server';
import { buildPostbackBody, PostbackSender } from './postbacks';
import { dateToMicros, formatTimestamp } from './time';

export const DEFAULT_TOKEN = 'sim-token-0123456789';
export const DEFAULT_PROJECTS = ['demo-project'];
export const DEFAULT_TEMPLATES = ['tpl-direct-debit'];

export class CellosignSimulator {
	/** `http://127.0.0.1:<port>/api/v3`, no trailing slash. */
	readonly baseUrl: string;
	readonly port: number;
	readonly token: string;
	/** The first project. */
	readonly project: string;
	readonly projects: readonly string[];
	readonly templates: readonly string[];
	/** Every request received, oldest first (the array is cleared in place by `clearRequests`). */
	readonly requests: RecordedRequest[];
	/** The simulator's clock (the injected one, else real time). */
	readonly now: () => Date;

	private constructor(
		port: number,
		options: Required<Pick<SimulatorOptions, 'token' | 'projects' | 'templates' | 'now'>>,
		requests: RecordedRequest[],
		private readonly server: ApiServer,
		private readonly store: SessionStore,
		private readonly factory: FactoryContext,
		private readonly faults: Faults,
		private readonly postbacks: PostbackSender,
	) {
		this.port = port;
		this.baseUrl = `http://127.0.0.1:${port}${BASE_PATH}`;
		this.token = options.token;
		this.projects = options.projects;
		this.project = options.projects[0];
		this.templates = options.templates;
		this.requests = requests;
		this.now = options.now;
	}

	/** Starts a simulator on 127.0.0.1 (port 0 = a free one). */
	static async start(options: SimulatorOptions = {}): Promise<CellosignSimulator> {
		const token = options.token ?? DEFAULT_TOKEN;
		const projects = options.projects ?? DEFAULT_PROJECTS;
		const templates = options.templates ?? DEFAULT_TEMPLATES;
		const now = options.now ?? (() => new Date());
		if (token === '') throw new Error('token must not be empty');
		if (projects.length === 0) throw new Error('at least one project is needed');

		const store = new SessionStore(projects);
		const factory: FactoryContext = {
			store,
			ids: new IdGenerator(),
			defaultTemplateId: templates[0] ?? DEFAULT_TEMPLATES[0],
			nowMicros: () => dateToMicros(now()),
		};
		const faults = new Faults();
		const requests: RecordedRequest[] = [];
		const server = new ApiServer({ token, store, factory, knownTemplates: new Set(templates), requests, faults, log: options.log });
		const port = await server.listen(options.port ?? 0);
		const postbacks = new PostbackSender(() => now().getTime());
		return new CellosignSimulator(port, { token, projects, templates, now }, requests, server, store, factory, faults, postbacks);
	}

	clearRequests(): void {
		this.requests.length = 0;
	}

	/**
	 * Adds `n` deterministic sessions (pattern in fixtures.ts: created_at 1 min apart from
	 * 2025-01-01T00:00:00, varied authors, recipients, submitted/expired states); `make(i)` overrides.
	 */
	seedSessions(n: number, opts: { project?: string; make?: (i: number) => SessionInput } = {}): Session[] {
		const project = opts.project ?? this.project;
		const sessions: Session[] = [];
		for (let i = 0; i < n; i++) {
			const input = { ...seedInput(i, this.factory.defaultTemplateId), ...opts.make?.(i) };
			sessions.push(addSession(input, project, this.factory).session);
		}
		return sessions;
	}

	/** Stores a session built from `partial` (defaults in fixtures.ts `buildSession`). */
	addSession(partial: SessionInput = {}, project: string = this.project): Session {
		return addSession(partial, project, this.factory).session;
	}

	/** The stored session object itself (changes to it are seen by the server; keep `reference`). */
	getSession(reference: string, project: string = this.project): Session | undefined {
		return this.store.get(project, reference)?.session;
	}

	/** The store's record of a session: assignee, process number, and the create request's `initial`/`template`/body. */
	getSessionRecord(reference: string, project: string = this.project): SessionRecord | undefined {
		return this.store.get(project, reference);
	}

	/** All sessions of a project in list order. */
	listSessions(project: string = this.project): Session[] {
		return this.store.all(project).map((record) => record.session);
	}

	sessionCount(project: string = this.project): number {
		return this.store.count(project);
	}

	/** Answers the next `count` requests (any route, before auth) with `status` and `body`. */
	failNext(status: number, count = 1, body?: unknown): void {
		this.faults.failNext(status, count, body);
	}

	/** Holds every answer for `ms` milliseconds (0 = off). */
	setDelay(ms: number): void {
		this.faults.delayMs = ms;
	}

	/** Every list request for `page` fails with `status` (until `clearFaults`). */
	failPage(page: number, status: number, body?: unknown): void {
		this.faults.failPage(page, status, body);
	}

	/** Removes failNext, failPage and the delay. */
	clearFaults(): void {
		this.faults.clear();
	}

	/** Forgets the bearer tokens obtained for postback secrets. */
	clearTokenCache(): void {
		this.postbacks.clearTokenCache();
	}

	/** POSTs a postback as Cellosign would (body and Secrets handshake: see postbacks.ts). */
	async firePostback(opts: FirePostbackOptions): Promise<PostbackResult> {
		const project = opts.project ?? this.project;
		let record: SessionRecord | undefined;
		if (opts.reference === undefined) {
			record = addSession({}, project, this.factory);
		} else {
			record = this.store.get(project, opts.reference);
			if (!record) throw new Error(`no session ${opts.reference} in project ${project}`);
		}
		const processId = record.session.process_id;
		const records =
			opts.eventType === 'WHP_ARCHIVE' && processId !== null
				? this.store.all(project).filter((other) => other.session.process_id === processId)
				: [record];
		const body = buildPostbackBody(opts.eventType, records, formatTimestamp(this.factory.nowMicros()), opts.extra);
		return this.postbacks.send({
			url: opts.url,
			rawBody: opts.rawBody ?? JSON.stringify(body),
			contentType: opts.contentType ?? 'application/json',
			headers: opts.headers,
			secret: opts.secret,
		});
	}

	/** Closes the server and every connection (keep-alive ones too). */
	async stop(): Promise<void> {
		await this.server.close();
	}
}
