import type { INodeParameters } from 'n8n-workflow';

import { EVENT_TYPES, postbackBody } from './harness/postbacks';
import { post, startTriggerServer, type TriggerServer } from './harness/webhook';

const ACK = { status: 'success' };

async function withServer(parameters: INodeParameters, run: (server: TriggerServer) => Promise<void>): Promise<void> {
	const server = await startTriggerServer({ parameters });
	try {
		await run(server);
	} finally {
		await server.stop();
	}
}

describe('Cellosign Trigger: postbacks', () => {
	let server: TriggerServer;
	beforeAll(async () => {
		server = await startTriggerServer({ parameters: {} });
	});
	afterAll(async () => await server.stop());
	beforeEach(() => {
		server.executions.length = 0;
		server.results.length = 0;
	});

	it.each(EVENT_TYPES)('should acknowledge %s and start one execution with the postback and eventType', async (eventType) => {
		const body = postbackBody(eventType);
		const reply = await post(server.url('webhook'), { json: body });

		expect(reply.status).toBe(200);
		expect(reply.body).toEqual(ACK);
		expect(reply.headers['content-type']).toMatch(/^application\/json/);
		expect(server.executions).toEqual([[[{ json: { ...body, eventType } }]]]);
	});

	it('should hand the field change and all fields of WHEF_FORM_FIELD_CHANGED to the workflow', async () => {
		await post(server.url('webhook'), { json: postbackBody('WHEF_FORM_FIELD_CHANGED') });
		const [item] = server.executions[0][0];
		expect(item.json.change).toEqual({ id: 'id_number', type: 'text', value: '123456782' });
		expect(item.json.fields).toHaveLength(2);
		expect(item.json.client).toEqual(expect.objectContaining({ ip: '127.0.0.1' }));
	});

	it('should pass on the several sessions of WHP_ARCHIVE as sent', async () => {
		await post(server.url('webhook'), { json: postbackBody('WHP_ARCHIVE') });
		expect(server.executions[0][0][0].json.session).toHaveLength(2);
	});

	it('should start the workflow for an event type Cellosign adds later when All Events is selected', async () => {
		const body = { event: { type: 'WHEF_SOMETHING_NEW', timestamp: '2025-01-26T09:35:39.829692' } };
		const reply = await post(server.url('webhook'), { json: body });
		expect(reply.status).toBe(200);
		expect(server.executions[0][0][0].json.eventType).toBe('WHEF_SOMETHING_NEW');
	});

	it('should accept a JSON postback sent as text/plain or without a content type', async () => {
		const body = postbackBody('WHEF_CLIENT_FORM_SUBMITTED');
		expect((await post(server.url('webhook'), { text: JSON.stringify(body) })).status).toBe(200);
		expect((await post(server.url('webhook'), { text: JSON.stringify(body), contentType: '' })).status).toBe(200);
		expect(server.executions).toHaveLength(2);
		expect(server.executions[1][0][0].json).toEqual({ ...body, eventType: 'WHEF_CLIENT_FORM_SUBMITTED' });
	});

	it.each([
		['text that is not JSON', { text: 'event=WHEF_SESSION_CREATED' }, /not JSON/],
		['JSON without event.type', { json: { session: { id: '5Wkt78ciJc' } } }, /no event\.type/],
		['an event without a type', { json: { event: { timestamp: '2025-01-26T09:35:39.829692' } } }, /no event\.type/],
		['an array', { json: [postbackBody('WHEF_SESSION_CREATED')] }, /an array/],
		['an empty body', { text: '', contentType: 'application/json' }, /empty/],
	])('should answer 400 to %s and start nothing', async (_, request, problem) => {
		const reply = await post(server.url('webhook'), request);
		expect(reply.status).toBe(400);
		expect(reply.body).toEqual({ error: 'invalid_postback', error_description: expect.stringMatching(problem) });
		expect(server.executions).toHaveLength(0);
	});

	it('should leave malformed application/json to n8n, which answers 422 before the node runs', async () => {
		const reply = await post(server.url('webhook'), { text: '{"event": ', contentType: 'application/json' });
		expect(reply.status).toBe(422);
		expect(server.results).toHaveLength(0);
		expect(server.executions).toHaveLength(0);
	});

	it('should answer the token URL with a 404-like JSON error while authentication is off', async () => {
		const reply = await post(server.url('token'), { json: { grant_type: 'password', username: 'u', password: 'p' } });
		expect(reply.status).toBe(404);
		expect(reply.body).toEqual({ error: 'not_found', error_description: expect.stringMatching(/Cellosign Secret/) });
		expect(server.executions).toHaveLength(0);
	});

	it('should not add request headers unless asked to', async () => {
		await post(server.url('webhook'), { json: postbackBody('WHEF_SESSION_CREATED') });
		expect(server.executions[0][0][0].json).not.toHaveProperty('headers');
	});
});

describe('Cellosign Trigger: event filter', () => {
	it('should acknowledge events that are not selected without starting the workflow', async () => {
		await withServer({ events: ['WHEF_CLIENT_FORM_SUBMITTED', 'WHP_ARCHIVE'] }, async (server) => {
			for (const eventType of EVENT_TYPES) {
				const reply = await post(server.url('webhook'), { json: postbackBody(eventType) });
				expect([eventType, reply.status, reply.body]).toEqual([eventType, 200, ACK]);
			}
			expect(server.executions.map((execution) => execution[0][0].json.eventType)).toEqual([
				'WHEF_CLIENT_FORM_SUBMITTED',
				'WHP_ARCHIVE',
			]);
			expect(server.results.filter((result) => result.workflowData === undefined)).toEqual(
				Array(6).fill({ webhookResponse: ACK }),
			);
		});
	});

	it('should still answer 400 to a malformed postback when its event would not be selected', async () => {
		await withServer({ events: ['WHP_ARCHIVE'] }, async (server) => {
			expect((await post(server.url('webhook'), { json: { event: {} } })).status).toBe(400);
		});
	});
});

describe('Cellosign Trigger: replies', () => {
	it('should use the Ack Status in every acknowledgement', async () => {
		await withServer({ ackStatus: 'OK', events: ['WHP_ARCHIVE'] }, async (server) => {
			expect((await post(server.url('webhook'), { json: postbackBody('WHP_ARCHIVE') })).body).toEqual({ status: 'OK' });
			expect((await post(server.url('webhook'), { json: postbackBody('WHEF_SESSION_CREATED') })).body).toEqual({
				status: 'OK',
			});
		});
	});

	it('should fall back to the default status when Ack Status is emptied', async () => {
		await withServer({ ackStatus: '' }, async (server) => {
			expect((await post(server.url('webhook'), { json: postbackBody('WHEF_SESSION_CREATED') })).body).toEqual(ACK);
		});
	});

	it('should return the acknowledgement with the execution when responding immediately', async () => {
		await withServer({ respond: 'onReceived' }, async (server) => {
			await post(server.url('webhook'), { json: postbackBody('WHEF_SESSION_CREATED') });
			expect(server.results[0]).toEqual({ workflowData: server.executions[0], webhookResponse: ACK });
		});
	});

	it('should leave the reply to the workflow when responding after the last node', async () => {
		await withServer({ respond: 'lastNode' }, async (server) => {
			const body = postbackBody('WHEF_FORM_FIELD_CHANGED');
			const reply = await post(server.url('webhook'), { json: body });
			expect(server.results[0]).toEqual({ workflowData: [[{ json: { ...body, eventType: 'WHEF_FORM_FIELD_CHANGED' } }]] });
			expect(server.results[0]).not.toHaveProperty('webhookResponse');
			// n8n answers with the last node's first item: in a workflow of just the trigger, the postback.
			expect(reply.body).toEqual({ ...body, eventType: 'WHEF_FORM_FIELD_CHANGED' });
		});
	});

	it('should leave the reply to a Respond to Webhook node in responseNode mode', async () => {
		await withServer({ respond: 'responseNode' }, async (server) => {
			const body = postbackBody('WHEF_FORM_FIELD_CHANGED');
			await post(server.url('webhook'), { json: body });
			expect(server.results[0]).toEqual({ workflowData: [[{ json: { ...body, eventType: 'WHEF_FORM_FIELD_CHANGED' } }]] });
		});
	});

	it('should still acknowledge unselected events at once when a Respond to Webhook node would reply', async () => {
		await withServer({ respond: 'responseNode', events: ['WHP_ARCHIVE'] }, async (server) => {
			const reply = await post(server.url('webhook'), { json: postbackBody('WHEF_SESSION_CREATED') });
			expect(reply.body).toEqual(ACK);
			expect(server.executions).toHaveLength(0);
		});
	});

	it('should still acknowledge unselected events at once when responding after the last node', async () => {
		await withServer({ respond: 'lastNode', events: ['WHP_ARCHIVE'] }, async (server) => {
			const reply = await post(server.url('webhook'), { json: postbackBody('WHEF_SESSION_CREATED') });
			expect(reply.body).toEqual(ACK);
			expect(server.executions).toHaveLength(0);
		});
	});
});
