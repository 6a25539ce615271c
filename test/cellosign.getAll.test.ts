import http from 'http';
import type { AddressInfo } from 'net';

import { runNode } from './harness/runNode';
import { Cellosign } from '../nodes/Cellosign/Cellosign.node';
import { requestLines, useSimulator } from './helpers/cellosign';

const fixture = useSimulator();
const LIST = '/api/v3/demo-project/sessions';

describe('Session → Get Many', () => {
	it('should send page 1 with page_size = Limit, the token header, and output one item per session', async () => {
		fixture.sim.seedSessions(120);

		const { items, error } = await fixture.run({ operation: 'getAll', returnAll: false, limit: 50 });

		expect(error).toBeUndefined();
		expect(requestLines(fixture.sim)).toEqual([`GET ${LIST}?page=1&page_size=50`]);
		const [request] = fixture.sim.requests;
		expect(request.headers.authorization).toBe(`Token ${fixture.sim.token}`);
		expect(request.headers.accept).toBe('application/json');
		expect(request.body).toBeUndefined();
		expect(items).toHaveLength(50);
		expect(items[0].json).not.toHaveProperty('meta');
		expect(items[0].json).toHaveProperty('reference');
		expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('should send every filter under its Cellosign name, in one exact query string', async () => {
		const { error } = await fixture.run({
			operation: 'getAll',
			returnAll: true,
			filters: {
				assignee: 'assignee@example.com',
				author: 'alice@example.com',
				process: '7932390e-ee95-4888-ba64-9c7e6f2f5908',
				isExpired: false,
				isSubmitted: true,
				sentTo: ['a@example.com', ' b@example.com ', '0501234567'],
				createdAt: '2025-01-01T00:05:00',
				createdAfter: '2025-01-01T00:00:00',
				createdBefore: '2025-01-02T00:00:00',
				submittedAt: '2025-01-03T10:00:00',
				submittedAfter: '2025-01-03T00:00:00',
				submittedBefore: '2025-01-04T00:00:00',
				expiredAt: '2025-02-01T10:00:00',
				expiredAfter: '2025-02-01T00:00:00',
				expiredBefore: '2025-02-02T00:00:00',
			},
		});

		expect(error).toBeUndefined();
		expect(requestLines(fixture.sim)).toEqual([
			`GET ${LIST}?assignee=assignee%40example.com&author=alice%40example.com` +
				'&created_at__gt=2025-01-01T00%3A00%3A00&created_at=2025-01-01T00%3A05%3A00&created_at__lt=2025-01-02T00%3A00%3A00' +
				'&expired_at__gt=2025-02-01T00%3A00%3A00&expired_at=2025-02-01T10%3A00%3A00&expired_at__lt=2025-02-02T00%3A00%3A00' +
				'&is_expired=false&is_submitted=true&process=7932390e-ee95-4888-ba64-9c7e6f2f5908' +
				'&sent_to=a%40example.com%2Cb%40example.com%2C0501234567' +
				'&submitted_at__gt=2025-01-03T00%3A00%3A00&submitted_at=2025-01-03T10%3A00%3A00&submitted_at__lt=2025-01-04T00%3A00%3A00' +
				'&page=1&page_size=1000',
		]);
	});

	it.each([
		['assignee', 'x@example.com', 'assignee=x%40example.com'],
		['author', 'alice@example.com', 'author=alice%40example.com'],
		['process', 'p-1', 'process=p-1'],
		['isExpired', true, 'is_expired=true'],
		['isSubmitted', false, 'is_submitted=false'],
		['sentTo', ['one@example.com'], 'sent_to=one%40example.com'],
		['createdAt', '2025-01-01T00:00:00', 'created_at=2025-01-01T00%3A00%3A00'],
		['createdAfter', '2025-01-01T00:00:00', 'created_at__gt=2025-01-01T00%3A00%3A00'],
		['createdBefore', '2025-01-01T00:00:00', 'created_at__lt=2025-01-01T00%3A00%3A00'],
		['submittedAt', '2025-01-01T00:00:00', 'submitted_at=2025-01-01T00%3A00%3A00'],
		['submittedAfter', '2025-01-01T00:00:00', 'submitted_at__gt=2025-01-01T00%3A00%3A00'],
		['submittedBefore', '2025-01-01T00:00:00', 'submitted_at__lt=2025-01-01T00%3A00%3A00'],
		['expiredAt', '2025-01-01T00:00:00', 'expired_at=2025-01-01T00%3A00%3A00'],
		['expiredAfter', '2025-01-01T00:00:00', 'expired_at__gt=2025-01-01T00%3A00%3A00'],
		['expiredBefore', '2025-01-01T00:00:00', 'expired_at__lt=2025-01-01T00%3A00%3A00'],
	])('should map filter %s alone to %s', async (name, value, expected) => {
		await fixture.run({ operation: 'getAll', limit: 10, filters: { [name]: value } });
		expect(requestLines(fixture.sim)).toEqual([`GET ${LIST}?${expected}&page=1&page_size=10`]);
	});

	it('should return exactly the sessions the simulator filters for', async () => {
		fixture.sim.seedSessions(30);
		const { items } = await fixture.run({
			operation: 'getAll',
			returnAll: true,
			filters: { createdAfter: '2025-01-01T00:09:00', createdBefore: '2025-01-01T00:13:00' },
		});
		expect(items.map((item) => item.json.created_at)).toEqual([
			expect.stringMatching(/^2025-01-01T00:10:00/),
			expect.stringMatching(/^2025-01-01T00:11:00/),
			expect.stringMatching(/^2025-01-01T00:12:00/),
		]);
	});

	describe('dates', () => {
		it.each([
			['a date without time', '2025-03-04', '2025-03-04T00%3A00%3A00'],
			['minutes only', '2025-03-04T05:06', '2025-03-04T05%3A06%3A00'],
			['fractions and no zone (sent as written)', '2025-03-04T05:06:07.891', '2025-03-04T05%3A06%3A07'],
			['a space separator', '2025-03-04 05:06:07', '2025-03-04T05%3A06%3A07'],
			['UTC', '2025-03-04T05:06:07.000Z', '2025-03-04T05%3A06%3A07'],
			['an offset (converted to UTC)', '2025-03-04T01:06:07+02:00', '2025-03-03T23%3A06%3A07'],
		])('should send %s as YYYY-MM-DDTHH:MM:SS', async (_label, value, expected) => {
			await fixture.run({ operation: 'getAll', limit: 1, filters: { submittedAfter: value } });
			expect(fixture.sim.requests[0].query).toBe(`submitted_at__gt=${expected}&page=1&page_size=1`);
		});

		it('should accept a Luxon DateTime from an expression', async () => {
			await fixture.run({
				operation: 'getAll',
				limit: 1,
				filters: { createdAfter: "={{ DateTime.fromISO('2025-05-06T07:08:09', { zone: 'Asia/Jerusalem' }) }}" },
			});
			expect(fixture.sim.requests[0].query).toBe('created_at__gt=2025-05-06T04%3A08%3A09&page=1&page_size=1');
		});

		it('should refuse a value that is not a date, naming the filter, before any request', async () => {
			const { error, items } = await fixture.run({ operation: 'getAll', limit: 1, filters: { expiredBefore: 'next tuesday' } });
			expect(items).toEqual([]);
			expect(error?.message).toBe('Expired Before: "next tuesday" is not a date');
			expect(error?.description).toContain('2025-01-31T13:45:00');
			expect(fixture.sim.requests).toHaveLength(0);
		});
	});

	it('should refuse an empty Sent To list', async () => {
		const { error } = await fixture.run({ operation: 'getAll', limit: 1, filters: { sentTo: [' ', ''] } });
		expect(error?.message).toBe('Sent To: no address given');
		expect(fixture.sim.requests).toHaveLength(0);
	});

	it.each([0, -3, 2.5])('should refuse Limit %p before any request', async (limit) => {
		const { error } = await fixture.run({ operation: 'getAll', returnAll: false, limit });
		expect(error?.message).toBe(`Limit: "${limit}" is not a whole number of at least 1`);
		expect(fixture.sim.requests).toHaveLength(0);
	});

	describe('pagination against the simulator', () => {
		const pages = () => fixture.sim.requests.map((request) => request.query);

		it('should send one request for an empty project', async () => {
			const { items, error } = await fixture.run({ operation: 'getAll', returnAll: true });
			expect(error).toBeUndefined();
			expect(items).toEqual([]);
			expect(pages()).toEqual(['page=1&page_size=1000']);
		});

		it('should send one request for exactly 1000 sessions', async () => {
			fixture.sim.seedSessions(1000);
			const { items } = await fixture.run({ operation: 'getAll', returnAll: true });
			expect(items).toHaveLength(1000);
			expect(pages()).toEqual(['page=1&page_size=1000']);
		});

		it('should send two requests for 1001 sessions', async () => {
			fixture.sim.seedSessions(1001);
			const { items } = await fixture.run({ operation: 'getAll', returnAll: true });
			expect(items).toHaveLength(1001);
			expect(new Set(items.map((item) => item.json.reference)).size).toBe(1001);
			expect(pages()).toEqual(['page=1&page_size=1000', 'page=2&page_size=1000']);
		});

		it('should send ceil(2500/1000) = 3 requests with Return All, each with every filter', async () => {
			fixture.sim.seedSessions(2500, { make: () => ({ author: 'pager@example.com' }) });
			const { items } = await fixture.run({
				operation: 'getAll',
				returnAll: true,
				filters: { author: 'pager@example.com', createdAfter: '2024-12-31T00:00:00' },
			});
			expect(items).toHaveLength(2500);
			const filters = 'author=pager%40example.com&created_at__gt=2024-12-31T00%3A00%3A00';
			expect(pages()).toEqual([
				`${filters}&page=1&page_size=1000`,
				`${filters}&page=2&page_size=1000`,
				`${filters}&page=3&page_size=1000`,
			]);
		});

		it('should stop at Limit 1500 after two requests of page_size 1000', async () => {
			const seeded = fixture.sim.seedSessions(2500);
			const { items } = await fixture.run({ operation: 'getAll', returnAll: false, limit: 1500 });
			expect(items).toHaveLength(1500);
			expect(pages()).toEqual(['page=1&page_size=1000', 'page=2&page_size=1000']);
			expect(items.map((item) => item.json.reference)).toEqual(seeded.slice(0, 1500).map((session) => session.reference));
		});

		it('should fail the item when a later page fails, with no partial result', async () => {
			fixture.sim.seedSessions(2500);
			fixture.sim.failPage(2, 503);
			const { items, error } = await fixture.run({ operation: 'getAll', returnAll: true });
			expect(items).toEqual([]);
			expect(error?.message).toBe('Cellosign failed to list sessions (page 2) (HTTP 503)');
			expect(error?.description).toContain('Retrying is safe for reads');
			expect(pages()).toEqual(['page=1&page_size=1000', 'page=2&page_size=1000']);
		});
	});
});

/**
 * Cellosign may leave out `meta.total` or `links` (the reference cut `links.next` off). Each stop
 * condition is checked alone here against a server that sends only that signal.
 */
describe('Session → Get Many stop conditions', () => {
	type Shape = 'linksOnly' | 'totalOnly' | 'noMeta';
	let server: http.Server;
	let baseUrl: string;
	let shape: Shape;
	const queries: string[] = [];
	const TOTAL = 2000;

	beforeAll(async () => {
		server = http.createServer((req, res) => {
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			queries.push(url.search.slice(1));
			const page = Number(url.searchParams.get('page'));
			const size = Number(url.searchParams.get('page_size'));
			const count = Math.max(0, Math.min(size, TOTAL - (page - 1) * size));
			const data = Array.from({ length: count }, (_, i) => ({ id: `s${(page - 1) * size + i}` }));
			const meta =
				shape === 'linksOnly'
					? { links: { previous: null, next: page * size < TOTAL ? `${url.pathname}?page=${page + 1}` : null } }
					: shape === 'totalOnly'
						? { total: TOTAL }
						: undefined;
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify(meta ? { meta, data } : { data }));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3`;
	});
	afterAll(async () => await new Promise((resolve) => server.close(resolve)));
	beforeEach(() => {
		queries.length = 0;
	});

	it.each<[Shape, string]>([
		['linksOnly', 'links.next = null'],
		['totalOnly', 'meta.total reached'],
		['noMeta', 'an empty page (no meta at all)'],
	])('should stop with %s (%s) without an extra request', async (which) => {
		shape = which;
		const { items, error } = await runNode({
			nodeType: new Cellosign(),
			parameters: { resource: 'session', operation: 'getAll', returnAll: true },
			credentials: { cellosignApi: { accessToken: 't', projectName: 'p', baseUrl } },
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(TOTAL);
		const expected = ['page=1&page_size=1000', 'page=2&page_size=1000'];
		// Without meta the only signal is a short page, which for 2000 sessions is page 3 (empty).
		if (which === 'noMeta') expected.push('page=3&page_size=1000');
		expect(queries).toEqual(expected);
	});

	it('should report an answer without the data list as unexpected', async () => {
		const bare = http.createServer((_req, res) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ results: [] }));
		});
		await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
		try {
			const { error } = await runNode({
				nodeType: new Cellosign(),
				parameters: { resource: 'session', operation: 'getAll', returnAll: true },
				credentials: {
					cellosignApi: { accessToken: 't', projectName: 'p', baseUrl: `http://127.0.0.1:${(bare.address() as AddressInfo).port}` },
				},
			});
			expect(error?.message).toBe('Unexpected response from Cellosign: no "data" list');
		} finally {
			await new Promise((resolve) => bare.close(resolve));
		}
	});
});
