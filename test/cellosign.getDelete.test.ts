import { projectUrl, sessionsPath } from '../nodes/Cellosign/shared/apiLayout';
import { useSimulator } from './helpers/cellosign';

const fixture = useSimulator({ projects: ['demo-project', 'acme sales/eu'] });

describe('Session → Get', () => {
	it('should GET the session by reference and output it unwrapped', async () => {
		const [session] = fixture.sim.seedSessions(3);
		const { items, error } = await fixture.run({ operation: 'get', reference: session.reference });
		expect(error).toBeUndefined();
		expect(fixture.sim.requests.map((r) => [r.method, r.path, r.query, r.body])).toEqual([
			['GET', `/api/v3/demo-project/sessions/${session.reference}`, '', undefined],
		]);
		expect(fixture.sim.requests[0].headers.authorization).toBe(`Token ${fixture.sim.token}`);
		expect(items).toEqual([{ json: expect.objectContaining({ reference: session.reference, id: session.id }), pairedItem: { item: 0 } }]);
	});

	it('should build the URL exactly as projectUrl() + sessionsPath() do (the one place for the URL layout)', async () => {
		const [session] = fixture.sim.seedSessions(1, { project: 'acme sales/eu' });
		const { error } = await fixture.run(
			{ operation: 'get', reference: session.reference },
			{ credentials: { projectName: 'acme sales/eu', baseUrl: `${fixture.sim.baseUrl}///` } },
		);
		expect(error).toBeUndefined();
		const expected = new URL(projectUrl(`${fixture.sim.baseUrl}///`, 'acme sales/eu') + sessionsPath(session.reference));
		expect(fixture.sim.requests[0].path).toBe(expected.pathname);
		expect(fixture.sim.requests[0].path).toBe(`/api/v3/acme%20sales%2Feu/sessions/${session.reference}`);
	});

	it('should trim a reference pasted with spaces', async () => {
		const [session] = fixture.sim.seedSessions(1);
		const { error } = await fixture.run({ operation: 'get', reference: `  ${session.reference} ` });
		expect(error).toBeUndefined();
		expect(fixture.sim.requests[0].path).toBe(`/api/v3/demo-project/sessions/${session.reference}`);
	});

	it('should get one session per input item, in order, with pairedItem kept', async () => {
		const sessions = fixture.sim.seedSessions(3);
		const { items } = await fixture.run(
			{ operation: 'get', reference: '={{ $json.ref }}' },
			{ input: sessions.map((s) => ({ json: { ref: s.reference } })).reverse() },
		);
		expect(fixture.sim.requests.map((r) => r.path.split('/').pop())).toEqual(sessions.map((s) => s.reference).reverse());
		expect(items.map((item) => [item.json.reference, item.pairedItem])).toEqual([
			[sessions[2].reference, { item: 0 }],
			[sessions[1].reference, { item: 1 }],
			[sessions[0].reference, { item: 2 }],
		]);
	});

	it.each([
		['yejyha9qI8', 'yejyha9qI8'],
		['={{ "" }}', ''],
		['e0711799-5086-4540-b65d-cdb1d3a380c', 'e0711799-5086-4540-b65d-cdb1d3a380c'],
	])(
		'should refuse the reference %p before any request',
		async (parameter, reference) => {
			const { error } = await fixture.run({ operation: 'get', reference: parameter });
			expect(error?.message).toBe(`Session Reference: "${reference}" is not a session reference`);
			expect(error?.description).toContain('not its 10-character "id"');
			expect(fixture.sim.requests).toHaveLength(0);
		},
	);

	it('should say which session is missing in which project on 404', async () => {
		const reference = '0b7e5c9e-1111-4222-8333-444455556666';
		const { error } = await fixture.run({ operation: 'get', reference });
		expect(error?.message).toBe(`No session with reference "${reference}" in project "demo-project"`);
		expect(error?.description).toMatch(/^Cellosign answered 404: Not found\./);
	});
});

describe('Session → Delete', () => {
	it('should DELETE the session, output { deleted, reference } and the session is gone', async () => {
		const [session, other] = fixture.sim.seedSessions(2);
		const { items, error } = await fixture.run({ operation: 'delete', reference: session.reference });
		expect(error).toBeUndefined();
		expect(fixture.sim.requests.map((r) => [r.method, r.path, r.query])).toEqual([
			['DELETE', `/api/v3/demo-project/sessions/${session.reference}`, ''],
		]);
		expect(fixture.sim.requests[0].headers.authorization).toBe(`Token ${fixture.sim.token}`);
		expect(items).toEqual([{ json: { deleted: true, reference: session.reference }, pairedItem: { item: 0 } }]);
		expect(fixture.sim.getSession(session.reference)).toBeUndefined();
		expect(fixture.sim.getSession(other.reference)).toBeDefined();
	});

	it('should report a second delete of the same session as not found', async () => {
		const [session] = fixture.sim.seedSessions(1);
		await fixture.run({ operation: 'delete', reference: session.reference });
		const { error } = await fixture.run({ operation: 'delete', reference: session.reference });
		expect(error?.message).toBe(`No session with reference "${session.reference}" in project "demo-project"`);
	});

	it('should refuse a reference that is not a UUID before any request', async () => {
		const { error } = await fixture.run({ operation: 'delete', reference: 'abc' });
		expect(error?.message).toBe('Session Reference: "abc" is not a session reference');
		expect(fixture.sim.requests).toHaveLength(0);
	});
});
