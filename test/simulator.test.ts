/**
 * Contract of the Cellosign simulator (test/simulator/): what the node tests, the real-n8n e2e run,
 * the demo and the benchmarks rely on. Every expectation is an exact value.
 */
import { spawn } from 'child_process';
import * as http from 'http';
import * as net from 'net';
import type { AddressInfo } from 'net';
import * as path from 'path';

import {
	CellosignSimulator,
	EVENT_TYPES,
	EventType,
	SEED_AUTHORS,
	SEED_PROCESS_IDS,
	Session,
	SIMULATOR_AUTHOR,
} from './simulator';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SESSION_ID = /^[A-Za-z0-9]{10}$/;
const LIST_KEYS = [
	'id',
	'author',
	'recipient',
	'description',
	'created_at',
	'expired_at',
	'deleted_at',
	'submitted_at',
	'form_loaded_at',
	'process_id',
	'reference',
	'transaction_number',
	'template',
];
const DETAIL_KEYS = [...LIST_KEYS, 'integrations', 'labels'];
const P1 = '11111111-1111-4111-8111-111111111111';

// One fresh simulator per test, on a clock the test controls.
let clockMs = Date.parse('2025-03-01T12:00:00.000Z');
let sim: CellosignSimulator;

beforeEach(async () => {
	clockMs = Date.parse('2025-03-01T12:00:00.000Z');
	sim = await CellosignSimulator.start({
		projects: ['demo-project', 'Acme Corp/Dev'],
		templates: ['tpl-direct-debit', 'tpl-loan'],
		now: () => new Date(clockMs),
	});
});

afterEach(async () => {
	await sim.stop();
});

interface Reply {
	status: number;
	body: any;
	headers: Headers;
}

/** `fetch` relative to the base URL, with the right token unless `auth` says otherwise. */
async function api(
	relative: string,
	init: { method?: string; body?: string; auth?: string | null; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<Reply> {
	const headers: Record<string, string> = { ...init.headers };
	const auth = init.auth === undefined ? `Token ${sim.token}` : init.auth;
	if (auth !== null) headers.Authorization = auth;
	const response = await fetch(`${sim.baseUrl}${relative}`, { method: init.method ?? 'GET', headers, body: init.body, signal: init.signal });
	const text = await response.text();
	return { status: response.status, body: text === '' ? undefined : JSON.parse(text), headers: response.headers };
}

const list = (query = '', project = 'demo-project') => api(`/${encodeURIComponent(project)}/sessions${query ? `?${query}` : ''}`);
const create = (body: unknown) => api('/demo-project/sessions', { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });

/** An invitation as the API shows it. */
const invitation = (address: string) => ({ address, type: address.includes('@') ? 'email' : 'sms', provider: null, status: 'sent' });

/** The documented list item of a session. */
function listItem(session: Session) {
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
		template: session.template,
	};
}

describe('start and stop', () => {
	it('should listen on 127.0.0.1 with the documented defaults', async () => {
		const plain = await CellosignSimulator.start();
		try {
			expect(plain.baseUrl).toBe(`http://127.0.0.1:${plain.port}/api/v3`);
			expect(plain.token).toBe('sim-token-0123456789');
			expect(plain.project).toBe('demo-project');
			expect(plain.templates).toEqual(['tpl-direct-debit']);
			expect(plain.sessionCount()).toBe(0);
			expect(plain.requests).toEqual([]);
		} finally {
			await plain.stop();
		}
	});

	it('should use the given port, token and projects', async () => {
		const port = await new Promise<number>((resolve) => {
			const probe = net.createServer().listen(0, '127.0.0.1', () => {
				const free = (probe.address() as AddressInfo).port;
				probe.close(() => resolve(free));
			});
		});
		const custom = await CellosignSimulator.start({ port, token: 'tok-x', projects: ['p1', 'p2'] });
		try {
			expect(custom.baseUrl).toBe(`http://127.0.0.1:${port}/api/v3`);
			expect(custom.token).toBe('tok-x');
			expect(custom.project).toBe('p1');
			const response = await fetch(`${custom.baseUrl}/p2/sessions`, { headers: { Authorization: 'Token tok-x' } });
			expect(response.status).toBe(200);
		} finally {
			await custom.stop();
		}
	});

	it('should close keep-alive connections on stop so nothing keeps the process alive', async () => {
		const other = await CellosignSimulator.start();
		const agent = new http.Agent({ keepAlive: true });
		await new Promise<void>((resolve) => {
			http.get(`${other.baseUrl}/demo-project/sessions`, { agent, headers: { Authorization: `Token ${other.token}` } }, (res) => {
				res.resume();
				res.on('end', resolve);
			});
		});
		await new Promise((resolve) => setImmediate(resolve)); // the agent frees the socket after 'end'
		const sockets = Object.values(agent.freeSockets).flat() as net.Socket[];
		expect(sockets).toHaveLength(1);
		const closed = new Promise((resolve) => sockets[0].once('close', resolve));
		const started = Date.now();
		await other.stop();
		await closed;
		expect(Date.now() - started).toBeLessThan(1000);
		await expect(fetch(`${other.baseUrl}/demo-project/sessions`)).rejects.toThrow('fetch failed');
		agent.destroy();
	});
});

describe('routing and auth', () => {
	it.each([
		['no Authorization header', null, 'Authentication credentials were not provided.'],
		['the Bearer scheme', 'Bearer sim-token-0123456789', 'Authentication credentials were not provided.'],
		['a lower-case scheme', 'token sim-token-0123456789', 'Authentication credentials were not provided.'],
		['the scheme without a key', 'Token', 'Invalid token header. No credentials provided.'],
		['a key with spaces', 'Token sim-token 0123456789', 'Invalid token header. Token string should not contain spaces.'],
		['a wrong token', 'Token sim-token-9999999999', 'Invalid token.'],
	])('should answer 401 for %s', async (_label, auth, detail) => {
		const reply = await api('/demo-project/sessions', { auth });
		expect(reply.status).toBe(401);
		expect(reply.body).toEqual({ detail });
		expect(reply.headers.get('www-authenticate')).toBe('Token');
		expect(reply.headers.get('content-type')).toBe('application/json');
	});

	it('should answer 404 Project not found for an unknown project with a valid token, 401 without one', async () => {
		expect(await api('/other-project/sessions')).toMatchObject({ status: 404, body: { detail: 'Project not found.' } });
		expect(await api('/other-project/sessions/' + P1)).toMatchObject({ status: 404, body: { detail: 'Project not found.' } });
		expect(await api('/other-project/sessions', { auth: null })).toMatchObject({
			status: 401,
			body: { detail: 'Authentication credentials were not provided.' },
		});
	});

	it('should URL-decode path segments, so project names may hold spaces and slashes', async () => {
		const session = sim.addSession({ description: 'in Acme' }, 'Acme Corp/Dev');
		const listed = await api('/Acme%20Corp%2FDev/sessions');
		expect(listed.status).toBe(200);
		expect(listed.body.data).toEqual([listItem(session)]);
		const got = await api(`/Acme%20Corp%2FDev/sessions/${session.reference}`);
		expect(got.body.data[0].description).toBe('in Acme');
		expect(sim.sessionCount('Acme Corp/Dev')).toBe(1);
		expect(sim.sessionCount()).toBe(0);
	});

	it.each([
		['/api/v3/demo-project/templates'],
		['/api/v3/demo-project'],
		['/api/v3/demo-project/sessions/a/b'],
		['/api/v3//sessions'],
		['/api/v2/demo-project/sessions'],
		['/'],
		['/api/v3/%E0%A4%A/sessions'],
	])('should answer 404 JSON for the unknown route %s, even without a token', async (route) => {
		const response = await fetch(`http://127.0.0.1:${sim.port}${route}`);
		expect(response.status).toBe(404);
		expect(response.headers.get('content-type')).toBe('application/json');
		expect(await response.json()).toEqual({ detail: 'Not found.' });
	});

	it('should accept a trailing slash on both routes', async () => {
		const session = sim.addSession();
		expect((await api('/demo-project/sessions/')).body.meta.total).toBe(1);
		expect((await api(`/demo-project/sessions/${session.reference}/`)).body.data[0].reference).toBe(session.reference);
	});

	it.each([
		['PUT', '/demo-project/sessions', 'GET, POST'],
		['PATCH', '/demo-project/sessions', 'GET, POST'],
		['DELETE', '/demo-project/sessions', 'GET, POST'],
		['POST', `/demo-project/sessions/${P1}`, 'GET, DELETE'],
		['PUT', `/demo-project/sessions/${P1}`, 'GET, DELETE'],
	])('should answer 405 for %s %s with Allow: %s', async (method, route, allow) => {
		const reply = await api(route, { method });
		expect(reply.status).toBe(405);
		expect(reply.body).toEqual({ detail: `Method "${method}" not allowed.` });
		expect(reply.headers.get('allow')).toBe(allow);
	});
});

describe('list filters', () => {
	// Clock: 2025-03-01T12:00:00.000. List order: D, A, B, C (created_at ascending).
	beforeEach(() => {
		sim.addSession({
			description: 'A',
			author: 'alice@example.com',
			created_at: '2025-01-01T10:00:00.500000',
			submitted_at: '2025-01-01T11:00:00.000000',
			expired_at: '2025-01-04T10:00:00.500000',
			recipient: { invitations: [invitation('a@x.com'), invitation('0501111111')] } as Session['recipient'],
		});
		sim.addSession({
			description: 'B',
			author: 'bob@example.com',
			created_at: '2025-01-01T10:00:01',
			expired_at: '2025-03-01T12:00:00.000000',
			recipient: { invitations: [invitation('b@x.com')] } as Session['recipient'],
			assignee: 'desk@x.com',
			process_id: P1,
		});
		sim.addSession({
			description: 'C',
			author: 'alice@example.com',
			created_at: '2025-01-01T10:00:02.999999',
			submitted_at: '2025-01-01T10:30:00.123456',
			expired_at: '2025-03-01T12:00:00.001000',
			recipient: {
				invitations: [invitation('c@x.com')],
				otp_destination: { address: 'a@x.com', type: 'email', provider: null, status: 'scheduled' },
			} as Session['recipient'],
			process_id: P1,
		});
		sim.addSession({
			description: 'D',
			author: 'carol@example.com',
			created_at: '2025-01-01T09:59:59.999999',
			expired_at: null,
		});
	});

	const descriptions = async (query: string) => {
		const reply = await list(query);
		expect(reply.status).toBe(200);
		expect(reply.body.meta.total).toBe(reply.body.data.length);
		return reply.body.data.map((item: { description: string }) => item.description).join('');
	};

	it.each([
		['', 'DABC'],
		['author=alice%40example.com', 'AC'],
		['author=Alice%40example.com', ''],
		['sent_to=a%40x.com', 'A'],
		['sent_to=b%40x.com,c%40x.com', 'BC'],
		['sent_to=%200501111111%20,%20nobody%40x.com', 'A'],
		['sent_to=nobody%40x.com', ''],
		['sent_to=,', 'DABC'],
		['assignee=desk%40x.com', 'B'],
		['assignee=b%40x.com', ''],
		['assignee=a%40x.com', 'A'],
		['assignee=c%40x.com', 'C'],
		[`process=${P1}`, 'BC'],
		['process=22222222-2222-4222-8222-222222222222', ''],
		['is_submitted=true', 'AC'],
		['is_submitted=True', 'AC'],
		['is_submitted=1', 'AC'],
		['is_submitted=false', 'DB'],
		['is_submitted=False', 'DB'],
		['is_submitted=0', 'DB'],
		['is_expired=true', 'AB'],
		['is_expired=1', 'AB'],
		['is_expired=false', 'DC'],
		['is_expired=0', 'DC'],
		['created_at=2025-01-01T10:00:00', 'A'],
		['created_at=2025-01-01T10:00:02', 'C'],
		['created_at=2025-01-01T10:00:03', ''],
		['created_at__gt=2025-01-01T10:00:00', 'BC'],
		['created_at__gt=2025-01-01T09:59:59', 'ABC'],
		['created_at__gt=2025-01-01T10:00:02', ''],
		['created_at__lt=2025-01-01T10:00:00', 'D'],
		['created_at__lt=2025-01-01T10:00:01', 'DA'],
		['created_at__lt=2025-01-01T09:59:59', ''],
		['created_at__gt=2025-01-01T09:59:59&created_at__lt=2025-01-01T10:00:02', 'AB'],
		['submitted_at=2025-01-01T11:00:00', 'A'],
		['submitted_at=2025-01-01T10:30:00', 'C'],
		['submitted_at__gt=2025-01-01T10:30:00', 'A'],
		['submitted_at__gt=2025-01-01T10:29:59', 'AC'],
		['submitted_at__lt=2025-01-01T11:00:00', 'C'],
		['submitted_at__lt=2030-01-01T00:00:00', 'AC'],
		['expired_at=2025-03-01T12:00:00', 'BC'],
		['expired_at__gt=2025-03-01T12:00:00', ''],
		['expired_at__gt=2025-03-01T11:59:59', 'BC'],
		['expired_at__lt=2025-03-01T12:00:00', 'A'],
		['expired_at__lt=2100-01-01T00:00:00', 'ABC'],
		['author=alice%40example.com&is_submitted=true&created_at__gt=2025-01-01T10:00:00', 'C'],
		['author=bob%40example.com&author=alice%40example.com', 'AC'],
		['author=&is_expired=&created_at=', 'DABC'],
		['ordering=-created_at&search=zzz&limit=1', 'DABC'],
	])('should filter %p to %p', async (query, expected) => {
		expect(await descriptions(query)).toBe(expected);
	});

	it('should decide is_expired with the injected clock', async () => {
		clockMs = Date.parse('2025-03-01T12:00:00.001Z');
		expect(await descriptions('is_expired=true')).toBe('ABC');
		clockMs = Date.parse('2025-01-01T00:00:00.000Z');
		expect(await descriptions('is_expired=true')).toBe('');
	});

	it('should see changes made to a session object returned by getSession', async () => {
		const d = sim.listSessions().find((session) => session.description === 'D') as Session;
		const same = sim.getSession(d.reference) as Session;
		same.submitted_at = '2025-01-01T12:00:00.000000';
		same.created_at = '2025-01-01T10:00:01.500000';
		expect(await descriptions('is_submitted=true')).toBe('ADC');
		expect(await descriptions('')).toBe('ABDC');
	});

	it('should list the documented item shape only', async () => {
		const reply = await list('author=bob%40example.com');
		expect(Object.keys(reply.body.data[0])).toEqual(LIST_KEYS);
		expect(reply.body.data[0]).toEqual({
			id: expect.stringMatching(SESSION_ID),
			author: 'bob@example.com',
			recipient: { id: 1, name: 'client' },
			description: 'B',
			created_at: '2025-01-01T10:00:01.000000',
			expired_at: '2025-03-01T12:00:00.000000',
			deleted_at: null,
			submitted_at: null,
			form_loaded_at: null,
			process_id: P1,
			reference: expect.stringMatching(UUID_V4),
			transaction_number: 10002,
			template: { id: 'tpl-direct-debit' },
		});
	});
});

describe('list validation', () => {
	const choice = (value: string) => [`Select a valid choice. ${value} is not one of the available choices.`];
	const badDate = ['Enter a valid date/time in the format YYYY-MM-DDTHH:MM:SS.'];

	it.each([
		['is_expired=yes', { is_expired: choice('yes') }],
		['is_submitted=TRUE', { is_submitted: choice('TRUE') }],
		['is_submitted=2', { is_submitted: choice('2') }],
		['page_size=0', { page_size: ['Ensure this value is greater than or equal to 1.'] }],
		['page_size=1001', { page_size: ['Ensure this value is less than or equal to 1000.'] }],
		['page_size=x', { page_size: ['A valid integer is required.'] }],
		['page_size=1.5', { page_size: ['A valid integer is required.'] }],
		['page=0', { page: ['Ensure this value is greater than or equal to 1.'] }],
		['page=-1', { page: ['Ensure this value is greater than or equal to 1.'] }],
		['page=abc', { page: ['A valid integer is required.'] }],
		[
			'page=0&is_expired=maybe&created_at__lt=2025-01-01&page_size=5000',
			{
				page: ['Ensure this value is greater than or equal to 1.'],
				page_size: ['Ensure this value is less than or equal to 1000.'],
				is_expired: choice('maybe'),
				created_at__lt: badDate,
			},
		],
	])('should answer 400 for %s', async (query, body) => {
		const reply = await list(query);
		expect(reply.status).toBe(400);
		expect(reply.body).toEqual(body);
	});

	it.each([
		'created_at',
		'created_at__gt',
		'created_at__lt',
		'submitted_at',
		'submitted_at__gt',
		'submitted_at__lt',
		'expired_at',
		'expired_at__gt',
		'expired_at__lt',
	])('should answer 400 naming %s for a date that is not YYYY-MM-DDTHH:MM:SS', async (param) => {
		const reply = await list(`${param}=2025-01-01T00%3A00`);
		expect(reply.status).toBe(400);
		expect(reply.body).toEqual({ [param]: badDate });
	});

	it.each([
		'2025-01-01',
		'2025-01-01T00:00:00Z',
		'2025-01-01T00:00:00.000',
		'2025-01-01T00:00:00+02:00',
		'2025-01-01 00:00:00',
		'2025-02-30T00:00:00',
		'2025-13-01T00:00:00',
		'2025-01-01T24:00:00',
		'2025-01-01T00:60:00',
		'25-01-01T00:00:00',
		'yesterday',
	])('should refuse the date %p', async (value) => {
		const reply = await list(`submitted_at__gt=${encodeURIComponent(value)}`);
		expect(reply.status).toBe(400);
		expect(reply.body).toEqual({ submitted_at__gt: badDate });
	});

	it.each(['page_size=1', 'page_size=1000', 'page=1', 'page=999999', 'created_at=2024-02-29T23:59:59'])(
		'should accept %s',
		async (query) => {
			expect((await list(query)).status).toBe(200);
		},
	);
});

describe('pagination', () => {
	const origin = () => `http://127.0.0.1:${sim.port}`;
	const link = (query: string) => `${origin()}/api/v3/demo-project/sessions?${query}`;

	it('should page through 5 sessions 2 at a time with exact meta and links', async () => {
		const seeded = sim.seedSessions(5);
		const pages = [];
		for (const page of [1, 2, 3, 4]) pages.push((await list(`page_size=2&page=${page}`)).body);
		expect(pages[0]).toEqual({
			meta: { many: true, paginated: true, total: 5, links: { previous: null, next: link('page_size=2&page=2') } },
			data: seeded.slice(0, 2).map(listItem),
		});
		expect(pages[1].meta.links).toEqual({ previous: link('page_size=2&page=1'), next: link('page_size=2&page=3') });
		expect(pages[1].data).toEqual(seeded.slice(2, 4).map(listItem));
		expect(pages[2]).toEqual({
			meta: { many: true, paginated: true, total: 5, links: { previous: link('page_size=2&page=2'), next: null } },
			data: [listItem(seeded[4])],
		});
		// Past the end: 200 with no data (DRF would answer 404).
		expect(pages[3]).toEqual({
			meta: { many: true, paginated: true, total: 5, links: { previous: link('page_size=2&page=3'), next: null } },
			data: [],
		});
	});

	it('should default to page 1 of 100 and add page to the query for the links', async () => {
		sim.seedSessions(101);
		const first = await list();
		expect(first.body.data).toHaveLength(100);
		expect(first.body.meta).toEqual({
			many: true,
			paginated: true,
			total: 101,
			links: { previous: null, next: link('page=2') },
		});
		const last = await api(first.body.meta.links.next.slice(sim.baseUrl.length));
		expect(last.body.data).toHaveLength(1);
		expect(last.body.meta.links).toEqual({ previous: link('page=1'), next: null });
	});

	it('should keep the other parameters raw and in order, replacing page in place', async () => {
		sim.seedSessions(12);
		const reply = await list('page=2&author=alice%40example.com&page_size=1&page=9&x=%20y');
		// The last `page` wins (9); the links put page=N where the first one was and drop the rest.
		expect(reply.body.meta).toEqual({
			many: true,
			paginated: true,
			total: 4,
			links: { previous: link('page=8&author=alice%40example.com&page_size=1&x=%20y'), next: null },
		});
		const middle = await list('author=alice%40example.com&page_size=1&page=2');
		expect(middle.body.meta.links).toEqual({
			previous: link('author=alice%40example.com&page_size=1&page=1'),
			next: link('author=alice%40example.com&page_size=1&page=3'),
		});
	});

	it('should build links from the raw path of the request', async () => {
		sim.addSession({}, 'Acme Corp/Dev');
		sim.addSession({}, 'Acme Corp/Dev');
		const reply = await api('/Acme%20Corp%2FDev/sessions?page_size=1');
		expect(reply.body.meta.links.next).toBe(`${origin()}/api/v3/Acme%20Corp%2FDev/sessions?page_size=1&page=2`);
	});

	it('should order by created_at, then transaction_number', async () => {
		const late = sim.addSession({ created_at: '2025-01-02T00:00:00' });
		const tieSecond = sim.addSession({ created_at: '2025-01-01T00:00:00.000001' });
		const tieFirst = sim.addSession({ created_at: '2025-01-01T00:00:00.000001', transaction_number: 5 });
		const early = sim.addSession({ created_at: '2024-12-31T23:59:59.999999' });
		const reply = await list();
		expect(reply.body.data.map((item: { reference: string }) => item.reference)).toEqual(
			[early, tieFirst, tieSecond, late].map((session) => session.reference),
		);
		expect(sim.listSessions().map((session) => session.reference)).toEqual(
			[early, tieFirst, tieSecond, late].map((session) => session.reference),
		);
	});
});

describe('seeding', () => {
	it('should seed the documented deterministic pattern', () => {
		const seeded = sim.seedSessions(6);
		expect(seeded[5]).toEqual({
			id: expect.stringMatching(SESSION_ID),
			author: 'carol@example.com',
			recipient: {
				id: 1,
				name: 'client',
				is_system_user: false,
				is_require_otp: false,
				otp_destination: null,
				invitations: [invitation('client5@example.com')],
			},
			description: 'Loan Application',
			created_at: '2025-01-01T00:05:00.005000',
			expired_at: '2125-01-01T00:05:00.005000',
			deleted_at: null,
			submitted_at: '2025-01-01T00:35:00.005000',
			form_loaded_at: '2025-01-01T00:10:00.005000',
			process_id: SEED_PROCESS_IDS[2],
			reference: expect.stringMatching(UUID_V4),
			transaction_number: 10006,
			template: { id: 'tpl-direct-debit' },
			integrations: [],
			labels: { CUSTOMER_TAG: 'seed-5' },
		});
		expect(seeded[4]).toMatchObject({
			author: 'bob@example.com',
			recipient: {
				is_require_otp: true,
				otp_destination: { address: '0500000004', type: 'sms', provider: null, status: 'scheduled' },
				invitations: [invitation('client4@example.com'), invitation('0500000004')],
			},
			description: 'Direct Debit',
			created_at: '2025-01-01T00:04:00.004000',
			expired_at: '2025-01-01T01:04:00.004000',
			submitted_at: null,
			form_loaded_at: null,
			process_id: null,
		});
		expect(seeded[2]).toMatchObject({ submitted_at: null, form_loaded_at: '2025-01-01T00:07:00.002000' });
		expect(sim.getSessionRecord(seeded[4].reference)?.assignee).toBe('0500000004');
		expect(sim.getSessionRecord(seeded[5].reference)?.assignee).toBe('client5@example.com');
		expect(seeded.map((session) => session.author)).toEqual([...SEED_AUTHORS, ...SEED_AUTHORS]);
		expect(new Set(seeded.map((session) => session.id)).size).toBe(6);
		expect(sim.getSession(seeded[3].reference)).toBe(seeded[3]);
	});

	it('should be reproducible: two fresh simulators seed identical sessions', async () => {
		const twin = await CellosignSimulator.start({ projects: ['demo-project', 'Acme Corp/Dev'], templates: ['tpl-direct-debit', 'tpl-loan'] });
		try {
			expect(twin.seedSessions(50)).toEqual(sim.seedSessions(50));
		} finally {
			await twin.stop();
		}
	});

	it('should apply make(i) over the pattern and seed the given project', () => {
		const seeded = sim.seedSessions(3, { project: 'Acme Corp/Dev', make: (i) => ({ author: `agent${i}@example.com`, labels: {} }) });
		expect(seeded.map((session) => [session.author, session.labels, session.created_at])).toEqual([
			['agent0@example.com', {}, '2025-01-01T00:00:00.000000'],
			['agent1@example.com', {}, '2025-01-01T00:01:00.001000'],
			['agent2@example.com', {}, '2025-01-01T00:02:00.002000'],
		]);
		expect(sim.sessionCount('Acme Corp/Dev')).toBe(3);
		expect(sim.sessionCount()).toBe(0);
	});

	it('should refuse bad input to addSession', () => {
		expect(() => sim.addSession({}, 'nope')).toThrow('unknown project "nope"');
		expect(() => sim.addSession({ created_at: '2025-01-01' })).toThrow(
			'created_at must be a naive ISO timestamp like 2025-01-01T00:00:00.000000, got "2025-01-01"',
		);
		const session = sim.addSession();
		expect(() => sim.addSession({ reference: session.reference })).toThrow(`session ${session.reference} already exists`);
	});

	it('should fill addSession defaults from the clock', () => {
		clockMs = Date.parse('2025-03-01T12:00:00.123Z');
		expect(sim.addSession({ description: 'x' })).toEqual({
			id: expect.stringMatching(SESSION_ID),
			author: SIMULATOR_AUTHOR,
			recipient: { id: 1, name: 'client', is_system_user: false, is_require_otp: false, otp_destination: null, invitations: [] },
			description: 'x',
			created_at: '2025-03-01T12:00:00.123000',
			expired_at: '2025-03-04T12:00:00.123000',
			deleted_at: null,
			submitted_at: null,
			form_loaded_at: null,
			process_id: null,
			reference: expect.stringMatching(UUID_V4),
			transaction_number: 10001,
			template: { id: 'tpl-direct-debit' },
			integrations: [],
			labels: {},
		});
	});

	it('should seed and filter 100,000 sessions quickly', async () => {
		clockMs = Date.parse('2025-06-01T00:00:00Z');
		const started = Date.now();
		const seeded = sim.seedSessions(100_000);
		const seededIn = Date.now() - started;
		expect(seeded).toHaveLength(100_000);
		expect(sim.sessionCount()).toBe(100_000);
		const total = async (query: string) => (await list(`page_size=1000&${query}`)).body.meta.total;
		expect(await total('')).toBe(100_000);
		expect(await total('is_submitted=true')).toBe(50_000);
		expect(await total('is_expired=true')).toBe(20_000);
		expect(await total('author=alice%40example.com')).toBe(33_334);
		expect(await total('sent_to=client0%40example.com')).toBe(10_000);
		expect(await total('assignee=client0%40example.com')).toBe(5_000);
		expect(await total('created_at__gt=2025-01-02T00:00:00')).toBe(98_559);
		const lastPage = await list('page_size=1000&page=100');
		expect(lastPage.body.data[999].reference).toBe(seeded[99_999].reference);
		expect(seededIn).toBeLessThan(10_000);
	}, 30_000);
});

describe('create', () => {
	it('should create a session from a predefined template with defaults', async () => {
		clockMs = Date.parse('2025-03-01T12:00:00.123Z');
		const reply = await create({ template: { id: 'tpl-direct-debit' } });
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({
			meta: { type: 'object' },
			data: [
				{
					id: expect.stringMatching(SESSION_ID),
					author: SIMULATOR_AUTHOR,
					recipient: { id: 1, name: 'client', is_system_user: false, is_require_otp: false, otp_destination: null, invitations: [] },
					description: 'tpl-direct-debit',
					created_at: '2025-03-01T12:00:00.123000',
					expired_at: '2025-03-04T12:00:00.123000',
					deleted_at: null,
					submitted_at: null,
					form_loaded_at: null,
					process_id: null,
					reference: expect.stringMatching(UUID_V4),
					transaction_number: 10001,
					template: { id: 'tpl-direct-debit' },
					integrations: [],
					labels: {},
				},
			],
		});
		expect(Object.keys(reply.body.data[0])).toEqual(DETAIL_KEYS);
		expect(sim.getSession(reply.body.data[0].reference)).toEqual(reply.body.data[0]);
		expect(sim.sessionCount()).toBe(1);
	});

	it('should create a session with every documented key and keep initial and the template', async () => {
		const template = { id: 'tpl-loan', fields: { amount: { required: false } } };
		const body = {
			ttl: 960,
			template,
			initial: { first_name: 'Dana', amount: 1200 },
			recipient: {
				invitations: [{ address: 'dana@example.com' }, { address: '0501234567' }],
				otp: { address: '0509999999' },
				is_system_user: false,
				is_require_otp: true,
				message: 'Please sign',
			},
			labels: { CUSTOMER_TAG: 'c-1', order: 42 },
			integrations: [{ type: 'webhook', payload: { url: 'https://example.com/hook' } }],
			unknown_key: 'ignored',
		};
		const reply = await create(body);
		expect(reply.status).toBe(200);
		const session = reply.body.data[0];
		expect(session).toEqual({
			id: expect.stringMatching(SESSION_ID),
			author: SIMULATOR_AUTHOR,
			recipient: {
				id: 1,
				name: 'client',
				is_system_user: false,
				is_require_otp: true,
				otp_destination: { address: '0509999999', type: 'sms', provider: null, status: 'scheduled' },
				invitations: [invitation('dana@example.com'), invitation('0501234567')],
			},
			description: 'tpl-loan',
			created_at: '2025-03-01T12:00:00.000000',
			expired_at: '2025-04-10T12:00:00.000000',
			deleted_at: null,
			submitted_at: null,
			form_loaded_at: null,
			process_id: null,
			reference: expect.stringMatching(UUID_V4),
			transaction_number: 10001,
			template: { id: 'tpl-loan' },
			integrations: [{ type: 'webhook', payload: { url: 'https://example.com/hook' } }],
			labels: { CUSTOMER_TAG: 'c-1', order: '42' },
		});
		const record = sim.getSessionRecord(session.reference);
		expect(record?.initial).toEqual({ first_name: 'Dana', amount: 1200 });
		expect(record?.template).toEqual(template);
		expect(record?.createBody).toEqual(body);
		expect(record?.assignee).toBe('dana@example.com');
		expect((await list('sent_to=0501234567')).body.meta.total).toBe(1);
	});

	it.each([
		[null, '2025-03-04T12:00:00.000000'],
		[undefined, '2025-03-04T12:00:00.000000'],
		[1, '2025-03-01T13:00:00.000000'],
		[960, '2025-04-10T12:00:00.000000'],
	])('should accept ttl %p (expired_at %s)', async (ttl, expiredAt) => {
		const reply = await create({ ttl, template: { id: 'tpl-direct-debit' } });
		expect(reply.status).toBe(200);
		expect(reply.body.data[0].expired_at).toBe(expiredAt);
	});

	it.each([
		[0, 'Ensure this value is greater than or equal to 1.'],
		[-5, 'Ensure this value is greater than or equal to 1.'],
		[961, 'Ensure this value is less than or equal to 960.'],
		['x', 'A valid integer is required.'],
		['72', 'A valid integer is required.'],
		[1.5, 'A valid integer is required.'],
		[true, 'A valid integer is required.'],
	])('should refuse ttl %p', async (ttl, message) => {
		const reply = await create({ ttl, template: { id: 'tpl-direct-debit' } });
		expect(reply.status).toBe(400);
		expect(reply.body).toEqual({ ttl: [message] });
		expect(sim.sessionCount()).toBe(0);
	});

	it.each([
		['missing', {}, ['This field is required.']],
		['null', { template: null }, ['This field may not be null.']],
		['a string', { template: 'tpl-direct-debit' }, ['Invalid data. Expected a dictionary, but got str.']],
		['a list', { template: [] }, ['Invalid data. Expected a dictionary, but got list.']],
		['an unknown id', { template: { id: 'tpl-nope' } }, ['Template "tpl-nope" does not exist.']],
		['an unknown id with documents', { template: { id: 'tpl-nope', documents: [{}] } }, ['Template "tpl-nope" does not exist.']],
		['a number id', { template: { id: 5 } }, ['id: Not a valid string.']],
		['a blank id', { template: { id: ' ' } }, ['id: This field may not be blank.']],
		[
			'neither id nor documents',
			{ template: { fields: {} } },
			['Either "id" (a predefined template) or "document"/"documents" (an ad-hoc template) is required.'],
		],
		['empty documents', { template: { documents: [] } }, ['documents: Expected a non-empty list of dictionaries.']],
		['a string document', { template: { document: 'x' } }, ['document: Invalid data. Expected a dictionary, but got str.']],
		['fields as a list', { template: { id: 'tpl-loan', fields: [] } }, ['fields: Expected a dictionary of items but got type "list".']],
	])('should refuse a template that is %s', async (_label, body, messages) => {
		const reply = await create(body);
		expect(reply.status).toBe(400);
		expect(reply.body).toEqual({ template: messages });
	});

	it('should accept ad-hoc templates and predefined ones with a replaced PDF', async () => {
		const adHoc = { documents: [{ name: 'a.pdf', content: 'JVBERi0=' }] };
		const first = await create({ template: adHoc });
		expect(first.status).toBe(200);
		expect(first.body.data[0].template).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/) });
		expect(first.body.data[0].description).toBe('Ad-hoc document');
		expect(sim.getSessionRecord(first.body.data[0].reference)?.template).toEqual(adHoc);
		const single = await create({ template: { document: { name: 'b.pdf' } } });
		expect(single.status).toBe(200);
		const replaced = await create({ template: { id: 'tpl-loan', document: { name: 'c.pdf' } } });
		expect(replaced.body.data[0].template).toEqual({ id: 'tpl-loan' });
	});

	it.each([
		['initial as a list', { initial: [] }, { initial: ['Expected a dictionary of items but got type "list".'] }],
		['initial null', { initial: null }, { initial: ['This field may not be null.'] }],
		['labels as a string', { labels: 'x' }, { labels: ['Expected a dictionary of items but got type "str".'] }],
		['labels with non-string values', { labels: { a: { b: 1 }, c: null, d: true, e: 'ok' } }, {
			labels: ['a: Not a valid string.', 'c: This field may not be null.', 'd: Not a valid string.'],
		}],
		['recipient as a string', { recipient: 'dana@example.com' }, { recipient: ['Invalid data. Expected a dictionary, but got str.'] }],
		['recipient null', { recipient: null }, { recipient: ['This field may not be null.'] }],
		['an invitation without address', { recipient: { invitations: [{}] } }, {
			recipient: ['invitations[0].address: This field is required.'],
		}],
		['invitations as a string', { recipient: { invitations: 'a@b.c', is_require_otp: 'yes', otp: { address: '' } } }, {
			recipient: [
				'invitations: Expected a list of items but got type "str".',
				'otp.address: This field may not be blank.',
				'is_require_otp: Must be a valid boolean.',
			],
		}],
		['integrations as an object', { integrations: {} }, { integrations: ['Expected a list of items but got type "dict".'] }],
		['an integration without payload', { integrations: [{ type: 'webhook' }, { type: '', payload: { url: 5 } }, 'x'] }, {
			integrations: [
				'[0].payload: This field is required.',
				'[1].type: This field may not be blank.',
				'[1].payload.url: Not a valid string.',
				'[2]: Expected a dictionary.',
			],
		}],
	])('should refuse %s', async (_label, extra, errors) => {
		const reply = await create({ template: { id: 'tpl-direct-debit' }, ...extra });
		expect(reply.status).toBe(400);
		expect(reply.body).toEqual(errors);
	});

	it('should report every bad field at once', async () => {
		const reply = await create({ ttl: 0, initial: 'x' });
		expect(reply.body).toEqual({
			ttl: ['Ensure this value is greater than or equal to 1.'],
			template: ['This field is required.'],
			initial: ['Expected a dictionary of items but got type "str".'],
		});
	});

	it('should answer 400 for a body that is not JSON or not an object', async () => {
		const notJson = await api('/demo-project/sessions', { method: 'POST', body: 'template=tpl-direct-debit' });
		expect(notJson.status).toBe(400);
		expect(notJson.body).toEqual({ detail: expect.stringMatching(/^JSON parse error - ./) });
		const array = await create([{ template: { id: 'tpl-direct-debit' } }]);
		expect(array).toMatchObject({ status: 400, body: { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] } });
		const empty = await api('/demo-project/sessions', { method: 'POST' });
		expect(empty).toMatchObject({ status: 400, body: { template: ['This field is required.'] } });
		expect(sim.sessionCount()).toBe(0);
	});
});

describe('get and delete', () => {
	it('should get a session in the full shape', async () => {
		const session = sim.addSession({
			recipient: { is_require_otp: true, invitations: [invitation('x@example.com')] } as Session['recipient'],
			labels: { k: 'v' },
			integrations: [{ type: 'webhook', payload: { url: 'https://example.com' } }],
		});
		const reply = await api(`/demo-project/sessions/${session.reference}`);
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({ meta: { type: 'object' }, data: [session] });
		expect(Object.keys(reply.body.data[0])).toEqual(DETAIL_KEYS);
	});

	it.each([
		['an unknown UUID', P1],
		['a reference that is not a UUID', 'not-a-uuid'],
	])('should answer 404 for %s', async (_label, reference) => {
		sim.addSession();
		for (const method of ['GET', 'DELETE']) {
			const reply = await api(`/demo-project/sessions/${reference}`, { method });
			expect(reply).toMatchObject({ status: 404, body: { detail: 'Not found.' } });
		}
	});

	it('should match references exactly and per project', async () => {
		const session = sim.addSession();
		expect((await api(`/demo-project/sessions/${session.reference.toUpperCase()}`)).status).toBe(404);
		expect((await api(`/Acme%20Corp%2FDev/sessions/${session.reference}`)).status).toBe(404);
	});

	it('should delete a session: {} then 404 on get and on a second delete', async () => {
		const kept = sim.addSession();
		const gone = sim.addSession();
		const reply = await api(`/demo-project/sessions/${gone.reference}`, { method: 'DELETE' });
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({});
		expect(sim.getSession(gone.reference)).toBeUndefined();
		expect(sim.sessionCount()).toBe(1);
		expect((await api(`/demo-project/sessions/${gone.reference}`)).status).toBe(404);
		expect((await api(`/demo-project/sessions/${gone.reference}`, { method: 'DELETE' })).status).toBe(404);
		expect((await list()).body.data.map((item: { reference: string }) => item.reference)).toEqual([kept.reference]);
	});
});

describe('request log', () => {
	/** A request with exactly these headers (no agent: Node adds only Host, Connection, Content-Length). */
	function rawRequest(method: string, target: string, headers: Record<string, string>, body?: string): Promise<number> {
		return new Promise((resolve, reject) => {
			const req = http.request({ host: '127.0.0.1', port: sim.port, method, path: target, agent: false, headers }, (res) => {
				res.resume();
				res.on('end', () => resolve(res.statusCode as number));
			});
			req.on('error', reject);
			req.end(body);
		});
	}

	it('should record method, raw path, raw query, lower-cased headers and the parsed body', async () => {
		const rawBody = '{"template":{"id":"tpl-direct-debit"},"labels":{"a":"b"}}';
		const status = await rawRequest(
			'POST',
			'/api/v3/demo-project/sessions?x=%20y&z=a+b&z=2',
			{ Authorization: `Token ${sim.token}`, 'Content-Type': 'application/json', 'X-Custom': 'Yes' },
			rawBody,
		);
		expect(status).toBe(200);
		expect(sim.requests).toEqual([
			{
				method: 'POST',
				path: '/api/v3/demo-project/sessions',
				query: 'x=%20y&z=a+b&z=2',
				headers: {
					authorization: `Token ${sim.token}`,
					'content-type': 'application/json',
					'x-custom': 'Yes',
					host: `127.0.0.1:${sim.port}`,
					connection: 'close',
					'content-length': String(rawBody.length),
				},
				body: { template: { id: 'tpl-direct-debit' }, labels: { a: 'b' } },
				rawBody,
			},
		]);
	});

	it('should record rejected requests too, with a raw string or undefined body', async () => {
		expect(await rawRequest('POST', '/api/v3/demo-project/sessions', { Authorization: 'Bearer x' }, 'not json')).toBe(401);
		expect(await rawRequest('GET', '/api/v3/Acme%20Corp%2FDev/nothing?q', {})).toBe(404);
		sim.failNext(503);
		expect(await rawRequest('DELETE', `/api/v3/demo-project/sessions/${P1}`, {})).toBe(503);
		expect(sim.requests.map(({ method, path, query, body, rawBody }) => ({ method, path, query, body, rawBody }))).toEqual([
			{ method: 'POST', path: '/api/v3/demo-project/sessions', query: '', body: 'not json', rawBody: 'not json' },
			{ method: 'GET', path: '/api/v3/Acme%20Corp%2FDev/nothing', query: 'q', body: undefined, rawBody: '' },
			{ method: 'DELETE', path: `/api/v3/demo-project/sessions/${P1}`, query: '', body: undefined, rawBody: '' },
		]);
		expect(sim.requests[0].headers.authorization).toBe('Bearer x');
	});

	it('should clear the log in place', async () => {
		const log = sim.requests;
		await list();
		expect(log).toHaveLength(1);
		sim.clearRequests();
		expect(sim.requests).toBe(log);
		expect(log).toEqual([]);
	});
});

describe('faults', () => {
	it('should fail the next N requests of any kind before auth, then recover', async () => {
		sim.failNext(503, 2, { detail: 'Service down' });
		expect(await api('/demo-project/sessions', { auth: null })).toMatchObject({ status: 503, body: { detail: 'Service down' } });
		expect(await api('/nowhere')).toMatchObject({ status: 503, body: { detail: 'Service down' } });
		expect((await list()).status).toBe(200);
		expect(sim.requests).toHaveLength(3);
	});

	it('should queue failNext calls and default the body', async () => {
		sim.failNext(500);
		sim.failNext(429, 1, { detail: 'Slow down' });
		expect(await list()).toMatchObject({ status: 500, body: { detail: 'Simulated failure (status 500).' } });
		expect(await list()).toMatchObject({ status: 429, body: { detail: 'Slow down' } });
		expect((await list()).status).toBe(200);
	});

	it('should fail every list request for one page until cleared', async () => {
		sim.seedSessions(3);
		sim.failPage(2, 502, { detail: 'Bad gateway' });
		expect((await list('page_size=1')).status).toBe(200);
		expect(await list('page_size=1&page=2')).toMatchObject({ status: 502, body: { detail: 'Bad gateway' } });
		expect((await list('page_size=1&page=2')).status).toBe(502);
		expect((await api('/demo-project/sessions?page=2', { auth: null })).status).toBe(502);
		expect((await api('/Acme%20Corp%2FDev/sessions?page=2')).status).toBe(502);
		expect((await list('page_size=1&page=3')).status).toBe(200);
		const reference = sim.listSessions()[0].reference;
		expect((await api(`/demo-project/sessions/${reference}?page=2`)).status).toBe(200);
		expect((await create({ template: { id: 'tpl-loan' } })).status).toBe(200);
		sim.failPage(1, 500);
		expect(await list()).toMatchObject({ status: 500, body: { detail: 'Simulated failure (status 500).' } });
		sim.clearFaults();
		expect((await list('page=2&page_size=1')).status).toBe(200);
		expect((await list()).status).toBe(200);
	});

	it('should delay answers so client timeouts fire, until the delay is reset', async () => {
		sim.setDelay(400);
		await expect(list('', 'demo-project').then(() => 'answered')).resolves.toBe('answered');
		const timedOut = api('/demo-project/sessions', { signal: AbortSignal.timeout(100) });
		await expect(timedOut).rejects.toThrow('The operation was aborted due to timeout');
		let started = Date.now();
		expect((await list()).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(390);
		sim.clearFaults();
		started = Date.now();
		expect((await list()).status).toBe(200);
		expect(Date.now() - started).toBeLessThan(300);
	});
});

/** A tiny webhook receiver with a token endpoint, like a customer's server. */
class Receiver {
	readonly requests: Array<{ method: string; path: string; headers: Record<string, string | string[] | undefined>; rawBody: string; body: unknown }> = [];
	/** Replies of the token endpoint, used in order; when empty, `tok-N` valid for 60 s. */
	tokenReplies: Array<{ status: number; body: unknown }> = [];
	hookReply: { status: number; raw: string; contentType: string } = { status: 200, raw: '{"status":"success"}', contentType: 'application/json' };
	private readonly server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const rawBody = Buffer.concat(chunks).toString('utf8');
			let body: unknown = rawBody;
			try {
				body = JSON.parse(rawBody);
			} catch {
				// kept raw: the test asserts it
			}
			this.requests.push({ method: req.method as string, path: req.url as string, headers: req.headers, rawBody, body });
			if (req.url === '/token') {
				const tokenCount = this.requests.filter((request) => request.path === '/token').length;
				const reply = this.tokenReplies.shift() ?? { status: 200, body: { access_token: `tok-${tokenCount}`, expires_in: 60, token_type: 'Bearer' } };
				res.writeHead(reply.status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(reply.body));
				return;
			}
			res.writeHead(this.hookReply.status, { 'content-type': this.hookReply.contentType });
			res.end(this.hookReply.raw);
		});
	});

	url(route: string): string {
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${route}`;
	}

	paths(): string[] {
		return this.requests.map((request) => request.path);
	}

	async start(): Promise<void> {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
	}

	async stop(): Promise<void> {
		const closed = new Promise((resolve) => this.server.close(resolve));
		this.server.closeAllConnections();
		await closed;
	}
}

describe('postbacks', () => {
	let receiver: Receiver;
	beforeEach(async () => {
		receiver = new Receiver();
		await receiver.start();
		clockMs = Date.parse('2025-01-26T09:35:39.829Z');
	});
	afterEach(async () => {
		await receiver.stop();
	});

	it('should export the 8 event types in the documented order', () => {
		expect(EVENT_TYPES).toEqual([
			'WHEF_SESSION_CREATED',
			'WHEF_CLIENT_LOGGED_IN',
			'WHEF_CLIENT_FORM_LOADED',
			'WHEF_FORM_FIELD_CHANGED',
			'WHEF_CLIENT_FORM_SUBMITTED',
			'WHEF_SESSION_EXPIRED',
			'WHEF_SESSION_DELETED',
			'WHP_ARCHIVE',
		]);
	});

	const client = {
		ip: '127.0.0.1',
		user_agent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
	};
	const fieldChange = {
		change: { id: 'first_name', type: 'text', value: 'Dana' },
		fields: [
			{ id: 'first_name', type: 'text', value: 'Dana' },
			{ id: 'last_name', type: 'text', value: 'Levi' },
		],
	};
	// What each event adds to {event, session}, per the API doc's table.
	const extrasByType: Record<EventType, Record<string, unknown>> = {
		WHEF_SESSION_CREATED: {},
		WHEF_CLIENT_LOGGED_IN: { client },
		WHEF_CLIENT_FORM_LOADED: { client },
		WHEF_FORM_FIELD_CHANGED: { client, ...fieldChange },
		WHEF_CLIENT_FORM_SUBMITTED: { client },
		WHEF_SESSION_EXPIRED: {},
		WHEF_SESSION_DELETED: {},
		WHP_ARCHIVE: {},
	};

	it.each(EVENT_TYPES.map((type) => [type]))('should post %s exactly as documented', async (type) => {
		const session = sim.addSession({ labels: { CUSTOMER_TAG: 'CUSTOMER_VALUE' } });
		const result = await sim.firePostback({ url: receiver.url('/hook'), eventType: type, reference: session.reference });
		const summary = {
			id: session.id,
			reference: session.reference,
			process_id: session.reference,
			process_number: 1,
			transaction_number: 10001,
			recipient: { id: 1, name: 'client' },
			labels: { CUSTOMER_TAG: 'CUSTOMER_VALUE' },
		};
		const expected = {
			event: { type, timestamp: '2025-01-26T09:35:39.829000' },
			session: type === 'WHP_ARCHIVE' ? [summary] : summary,
			...extrasByType[type],
		};
		expect(receiver.requests).toHaveLength(1);
		const [request] = receiver.requests;
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/hook');
		expect(request.rawBody).toBe(JSON.stringify(expected)); // exact keys, values and order
		expect(request.headers['content-type']).toBe('application/json');
		expect(request.headers['user-agent']).toBe('Cellosign-Simulator/1.0');
		expect(request.headers.authorization).toBeUndefined();
		expect(result).toEqual({
			status: 200,
			body: { status: 'success' },
			rawBody: '{"status":"success"}',
			headers: expect.objectContaining({ 'content-type': 'application/json' }),
		});
	});

	it('should put every session of the process into WHP_ARCHIVE, in list order', async () => {
		const second = sim.addSession({ process_id: P1, created_at: '2025-01-02T00:00:00' });
		const first = sim.addSession({ process_id: P1, created_at: '2025-01-01T00:00:00' });
		sim.addSession({ process_id: null });
		await sim.firePostback({ url: receiver.url('/hook'), eventType: 'WHP_ARCHIVE', reference: second.reference });
		const body = receiver.requests[0].body as { session: Array<{ reference: string; process_id: string; process_number: number }> };
		expect(body.session.map(({ reference, process_id, process_number }) => ({ reference, process_id, process_number }))).toEqual([
			{ reference: first.reference, process_id: P1, process_number: 2 },
			{ reference: second.reference, process_id: P1, process_number: 1 },
		]);
	});

	it('should create a new session when no reference is given', async () => {
		await sim.firePostback({ url: receiver.url('/hook'), eventType: 'WHEF_SESSION_CREATED' });
		expect(sim.sessionCount()).toBe(1);
		const [session] = sim.listSessions();
		expect((receiver.requests[0].body as { session: { reference: string } }).session.reference).toBe(session.reference);
		expect(session.created_at).toBe('2025-01-26T09:35:39.829000');
	});

	it('should describe a session of another project and refuse an unknown reference', async () => {
		const session = sim.addSession({}, 'Acme Corp/Dev');
		await sim.firePostback({ url: receiver.url('/hook'), eventType: 'WHEF_SESSION_EXPIRED', reference: session.reference, project: 'Acme Corp/Dev' });
		expect((receiver.requests[0].body as { session: { id: string } }).session.id).toBe(session.id);
		await expect(sim.firePostback({ url: receiver.url('/hook'), eventType: 'WHEF_SESSION_EXPIRED', reference: P1 })).rejects.toThrow(
			`no session ${P1} in project demo-project`,
		);
		expect(receiver.requests).toHaveLength(1);
	});

	it('should merge extra last, replacing the defaults', async () => {
		const session = sim.addSession();
		const change = { id: 'amount', type: 'number', value: 5 };
		await sim.firePostback({
			url: receiver.url('/hook'),
			eventType: 'WHEF_FORM_FIELD_CHANGED',
			reference: session.reference,
			extra: { change, fields: [change], client: { ip: '10.0.0.1', user_agent: 'x' }, form: { a: 1 } },
		});
		expect(receiver.requests[0].body).toEqual({
			event: { type: 'WHEF_FORM_FIELD_CHANGED', timestamp: '2025-01-26T09:35:39.829000' },
			session: expect.objectContaining({ reference: session.reference }),
			client: { ip: '10.0.0.1', user_agent: 'x' },
			change,
			fields: [change],
			form: { a: 1 },
		});
	});

	it('should send a raw body with its content type and extra headers, and read a non-JSON reply', async () => {
		receiver.hookReply = { status: 202, raw: 'accepted', contentType: 'text/plain' };
		const result = await sim.firePostback({
			url: receiver.url('/hook?x=1'),
			eventType: 'WHEF_CLIENT_FORM_SUBMITTED',
			rawBody: '{"broken":',
			contentType: 'text/plain',
			headers: { 'X-Test': 'yes', 'User-Agent': 'custom' },
		});
		const [request] = receiver.requests;
		expect(request.path).toBe('/hook?x=1');
		expect(request.rawBody).toBe('{"broken":');
		expect(request.headers['content-type']).toBe('text/plain');
		expect(request.headers['x-test']).toBe('yes');
		expect(request.headers['user-agent']).toBe('custom');
		expect(result).toMatchObject({ status: 202, body: 'accepted', rawBody: 'accepted' });
		expect(result.headers['content-type']).toBe('text/plain');
	});

	describe('Secrets', () => {
		const secret = () => ({ tokenUrl: receiver.url('/token'), username: 'cello', password: 's3cret' });
		const fire = (extra: Partial<Parameters<CellosignSimulator['firePostback']>[0]> = {}) =>
			sim.firePostback({ url: receiver.url('/hook'), eventType: 'WHEF_CLIENT_FORM_SUBMITTED', secret: secret(), ...extra });
		const authOf = (index: number) => receiver.requests[index].headers.authorization;

		it('should run the password grant, send the bearer token and cache it until expires_in passes', async () => {
			const first = await fire();
			expect(receiver.paths()).toEqual(['/token', '/hook']);
			expect(receiver.requests[0].method).toBe('POST');
			expect(receiver.requests[0].rawBody).toBe('{"username":"cello","password":"s3cret","grant_type":"password","scope":""}');
			expect(receiver.requests[0].headers['content-type']).toBe('application/json');
			expect(authOf(1)).toBe('Bearer tok-1');
			expect(first.status).toBe(200);
			expect(first.tokenResponse).toEqual({ status: 200, body: { access_token: 'tok-1', expires_in: 60, token_type: 'Bearer' } });

			clockMs += 59_999;
			const cached = await fire();
			expect(receiver.paths()).toEqual(['/token', '/hook', '/hook']);
			expect(authOf(2)).toBe('Bearer tok-1');
			expect(cached.tokenResponse).toBeUndefined();

			clockMs += 1;
			await fire();
			expect(receiver.paths()).toEqual(['/token', '/hook', '/hook', '/token', '/hook']);
			expect(authOf(4)).toBe('Bearer tok-2');
		});

		it('should use the Microsoft Graph client-credentials body', async () => {
			await fire({ secret: { ...secret(), flavour: 'microsoftGraph', scope: 'https://graph.microsoft.com/.default' } });
			expect(receiver.requests[0].body).toEqual({
				client_id: 'cello',
				client_secret: 's3cret',
				grant_type: 'client_credentials',
				scope: 'https://graph.microsoft.com/.default',
			});
			expect(Object.keys(receiver.requests[0].body as object)).toEqual(['client_id', 'client_secret', 'grant_type', 'scope']);
			expect(authOf(1)).toBe('Bearer tok-1');
		});

		it('should send the scope and keep one cached token per secret', async () => {
			await fire({ secret: { ...secret(), scope: 'api' } });
			expect(receiver.requests[0].body).toEqual({ username: 'cello', password: 's3cret', grant_type: 'password', scope: 'api' });
			await fire({ secret: { ...secret(), username: 'other' } });
			await fire({ secret: { ...secret(), scope: 'api' } });
			expect(receiver.paths()).toEqual(['/token', '/hook', '/token', '/hook', '/hook']);
			expect([authOf(1), authOf(3), authOf(4)]).toEqual(['Bearer tok-1', 'Bearer tok-2', 'Bearer tok-1']);
			sim.clearTokenCache();
			await fire({ secret: { ...secret(), scope: 'api' } });
			expect(receiver.paths().slice(5)).toEqual(['/token', '/hook']);
		});

		it('should not post when the token request fails, and ask again next time', async () => {
			receiver.tokenReplies = [{ status: 401, body: { error: 'invalid_grant' } }];
			const result = await fire();
			expect(result).toEqual({ status: 0, body: undefined, rawBody: '', headers: {}, tokenResponse: { status: 401, body: { error: 'invalid_grant' } } });
			expect(receiver.paths()).toEqual(['/token']);
			await fire();
			expect(receiver.paths()).toEqual(['/token', '/token', '/hook']);
			expect(authOf(2)).toBe('Bearer tok-2');
		});

		it('should not post when the token reply has no access_token', async () => {
			receiver.tokenReplies = [{ status: 200, body: { token: 'x' } }];
			const result = await fire();
			expect(result.status).toBe(0);
			expect(result.tokenResponse).toEqual({ status: 200, body: { token: 'x' } });
			expect(receiver.paths()).toEqual(['/token']);
		});

		it('should not cache a token without expires_in, but accept a numeric string', async () => {
			receiver.tokenReplies = [
				{ status: 200, body: { access_token: 'once' } },
				{ status: 200, body: { access_token: 'str', expires_in: '30' } },
			];
			await fire();
			await fire();
			await fire();
			expect(receiver.paths()).toEqual(['/token', '/hook', '/token', '/hook', '/hook']);
			expect([authOf(1), authOf(3), authOf(4)]).toEqual(['Bearer once', 'Bearer str', 'Bearer str']);
		});

		it('should report an unreachable token URL without posting', async () => {
			const closedPort = await new Promise<number>((resolve) => {
				const probe = net.createServer().listen(0, '127.0.0.1', () => {
					const free = (probe.address() as AddressInfo).port;
					probe.close(() => resolve(free));
				});
			});
			const result = await fire({ secret: { ...secret(), tokenUrl: `http://127.0.0.1:${closedPort}/token` } });
			expect(result).toEqual({ status: 0, body: undefined, rawBody: '', headers: {}, tokenResponse: { status: 0, body: 'fetch failed' } });
			expect(receiver.requests).toEqual([]);
		});
	});
});

describe('cli', () => {
	it('should start, seed, print its facts as JSON and stop on SIGTERM', async () => {
		const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'simulator', 'cli.ts'), '--seed', '3', '--json', '--project', 'cli-project', '--token', 'cli-token'], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		try {
			const line = await new Promise<string>((resolve, reject) => {
				let out = '';
				child.stdout.on('data', (chunk: Buffer) => {
					out += chunk.toString();
					if (out.includes('\n')) resolve(out.split('\n')[0]);
				});
				child.once('exit', (code) => reject(new Error(`cli exited with ${code}`)));
			});
			const facts = JSON.parse(line);
			expect(facts).toEqual({ baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/api\/v3$/), token: 'cli-token', project: 'cli-project', sessions: 3 });
			const response = await fetch(`${facts.baseUrl}/cli-project/sessions`, { headers: { Authorization: 'Token cli-token' } });
			expect(((await response.json()) as { meta: { total: number } }).meta.total).toBe(3);
			const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			expect(await exited).toBe(0);
		} finally {
			if (child.exitCode === null) child.kill('SIGKILL');
		}
	}, 20_000);
});
