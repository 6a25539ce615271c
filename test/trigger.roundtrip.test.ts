import { EVENT_TYPES } from './harness/postbacks';
import { startTriggerServer, type TriggerServer } from './harness/webhook';
import { CellosignSimulator } from './simulator';

const USERNAME = 'cellosign-postbacks';
const PASSWORD = 'pw-Rt5Gh8Kd2Lq9Wz3X';
const T0 = Date.UTC(2025, 0, 26, 9, 0, 0);

describe('Cellosign Trigger: round trip with the Cellosign simulator', () => {
	let now = T0;
	let sim: CellosignSimulator;
	let server: TriggerServer;

	beforeAll(async () => {
		sim = await CellosignSimulator.start({ now: () => new Date(now) });
		server = await startTriggerServer({
			parameters: { authentication: 'cellosignSecret', events: ['*'] },
			credentials: { cellosignSecretApi: { username: USERNAME, password: PASSWORD, lifetimeSeconds: 3600 } },
			now: () => now,
		});
	});
	afterAll(async () => {
		await server.stop();
		await sim.stop();
	});
	beforeEach(() => {
		sim.clearTokenCache();
		server.executions.length = 0;
	});

	const secret = (flavour: 'password' | 'microsoftGraph', password = PASSWORD) => ({
		tokenUrl: server.url('token'),
		username: USERNAME,
		password,
		flavour,
	});

	it.each(['password', 'microsoftGraph'] as const)(
		'should get a token (%s flavour), post every event type with it and get the acknowledgement',
		async (flavour) => {
			for (const [index, eventType] of EVENT_TYPES.entries()) {
				const result = await sim.firePostback({ url: server.url('webhook'), eventType, secret: secret(flavour) });
				expect([eventType, result.status, result.body]).toEqual([eventType, 200, { status: 'success' }]);
				if (index === 0) {
					expect(result.tokenResponse).toEqual({
						status: 200,
						body: { access_token: expect.stringMatching(/^cst1\./), token_type: 'Bearer', expires_in: 3600 },
					});
				} else {
					expect(result.tokenResponse).toBeUndefined(); // the cached token was used
				}
			}
			expect(server.executions.map((execution) => execution[0][0].json.eventType)).toEqual([...EVENT_TYPES]);
			const archive = server.executions[EVENT_TYPES.indexOf('WHP_ARCHIVE')][0][0].json;
			expect(Array.isArray(archive.session)).toBe(true);
		},
	);

	it('should let Cellosign fetch a new token when the old one expires', async () => {
		const first = await sim.firePostback({ url: server.url('webhook'), eventType: 'WHEF_SESSION_CREATED', secret: secret('password') });
		expect(first.tokenResponse?.status).toBe(200);
		now += 3600_000;
		const second = await sim.firePostback({ url: server.url('webhook'), eventType: 'WHEF_SESSION_EXPIRED', secret: secret('password') });
		expect(second.tokenResponse?.status).toBe(200);
		expect(second.status).toBe(200);
		expect(server.executions).toHaveLength(2);
	});

	it('should give Cellosign no token for a wrong password, so nothing is posted', async () => {
		const result = await sim.firePostback({
			url: server.url('webhook'),
			eventType: 'WHEF_CLIENT_FORM_SUBMITTED',
			secret: secret('password', 'pw-wrong-0000000000'),
		});
		expect(result.status).toBe(0);
		expect(result.tokenResponse).toEqual({
			status: 400,
			body: { error: 'invalid_grant', error_description: expect.any(String) },
		});
		expect(server.executions).toHaveLength(0);
	});

	it('should refuse a postback that comes without the Secret', async () => {
		const result = await sim.firePostback({ url: server.url('webhook'), eventType: 'WHEF_CLIENT_FORM_SUBMITTED' });
		expect(result.status).toBe(401);
		expect(result.headers['www-authenticate']).toBe('Bearer realm="Cellosign Trigger"');
		expect(server.executions).toHaveLength(0);
	});
});
