import type { INodeParameters } from 'n8n-workflow';
import http from 'http';
import type { AddressInfo } from 'net';

import { serialize, useSimulator } from './helpers/cellosign';

const fixture = useSimulator();
const REFERENCE = '0b7e5c9e-1111-4222-8333-444455556666';

describe('Cellosign API errors', () => {
	it('should say the token has no access to the project on 401, without leaking the token', async () => {
		const { error } = await fixture.run({ operation: 'getAll', limit: 5 }, { credentials: { accessToken: 'wrong-token-value' } });
		expect(error?.message).toBe('The access token has no access to project "demo-project"');
		expect(error?.description).toBe(
			'Cellosign answered 401: Invalid token. Check the Access Token and the Project Name in the Cellosign API credential: a token reaches only the projects of its service user.',
		);
		expect(serialize(error)).not.toContain('wrong-token-value');
		expect(fixture.sim.requests[0].headers.authorization).toBe('Token wrong-token-value');
	});

	it('should name the project Cellosign does not know on 404 for a list', async () => {
		const { error } = await fixture.run({ operation: 'getAll', limit: 5 }, { credentials: { projectName: 'nope' } });
		expect(error?.message).toBe('Cellosign does not know project "nope"');
		expect(error?.description).toContain('Check the Project Name and the Base URL');
	});

	it.each<[string, INodeParameters, string, string]>([
		['Get', { operation: 'get', reference: REFERENCE }, 'Cellosign failed to get the session (HTTP 500)', 'Retrying is safe for reads'],
		['Get Many', { operation: 'getAll', limit: 5 }, 'Cellosign failed to list sessions (page 1) (HTTP 500)', 'Retrying is safe for reads'],
		['Create', { operation: 'create', templateId: 'tpl-direct-debit' }, 'Cellosign failed to create the session (HTTP 500)', 'may or may not have been created'],
		['Delete', { operation: 'delete', reference: REFERENCE }, 'Cellosign failed to delete the session (HTTP 500)', 'Retrying is safe'],
	])('should explain a 5xx for %s and whether retrying is safe', async (_label, parameters, message, advice) => {
		fixture.sim.failNext(500, 1, { detail: 'boom' });
		const { error } = await fixture.run(parameters);
		expect(error?.message).toBe(message);
		expect(error?.description).toContain("Cellosign answered 500: boom. This is a problem on Cellosign's side.");
		expect(error?.description).toContain(advice);
		expect(fixture.sim.requests).toHaveLength(1);
	});

	it('should say Cellosign did not answer in time when the timeout passes', async () => {
		fixture.sim.setDelay(1500);
		const { error } = await fixture.run({ operation: 'get', reference: REFERENCE, requestOptions: { timeout: 200 } });
		expect(error?.message).toBe('Cellosign did not answer in time when trying to get the session');
		expect(error?.description).toMatch(/^The request timed out( \([A-Z_]+\))?\. Raise Options → Timeout/);
		expect(error?.description).toContain('Retrying is safe for reads');
	});

	it('should say Cellosign cannot be reached when nothing listens at the base URL', async () => {
		const closed = http.createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const { port } = closed.address() as AddressInfo;
		await new Promise((resolve) => closed.close(resolve));
		const { error } = await fixture.run(
			{ operation: 'getAll', limit: 1 },
			{ credentials: { baseUrl: `http://127.0.0.1:${port}/api/v3` } },
		);
		expect(error?.message).toBe('Could not reach Cellosign to list sessions (page 1)');
		expect(error?.description).toMatch(/^The connection failed \(ECONNREFUSED\)\. Check the Base URL/);
	});

	it('should say the Base URL is not a URL instead of blaming the network', async () => {
		const { error } = await fixture.run({ operation: 'getAll', limit: 1 }, { credentials: { baseUrl: 'app.cellosign.com/api/v3' } });
		expect(error?.message).toBe('The Base URL of the Cellosign API credential is not a valid URL');
		expect(fixture.sim.requests).toHaveLength(0);
	});

	it('should turn failures into error items and go on with Continue On Fail, pairing each with its input', async () => {
		const [session] = fixture.sim.seedSessions(1);
		const { items, error } = await fixture.run(
			{ operation: 'get', reference: '={{ $json.ref }}' },
			{
				continueOnFail: true,
				input: [{ json: { ref: 'not-a-uuid' } }, { json: { ref: session.reference } }, { json: { ref: REFERENCE } }],
			},
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(3);
		expect(items[0].json).toEqual({ error: 'Session Reference: "not-a-uuid" is not a session reference' });
		expect(items[1].json.reference).toBe(session.reference);
		expect(items[1].pairedItem).toEqual({ item: 1 });
		expect(items[2].json).toEqual({ error: `No session with reference "${REFERENCE}" in project "demo-project"` });
		expect(items[2].pairedItem).toEqual({ item: 2 });
		expect(serialize(items)).not.toContain(fixture.sim.token);
		expect(fixture.sim.requests).toHaveLength(2);
	});
});
