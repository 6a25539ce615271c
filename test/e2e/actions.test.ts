/**
 * The Cellosign node inside a real n8n: the packed package installed as a community node, the
 * example workflows and small e2e workflows run with `n8n execute` against the simulator. Each
 * test checks the node's output and exactly what reached "Cellosign" (method, path, raw query,
 * body, Authorization).
 */
import type { N8nInstance } from './lib/n8n';
import { CellosignSimulator, RecordedRequest } from '../simulator';
import {
	createImportedInstance,
	stopAndCheckNothingLeft,
	assertExecutionSucceeded,
	E2E_WORKFLOWS,
	EXAMPLES,
	naiveUtc,
	outputOf,
	publicBaseUrl,
	TEMPLATE_ID,
} from './fixtures';

const SETUP_TIMEOUT_MS = 300_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The one request a run sent, with a readable failure when there were more or none. */
function onlyRequest(requests: RecordedRequest[]): RecordedRequest {
	if (requests.length !== 1) {
		throw new Error(`expected exactly 1 request to the simulator, got ${requests.length}: ${requests.map((r) => `${r.method} ${r.path}?${r.query}`).join(', ') || 'none'}`);
	}
	return requests[0];
}

describe(`Cellosign node in a real n8n (${process.env.N8N_VERSION ?? 'default version'})`, () => {
	let sim: CellosignSimulator;
	let n8n: N8nInstance;

	beforeAll(async () => {
		sim = await CellosignSimulator.start({ templates: [TEMPLATE_ID] });
		n8n = await createImportedInstance(sim);
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => await stopAndCheckNothingLeft(n8n, sim), 60_000);

	beforeEach(() => sim.clearRequests());

	it('should run the scheduled-sync example: every session submitted in the last hour, all pages, converted to UTC', async () => {
		sim.seedSessions(20); // submitted in 2025: outside the window
		const now = Date.now();
		const recent = [
			sim.addSession({ submitted_at: naiveUtc(new Date(now - 50 * 60_000)), labels: { DEAL_ID: 'A-1' } }),
			sim.addSession({ submitted_at: naiveUtc(new Date(now - 5 * 60_000)), labels: { DEAL_ID: 'A-2' } }),
		];
		sim.addSession({ submitted_at: naiveUtc(new Date(now - 70 * 60_000)) }); // just outside

		const before = Date.now();
		const result = await n8n.execute(EXAMPLES.scheduledSync.id);
		const after = Date.now();
		assertExecutionSucceeded(result, EXAMPLES.scheduledSync.id, sim.requests);

		const items = outputOf(result.runData, 'Sessions submitted in the last hour');
		expect(items.map((item) => item.reference)).toEqual(recent.map((session) => session.reference));
		expect(items[0]).toMatchObject({ reference: recent[0].reference, submitted_at: recent[0].submitted_at });

		const request = onlyRequest(sim.requests);
		expect([request.method, request.path]).toEqual(['GET', `/api/v3/${sim.project}/sessions`]);
		const match = /^submitted_at__gt=(\d{4}-\d\d-\d\dT\d\d%3A\d\d%3A\d\d)&page=1&page_size=1000$/.exec(request.query);
		if (!match) throw new Error(`unexpected query string: ${request.query}`);
		// $now.minus({ hours: 1 }) in n8n's zone (America/New_York by default), sent as UTC without a zone.
		const sentMs = Date.parse(`${decodeURIComponent(match[1])}Z`);
		expect(sentMs).toBeGreaterThanOrEqual(Math.floor((before - 3600_000) / 1000) * 1000 - 1000);
		expect(sentMs).toBeLessThanOrEqual(after - 3600_000);
		expect(request.headers.authorization).toBe(`Token ${sim.token}`);
		expect(request.headers.accept).toBe('application/json');
		expect(request.body).toBeUndefined();
	});

	it('should run Get Many with a limit and filters: one page of exactly the limit, filters in the query', async () => {
		sim.seedSessions(30); // alice authors every third session, odd ones are submitted
		const result = await n8n.execute(E2E_WORKFLOWS.getManyLimit.id);
		assertExecutionSucceeded(result, E2E_WORKFLOWS.getManyLimit.id, sim.requests);

		const items = outputOf(result.runData, 'Get Many');
		expect(items).toHaveLength(3);
		for (const item of items) expect(item).toMatchObject({ author: 'alice@example.com', submitted_at: expect.any(String) });

		const request = onlyRequest(sim.requests);
		expect([request.method, request.path]).toEqual(['GET', `/api/v3/${sim.project}/sessions`]);
		expect(request.query).toBe('author=alice%40example.com&created_at__gt=2025-01-01T00%3A00%3A00&is_submitted=true&page=1&page_size=3');
		expect(request.headers.authorization).toBe(`Token ${sim.token}`);
	});

	it('should run the send-form example: Create with initial values, the DEAL_ID label, a recipient and the trigger URL', async () => {
		const result = await n8n.execute(EXAMPLES.sendForm.id);
		assertExecutionSucceeded(result, EXAMPLES.sendForm.id, sim.requests);

		const triggerUrl = `${publicBaseUrl(n8n)}/webhook/${EXAMPLES.onSubmission.webhookId}/webhook`;
		const request = onlyRequest(sim.requests);
		expect([request.method, request.path, request.query]).toEqual(['POST', `/api/v3/${sim.project}/sessions`, '']);
		expect(request.headers.authorization).toBe(`Token ${sim.token}`);
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		expect(request.body).toEqual({
			ttl: 72,
			template: { id: TEMPLATE_ID },
			initial: { customer_name: 'Dana Levi', amount: '12500' },
			recipient: {
				invitations: [{ address: 'dana@example.com' }],
				otp: { address: '+972501234567' },
				is_require_otp: true,
				message: 'Hello Dana Levi, please fill in and sign your Direct Debit form.',
			},
			labels: { DEAL_ID: '4711' },
			integrations: [{ type: 'webhook', payload: { url: triggerUrl } }],
		});

		const [session] = outputOf(result.runData, 'Send the form');
		expect(session).toMatchObject({
			reference: expect.stringMatching(UUID),
			labels: { DEAL_ID: '4711' },
			template: { id: TEMPLATE_ID },
			integrations: [{ type: 'webhook', payload: { url: triggerUrl } }],
		});
		expect(sim.getSession(session.reference as string)?.labels).toEqual({ DEAL_ID: '4711' });
	});

	it('should run Get: one session by its reference (spaces around it ignored)', async () => {
		const { reference } = E2E_WORKFLOWS.getSession;
		sim.addSession({ reference, labels: { DEAL_ID: '4712' } });
		const result = await n8n.execute(E2E_WORKFLOWS.getSession.id);
		assertExecutionSucceeded(result, E2E_WORKFLOWS.getSession.id, sim.requests);

		expect(outputOf(result.runData, 'Get')).toEqual([expect.objectContaining({ reference, labels: { DEAL_ID: '4712' } })]);
		const request = onlyRequest(sim.requests);
		expect([request.method, request.path, request.query, request.body]).toEqual(['GET', `/api/v3/${sim.project}/sessions/${reference}`, '', undefined]);
		expect(request.headers.authorization).toBe(`Token ${sim.token}`);
	});

	it('should run Delete, and fail with a message naming the reference once the session is gone', async () => {
		const { reference } = E2E_WORKFLOWS.deleteSession;
		sim.addSession({ reference });
		const result = await n8n.execute(E2E_WORKFLOWS.deleteSession.id);
		assertExecutionSucceeded(result, E2E_WORKFLOWS.deleteSession.id, sim.requests);

		expect(outputOf(result.runData, 'Delete')).toEqual([{ deleted: true, reference }]);
		const request = onlyRequest(sim.requests);
		expect([request.method, request.path, request.query]).toEqual(['DELETE', `/api/v3/${sim.project}/sessions/${reference}`, '']);
		expect(request.headers.authorization).toBe(`Token ${sim.token}`);
		expect(sim.getSession(reference)).toBeUndefined();

		sim.clearRequests();
		const again = await n8n.execute(E2E_WORKFLOWS.deleteSession.id);
		expect([again.exitCode, again.status]).toEqual([1, 'error']);
		expect(again.error).toContain(reference);
		expect(onlyRequest(sim.requests).method).toBe('DELETE');
	});
});
