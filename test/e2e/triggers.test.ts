/**
 * The Cellosign Trigger inside a real n8n: the trigger workflows are published, `n8n start` runs,
 * and the simulator behaves like Cellosign: it runs the Secrets handshake against the trigger's
 * token URL, then posts every event type to the production URL. Checks the replies Cellosign gets
 * and the executions n8n stored.
 */
import type { N8nInstance } from './lib/n8n';
import { CellosignSimulator, EVENT_TYPES, EventType, Session } from '../simulator';
import {
	createImportedInstance,
	stopAndCheckNothingLeft,
	assertPostbackStatus,
	assertStoredExecutionSucceeded,
	E2E_WORKFLOWS,
	EXAMPLES,
	outputOf,
	secretFor,
	TEMPLATE_ID,
	waitForExecutionData,
	waitForTriggerPaths,
} from './fixtures';

const SETUP_TIMEOUT_MS = 300_000;
const TRIGGERS = [E2E_WORKFLOWS.allEvents, EXAMPLES.onSubmission, EXAMPLES.liveFieldLookup];
const CLIENT_EVENTS: EventType[] = ['WHEF_CLIENT_LOGGED_IN', 'WHEF_CLIENT_FORM_LOADED', 'WHEF_FORM_FIELD_CHANGED', 'WHEF_CLIENT_FORM_SUBMITTED'];
/** How long to wait for an execution that must NOT appear. */
const QUIET_MS = 2_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`Cellosign Trigger in a real n8n (${process.env.N8N_VERSION ?? 'default version'})`, () => {
	let sim: CellosignSimulator;
	let n8n: N8nInstance;
	let deal: Session;

	const postbackUrl = (webhookId: string) => n8n.webhookUrl(webhookId, 'webhook');

	/** Posts like Cellosign (with the Secret handshake unless `secret: false`) and checks the status. */
	async function post(
		webhookId: string,
		eventType: EventType,
		expectedStatus: number,
		options: { secret?: boolean; reference?: string; extra?: Record<string, unknown>; rawBody?: string; contentType?: string; headers?: Record<string, string> } = {},
	) {
		const url = postbackUrl(webhookId);
		const result = await sim.firePostback({
			url,
			eventType,
			reference: options.reference ?? deal.reference,
			extra: options.extra,
			rawBody: options.rawBody,
			contentType: options.contentType,
			headers: options.headers,
			secret: options.secret === false ? undefined : secretFor(n8n, webhookId),
		});
		assertPostbackStatus(result, expectedStatus, url, n8n);
		return result;
	}

	beforeAll(async () => {
		sim = await CellosignSimulator.start({ templates: [TEMPLATE_ID] });
		sim.seedSessions(10);
		deal = sim.addSession({ labels: { DEAL_ID: '4711' } });
		n8n = await createImportedInstance(sim);
		for (const { id } of TRIGGERS) await n8n.publish(id);
		await n8n.start();
		for (const { webhookId } of TRIGGERS) await waitForTriggerPaths(n8n, webhookId);
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => await stopAndCheckNothingLeft(n8n, sim), 60_000);

	beforeEach(() => sim.clearRequests());

	it('should hand out a token at the token URL and acknowledge all 8 event types posted with it, one execution each', async () => {
		const { id, webhookId } = E2E_WORKFLOWS.allEvents;
		sim.clearTokenCache();
		for (const [index, eventType] of EVENT_TYPES.entries()) {
			const result = await post(webhookId, eventType, 200);
			expect([eventType, result.body]).toEqual([eventType, { status: 'success' }]);
			expect(result.headers['content-type']).toMatch(/^application\/json/);
			if (index === 0) {
				expect(result.tokenResponse).toEqual({
					status: 200,
					body: { access_token: expect.stringMatching(/^cst1\./), token_type: 'Bearer', expires_in: 3600 },
				});
			} else {
				expect(result.tokenResponse).toBeUndefined(); // the token was reused
			}
		}

		const executions = await waitForExecutionData(n8n, id, EVENT_TYPES.length);
		for (const execution of executions) assertStoredExecutionSucceeded(execution, id, n8n);
		expect(executions.map((execution) => execution.mode)).toEqual(EVENT_TYPES.map(() => 'webhook'));
		const items = executions.map((execution) => outputOf(execution.runData, 'Any event')[0]);
		expect(items.map((item) => item.eventType)).toEqual([...EVENT_TYPES]);
		for (const item of items) {
			const eventType = item.eventType as EventType;
			const sessions = (Array.isArray(item.session) ? item.session : [item.session]) as Array<Record<string, unknown>>;
			expect([eventType, sessions[0].reference, sessions[0].labels]).toEqual([eventType, deal.reference, { DEAL_ID: '4711' }]);
			expect([eventType, 'client' in item]).toEqual([eventType, CLIENT_EVENTS.includes(eventType)]);
			expect((item.event as Record<string, unknown>).type).toBe(eventType);
		}
		expect(items[EVENT_TYPES.indexOf('WHEF_FORM_FIELD_CHANGED')]).toMatchObject({ change: { id: 'first_name', value: 'Dana' } });
		expect(Array.isArray(items[EVENT_TYPES.indexOf('WHP_ARCHIVE')].session)).toBe(true);
		// Nothing secret in the items.
		expect(JSON.stringify(items)).not.toMatch(/cst1\.|Bearer|demo-secret/);
	});

	it('should refuse postbacks without a valid bearer token (401) and start nothing', async () => {
		const { id, webhookId } = E2E_WORKFLOWS.allEvents;
		const before = (await n8n.executions(id)).length;

		const missing = await post(webhookId, 'WHEF_CLIENT_FORM_SUBMITTED', 401, { secret: false });
		expect(missing.body).toMatchObject({ error: 'unauthorized' });
		expect(missing.headers['www-authenticate']).toMatch(/^Bearer realm=/);

		const forged = await post(webhookId, 'WHEF_CLIENT_FORM_SUBMITTED', 401, { secret: false, headers: { authorization: 'Bearer cst1.Zm9v.YmFy' } });
		expect(forged.body).toMatchObject({ error: 'invalid_token' });

		// A token of another trigger (same Secret) is not accepted here.
		sim.clearTokenCache();
		const token = await sim.firePostback({ url: postbackUrl(EXAMPLES.onSubmission.webhookId), eventType: 'WHEF_SESSION_CREATED', reference: deal.reference, secret: secretFor(n8n, EXAMPLES.onSubmission.webhookId) });
		expect(token.status).toBe(200);
		const wrongTokenUrl = await sim.firePostback({
			url: postbackUrl(webhookId),
			eventType: 'WHEF_CLIENT_FORM_SUBMITTED',
			reference: deal.reference,
			secret: secretFor(n8n, EXAMPLES.onSubmission.webhookId),
		});
		assertPostbackStatus(wrongTokenUrl, 401, postbackUrl(webhookId), n8n);
		expect(wrongTokenUrl.body).toMatchObject({ error: 'invalid_token' });

		await sleep(QUIET_MS);
		expect((await n8n.executions(id)).length).toBe(before);
	});

	it('should answer 400 to a text/plain body that is not a postback, and start nothing', async () => {
		const { id, webhookId } = E2E_WORKFLOWS.allEvents;
		const before = (await n8n.executions(id)).length;

		const junk = await post(webhookId, 'WHEF_CLIENT_FORM_SUBMITTED', 400, { rawBody: 'this is not json', contentType: 'text/plain' });
		expect(junk.body).toEqual({ error: 'invalid_postback', error_description: expect.stringContaining('not JSON') });

		const noEvent = await post(webhookId, 'WHEF_CLIENT_FORM_SUBMITTED', 400, { rawBody: '{"session":{}}', contentType: 'text/plain' });
		expect(noEvent.body).toMatchObject({ error: 'invalid_postback', error_description: expect.stringContaining('event.type') });

		// A JSON postback sent as text/plain is still read.
		const asText = await post(webhookId, 'WHEF_SESSION_EXPIRED', 200, {
			rawBody: JSON.stringify({ event: { type: 'WHEF_SESSION_EXPIRED', timestamp: '2026-01-01T00:00:00.000000' }, session: { reference: deal.reference } }),
			contentType: 'text/plain',
		});
		expect(asText.body).toEqual({ status: 'success' });
		const executions = await waitForExecutionData(n8n, id, before + 1);
		await sleep(QUIET_MS);
		const after = await n8n.executions(id);
		expect(after.length).toBe(before + 1);
		expect(outputOf(executions[executions.length - 1].runData, 'Any event')[0].eventType).toBe('WHEF_SESSION_EXPIRED');
	});

	it('should run the on-submission example for a submission only: acknowledge other events without an execution, then Get the session', async () => {
		const { id, webhookId } = EXAMPLES.onSubmission;
		const before = (await n8n.executions(id)).length;
		expect(before).toBe(0);

		for (const eventType of EVENT_TYPES.filter((type) => type !== 'WHEF_CLIENT_FORM_SUBMITTED')) {
			const result = await post(webhookId, eventType, 200);
			expect([eventType, result.body]).toEqual([eventType, { status: 'success' }]);
		}
		sim.clearRequests();
		const submitted = await post(webhookId, 'WHEF_CLIENT_FORM_SUBMITTED', 200);
		expect(submitted.body).toEqual({ status: 'success' });

		await waitForExecutionData(n8n, id, 1);
		await sleep(QUIET_MS);
		const executions = await n8n.executions(id);
		if (executions.length !== 1) {
			const types = executions.map((execution) => execution.runData['Form submitted']?.[0]?.data?.main?.[0]?.[0]?.json.eventType);
			throw new Error(`expected 1 execution (the submission only), got ${executions.length}: ${types.join(', ')}`);
		}
		const [execution] = executions;
		assertStoredExecutionSucceeded(execution, id, n8n);
		expect(outputOf(execution.runData, 'Form submitted')[0]).toMatchObject({
			eventType: 'WHEF_CLIENT_FORM_SUBMITTED',
			session: { reference: deal.reference, labels: { DEAL_ID: '4711' } },
		});
		expect(outputOf(execution.runData, 'Get the session')).toEqual([
			expect.objectContaining({ reference: deal.reference, labels: { DEAL_ID: '4711' }, template: deal.template }),
		]);

		const apiRequests = sim.requests.filter((request) => request.path.startsWith('/api/v3/'));
		expect(apiRequests.map((request) => [request.method, request.path, request.query])).toEqual([
			['GET', `/api/v3/${sim.project}/sessions/${deal.reference}`, ''],
		]);
		expect(apiRequests[0].headers.authorization).toBe(`Token ${sim.token}`);
	});

	it('should send the live-field-lookup reply built by Respond to Webhook back to Cellosign', async () => {
		const { id, webhookId } = EXAMPLES.liveFieldLookup;
		const known = await post(webhookId, 'WHEF_FORM_FIELD_CHANGED', 200, {
			extra: {
				change: { id: 'id_number', type: 'text', value: '123456782' },
				fields: [{ id: 'id_number', type: 'text', value: '123456782' }],
			},
		});
		expect(known.headers['content-type']).toMatch(/^application\/json/);
		expect(known.body).toEqual({
			status: 'success',
			fields: [
				{ id: 'first_name', value: 'Dana' },
				{ id: 'last_name', value: 'Levi' },
				{ id: 'city', value: 'Haifa' },
			],
		});

		const unknown = await post(webhookId, 'WHEF_FORM_FIELD_CHANGED', 200, { extra: { change: { id: 'id_number', type: 'text', value: '000000018' } } });
		expect(unknown.body).toEqual({ status: 'success', fields: [] });

		// Not a field change: acknowledged at once, no execution.
		const other = await post(webhookId, 'WHEF_CLIENT_FORM_SUBMITTED', 200);
		expect(other.body).toEqual({ status: 'success' });

		const executions = await waitForExecutionData(n8n, id, 2);
		await sleep(QUIET_MS);
		expect((await n8n.executions(id)).length).toBe(2);
		for (const execution of executions) assertStoredExecutionSucceeded(execution, id, n8n);
		expect(outputOf(executions[0].runData, 'Field changed')[0]).toMatchObject({ eventType: 'WHEF_FORM_FIELD_CHANGED', change: { value: '123456782' } });
	});
});
