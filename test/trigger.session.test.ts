import { createServer } from 'http';
import type { AddressInfo } from 'net';

import type { IDataObject } from 'n8n-workflow';

import { postbackBody } from './harness/postbacks';
import { post, startTriggerServer, type TriggerServer } from './harness/webhook';
import { CellosignSimulator } from './simulator';

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

describe('Cellosign Trigger: Fetch Full Session', () => {
	let sim: CellosignSimulator;
	let server: TriggerServer;
	let references: string[];

	beforeAll(async () => {
		sim = await CellosignSimulator.start();
		references = sim.seedSessions(2).map((session) => session.reference);
		server = await startTriggerServer({
			parameters: { fetchFullSession: true },
			credentials: { cellosignApi: { accessToken: sim.token, projectName: sim.project, baseUrl: sim.baseUrl } },
		});
	});
	afterAll(async () => {
		await server.stop();
		await sim.stop();
	});
	beforeEach(() => {
		sim.clearRequests();
		sim.clearFaults();
		server.executions.length = 0;
	});

	function lastItem(): IDataObject {
		return server.executions[server.executions.length - 1][0][0].json;
	}

	it('should add the session from GET {base}/{project}/sessions/{reference} with the API token', async () => {
		const body = postbackBody('WHEF_CLIENT_FORM_SUBMITTED', references[0]);
		const reply = await post(server.url('webhook'), { json: body });

		expect(reply.status).toBe(200);
		expect(sim.requests).toHaveLength(1);
		expect(sim.requests[0]).toMatchObject({
			method: 'GET',
			path: `/api/v3/${sim.project}/sessions/${references[0]}`,
			query: '',
			headers: expect.objectContaining({ authorization: `Token ${sim.token}` }),
		});
		expect(lastItem()).toEqual({
			...body,
			eventType: 'WHEF_CLIENT_FORM_SUBMITTED',
			fullSession: expect.objectContaining({ reference: references[0], id: sim.getSession(references[0])?.id }),
		});
		expect(lastItem()).not.toHaveProperty('sessionError');
	});

	it('should tolerate trailing slashes on the base URL like the action node does', async () => {
		const slashed = await startTriggerServer({
			parameters: { fetchFullSession: true },
			credentials: { cellosignApi: { accessToken: sim.token, projectName: sim.project, baseUrl: `${sim.baseUrl}///` } },
		});
		try {
			await post(slashed.url('webhook'), { json: postbackBody('WHEF_CLIENT_FORM_SUBMITTED', references[1]) });
			expect(sim.requests.map((request) => request.path)).toEqual([`/api/v3/${sim.project}/sessions/${references[1]}`]);
			expect(slashed.executions[0][0][0].json.fullSession).toEqual(expect.objectContaining({ reference: references[1] }));
		} finally {
			await slashed.stop();
		}
	});

	it('should fetch every session of an archive, in order', async () => {
		const body = postbackBody('WHP_ARCHIVE');
		body.session = references.map((reference) => ({ reference }));
		await post(server.url('webhook'), { json: body });
		expect((lastItem().fullSession as IDataObject[]).map((session) => session.reference)).toEqual(references);
	});

	it('should still start the workflow with sessionError when the session is unknown', async () => {
		const body = postbackBody('WHEF_SESSION_DELETED', '00000000-0000-4000-8000-000000000000');
		const reply = await post(server.url('webhook'), { json: body });

		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({ status: 'success' });
		expect(lastItem()).toEqual({
			...body,
			eventType: 'WHEF_SESSION_DELETED',
			sessionError: {
				message: `No session with reference "00000000-0000-4000-8000-000000000000" in project "${sim.project}"`,
				description: expect.stringMatching(/answered 404/),
			},
		});
	});

	it('should still start the workflow with sessionError when Cellosign fails', async () => {
		sim.failNext(500, 1, { detail: 'database unavailable' });
		await post(server.url('webhook'), { json: postbackBody('WHEF_CLIENT_LOGGED_IN', references[1]) });
		expect(lastItem().sessionError).toEqual({
			message: 'Cellosign failed to get the session (HTTP 500)',
			description: expect.stringMatching(/database unavailable/),
		});
		expect(lastItem().event).toEqual(expect.objectContaining({ type: 'WHEF_CLIENT_LOGGED_IN' }));
	});

	it('should still start the workflow with sessionError when the postback names no session', async () => {
		await post(server.url('webhook'), { json: { event: { type: 'WHEF_SESSION_CREATED' } } });
		expect(lastItem().sessionError).toEqual({ message: 'The postback names no session reference to fetch' });
		expect(sim.requests).toHaveLength(0);
	});

	it('should never put the API token in the item or the logs', async () => {
		await post(server.url('webhook'), { json: postbackBody('WHEF_CLIENT_LOGGED_IN', references[0]) });
		// n8n retries a request that got 401 once, after refreshing the credential.
		sim.failNext(401, 2, { detail: 'Invalid token.' });
		await post(server.url('webhook'), { json: postbackBody('WHEF_CLIENT_LOGGED_IN', references[0]) });
		expect(lastItem().sessionError).toMatchObject({ message: `The access token has no access to project "${sim.project}"` });
		expect(JSON.stringify({ executions: server.executions, logs: server.logs })).not.toContain(sim.token);
	});
});

describe('Cellosign Trigger: Fetch Full Session failures without Cellosign', () => {
	it('should still start the workflow when Cellosign cannot be reached', async () => {
		const server = await startTriggerServer({
			parameters: { fetchFullSession: true },
			credentials: {
				cellosignApi: { accessToken: 'tok-unreachable-1', projectName: 'demo', baseUrl: `http://127.0.0.1:${await closedPort()}/api/v3` },
			},
		});
		try {
			const reply = await post(server.url('webhook'), { json: postbackBody('WHEF_CLIENT_FORM_LOADED') });
			expect(reply.status).toBe(200);
			expect(server.executions[0][0][0].json.sessionError).toEqual({
				message: expect.stringMatching(/^Could not reach Cellosign to get the session/),
				description: expect.any(String),
			});
		} finally {
			await server.stop();
		}
	});

	it('should still start the workflow when no Cellosign API credential is set', async () => {
		const server = await startTriggerServer({ parameters: { fetchFullSession: true }, credentials: {} });
		try {
			expect((await post(server.url('webhook'), { json: postbackBody('WHEF_CLIENT_FORM_LOADED') })).status).toBe(200);
			expect(server.executions[0][0][0].json.sessionError).toEqual({ message: expect.stringMatching(/credentials/i) });
		} finally {
			await server.stop();
		}
	});
});
