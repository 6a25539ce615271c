import type { INodeParameters } from 'n8n-workflow';

import { postbackBody } from './harness/postbacks';
import { post, type PostResult, startTriggerServer, type TriggerServer } from './harness/webhook';

const USERNAME = 'cellosign-postbacks';
const PASSWORD = 'pw-7Hc2L9qT4mXv1Rz8';
const NEW_PASSWORD = 'pw-new-0Lk3Jd8Wq5Zs2';
const WEBHOOK_ID = '6b1f3c2a-0000-4000-8000-00000000c0de';
const T0 = Date.UTC(2025, 0, 26, 9, 0, 0);
const ACK = { status: 'success' };

const parameters: INodeParameters = { authentication: 'cellosignSecret' };

function secret(password = PASSWORD, lifetimeSeconds = 3600) {
	return { cellosignSecretApi: { username: USERNAME, password, lifetimeSeconds } };
}

/** A clock the test moves by hand. */
function manualClock(start = T0) {
	let now = start;
	return {
		now: () => now,
		advance: (ms: number) => {
			now += ms;
		},
	};
}

async function passwordGrant(server: TriggerServer, password = PASSWORD): Promise<PostResult> {
	return await post(server.url('token'), { json: { username: USERNAME, password, grant_type: 'password', scope: '' } });
}

async function tokenFor(server: TriggerServer): Promise<string> {
	const reply = await passwordGrant(server);
	expect(reply.status).toBe(200);
	return (reply.body as { access_token: string }).access_token;
}

async function postWith(server: TriggerServer, authorization?: string): Promise<PostResult> {
	return await post(server.url('webhook'), {
		json: postbackBody('WHEF_CLIENT_FORM_SUBMITTED'),
		headers: authorization === undefined ? {} : { authorization },
	});
}

function expectRejected(reply: PostResult, error: string, description: RegExp): void {
	expect(reply.status).toBe(401);
	expect(reply.body).toEqual({ error, error_description: expect.stringMatching(description) });
	expect(reply.headers['www-authenticate']).toMatch(/^Bearer realm="Cellosign Trigger"/);
}

describe('Cellosign Trigger: token URL', () => {
	let server: TriggerServer;
	beforeAll(async () => {
		server = await startTriggerServer({ parameters, credentials: secret(), webhookId: WEBHOOK_ID });
	});
	afterAll(async () => await server.stop());

	it('should issue a bearer token for the Secret\'s username and password (JSON)', async () => {
		const reply = await passwordGrant(server);
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({
			access_token: expect.stringMatching(/^cst1\.[\w-]+\.[\w-]+$/),
			token_type: 'Bearer',
			expires_in: 3600,
		});
		expect(reply.headers['cache-control']).toBe('no-store');
		expect(server.executions).toHaveLength(0);
	});

	it('should accept the Microsoft Graph flavour (client_id / client_secret)', async () => {
		const reply = await post(server.url('token'), {
			json: { client_id: USERNAME, client_secret: PASSWORD, grant_type: 'client_credentials', scope: 'https://graph.microsoft.com/.default' },
		});
		expect(reply.status).toBe(200);
		expect((await postWith(server, `Bearer ${(reply.body as { access_token: string }).access_token}`)).status).toBe(200);
	});

	it('should accept form-encoded token requests, in both flavours', async () => {
		const password = await post(server.url('token'), { form: { grant_type: 'password', username: USERNAME, password: PASSWORD } });
		const graph = await post(server.url('token'), {
			form: { grant_type: 'client_credentials', client_id: USERNAME, client_secret: PASSWORD },
		});
		expect([password.status, graph.status]).toEqual([200, 200]);
	});

	it('should accept a JSON token request sent as text/plain', async () => {
		const reply = await post(server.url('token'), {
			text: JSON.stringify({ grant_type: 'password', username: USERNAME, password: PASSWORD }),
		});
		expect(reply.status).toBe(200);
	});

	it.each([
		['a wrong password', { grant_type: 'password', username: USERNAME, password: 'pw-wrong-000000000' }, 400, 'invalid_grant'],
		['a wrong username', { grant_type: 'password', username: 'intruder', password: PASSWORD }, 400, 'invalid_grant'],
		['a wrong client secret', { grant_type: 'client_credentials', client_id: USERNAME, client_secret: 'nope' }, 401, 'invalid_client'],
		['a wrong grant type', { grant_type: 'authorization_code', code: 'abc', username: USERNAME, password: PASSWORD }, 400, 'unsupported_grant_type'],
		['no grant type', { username: USERNAME, password: PASSWORD }, 400, 'invalid_request'],
		['no password', { grant_type: 'password', username: USERNAME }, 400, 'invalid_request'],
		['an array', [{ grant_type: 'password', username: USERNAME, password: PASSWORD }], 400, 'invalid_request'],
	])('should refuse %s like an OAuth2 server', async (_, json, status, error) => {
		const reply = await post(server.url('token'), { json });
		expect(reply.status).toBe(status);
		expect(reply.body).toEqual({ error, error_description: expect.any(String) });
		expect(reply.text).not.toContain(PASSWORD);
	});

	it('should issue tokens for the credential\'s token lifetime', async () => {
		const short = await startTriggerServer({ parameters, credentials: secret(PASSWORD, 120), webhookId: WEBHOOK_ID });
		try {
			expect((await passwordGrant(short)).body).toMatchObject({ expires_in: 120 });
		} finally {
			await short.stop();
		}
	});
});

describe('Cellosign Trigger: bearer authentication', () => {
	let server: TriggerServer;
	const clock = manualClock();
	beforeAll(async () => {
		server = await startTriggerServer({ parameters, credentials: secret(), webhookId: WEBHOOK_ID, now: clock.now });
	});
	afterAll(async () => await server.stop());
	afterEach(() => {
		expect(server.errors).toEqual([]);
		server.executions.length = 0;
	});

	it('should accept a postback with a token from the token URL', async () => {
		const token = await tokenFor(server);
		const reply = await postWith(server, `Bearer ${token}`);
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual(ACK);
		expect(server.executions).toHaveLength(1);
		expect(server.executions[0][0][0].json.eventType).toBe('WHEF_CLIENT_FORM_SUBMITTED');
	});

	it('should refuse a postback without Authorization', async () => {
		const reply = await postWith(server);
		expectRejected(reply, 'unauthorized', /Authorization: Bearer/);
		expect(reply.headers['www-authenticate']).toBe('Bearer realm="Cellosign Trigger"');
		expect(server.executions).toHaveLength(0);
	});

	it('should refuse another scheme', async () => {
		expectRejected(await postWith(server, `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')}`), 'invalid_request', /not a Bearer/);
		expect(server.executions).toHaveLength(0);
	});

	it.each([['Bearer not-a-token'], ['Bearer cst1.abc'], ['Bearer '], ['Bearer a b']])(
		'should refuse the malformed header %p',
		async (authorization) => {
			expectRejected(await postWith(server, authorization), 'invalid_token', /malformed/);
			expect(server.executions).toHaveLength(0);
		},
	);

	it('should refuse a token once it has expired', async () => {
		const token = await tokenFor(server);
		clock.advance(3599_000);
		expect((await postWith(server, `Bearer ${token}`)).status).toBe(200);
		clock.advance(1000);
		expectRejected(await postWith(server, `Bearer ${token}`), 'invalid_token', /expired/);
		expect(server.executions).toHaveLength(1);
	});

	it('should refuse a forged signature of the same length', async () => {
		const token = await tokenFor(server);
		const [prefix, payload, signature] = token.split('.');
		const forged = `${prefix}.${payload}.${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
		expect(forged).toHaveLength(token.length);
		expectRejected(await postWith(server, `Bearer ${forged}`), 'invalid_token', /not issued by this trigger/);
		expect(server.executions).toHaveLength(0);
	});

	it('should refuse a token issued by another trigger with the same credential', async () => {
		const other = await startTriggerServer({ parameters, credentials: secret(), webhookId: 'another-webhook-id', now: clock.now });
		try {
			const token = await tokenFor(other);
			expect((await postWith(other, `Bearer ${token}`)).status).toBe(200);
			expectRejected(await postWith(server, `Bearer ${token}`), 'invalid_token', /another trigger/);
			expect(server.executions).toHaveLength(0);
		} finally {
			await other.stop();
		}
	});

	it('should refuse a token issued for the same trigger in another workflow', async () => {
		const other = await startTriggerServer({
			parameters,
			credentials: secret(),
			webhookId: WEBHOOK_ID,
			workflowId: 'anotherWorkflow',
			now: clock.now,
		});
		try {
			expectRejected(await postWith(server, `Bearer ${await tokenFor(other)}`), 'invalid_token', /another trigger/);
		} finally {
			await other.stop();
		}
	});

	it('should refuse tokens minted with the old password after a password change', async () => {
		const oldToken = await tokenFor(server);
		const changed = await startTriggerServer({
			parameters,
			credentials: secret(NEW_PASSWORD),
			webhookId: WEBHOOK_ID,
			now: clock.now,
		});
		try {
			expectRejected(await postWith(changed, `Bearer ${oldToken}`), 'invalid_token', /current username and password/);
			expect((await passwordGrant(changed)).status).toBe(400);
			const newToken = (await passwordGrant(changed, NEW_PASSWORD)).body as { access_token: string };
			expect((await postWith(changed, `Bearer ${newToken.access_token}`)).status).toBe(200);
			expect(changed.executions).toHaveLength(1);
		} finally {
			await changed.stop();
		}
	});

	it('should check the token before reading the body', async () => {
		const reply = await post(server.url('webhook'), { text: 'not json at all' });
		expect(reply.status).toBe(401);
	});

	it('should verify tokens issued by another n8n process that shares only the credential', async () => {
		const otherProcess = await startTriggerServer({ parameters, credentials: secret(), webhookId: WEBHOOK_ID, now: clock.now });
		try {
			expect((await postWith(server, `Bearer ${await tokenFor(otherProcess)}`)).status).toBe(200);
		} finally {
			await otherProcess.stop();
		}
	});
});

describe('Cellosign Trigger: secrets stay secret', () => {
	it('should never put a token, a password or an Authorization header in items, replies, logs or errors', async () => {
		const server = await startTriggerServer({
			parameters: { ...parameters, options: { includeHeaders: true } },
			credentials: secret(),
			webhookId: WEBHOOK_ID,
		});
		const replies: PostResult[] = [];
		let token = '';
		try {
			const grant = await passwordGrant(server);
			token = (grant.body as { access_token: string }).access_token;
			replies.push(await passwordGrant(server, 'pw-wrong-000000000'));
			replies.push(await post(server.url('webhook'), {
				json: postbackBody('WHEF_FORM_FIELD_CHANGED'),
				headers: {
					authorization: `Bearer ${token}`,
					cookie: `n8n-auth=${PASSWORD}`,
					'proxy-authorization': `Basic ${PASSWORD}`,
					'x-trace': 'trace-1',
				},
			}));
			replies.push(await postWith(server, `Bearer ${token.slice(0, -2)}xx`));
			replies.push(await postWith(server, `Basic ${PASSWORD}`));
			replies.push(await postWith(server));
			replies.push(await post(server.url('webhook'), { text: 'nope', headers: { authorization: `Bearer ${token}` } }));
		} finally {
			await server.stop();
		}

		expect(server.executions).toHaveLength(1);
		const headers = server.executions[0][0][0].json.headers as Record<string, string>;
		expect(headers['x-trace']).toBe('trace-1');
		expect(headers['user-agent']).toBeDefined();
		expect(headers).not.toHaveProperty('authorization');
		expect(headers).not.toHaveProperty('cookie');
		expect(headers).not.toHaveProperty('proxy-authorization');

		const everything = JSON.stringify({
			replies: replies.map(({ status, text, headers: replyHeaders }) => ({ status, text, replyHeaders })),
			executions: server.executions,
			results: server.results.map(({ workflowData, webhookResponse }) => ({ workflowData, webhookResponse })),
			logs: server.logs,
			errors: server.errors.map((error) => `${error.message} ${JSON.stringify(error)}`),
		});
		expect(token).not.toBe('');
		expect(everything).not.toContain(token);
		expect(everything).not.toContain(token.split('.')[2]);
		expect(everything).not.toContain(PASSWORD);
		expect(everything).not.toMatch(/Bearer cst1/);
		expect(everything.toLowerCase()).not.toContain('"authorization"');
	});

	it('should fail loudly, without the password, when the Secret credential is incomplete', async () => {
		const server = await startTriggerServer({
			parameters,
			credentials: { cellosignSecretApi: { username: USERNAME, password: '' } },
			webhookId: WEBHOOK_ID,
		});
		try {
			expect((await postWith(server, 'Bearer cst1.a.b')).status).toBe(500);
			expect((await passwordGrant(server)).status).toBe(500);
			expect(server.errors.map((error) => error.message)).toEqual([
				'The Cellosign Webhook Secret credential has no username or password',
				'The Cellosign Webhook Secret credential has no username or password',
			]);
			expect(server.executions).toHaveLength(0);
		} finally {
			await server.stop();
		}
	});

	it('should fail loudly when Cellosign Secret is chosen but no credential is set', async () => {
		const server = await startTriggerServer({ parameters, credentials: {}, webhookId: WEBHOOK_ID });
		try {
			expect((await postWith(server)).status).toBe(500);
			expect(server.errors[0].message).toMatch(/credentials/i);
		} finally {
			await server.stop();
		}
	});
});
