import { CellosignApi } from '../credentials/CellosignApi.credentials';
import { testCredential } from './harness/credentialTest';
import { useSimulator } from './helpers/cellosign';

const fixture = useSimulator({ projects: ['demo-project', 'acme sales/eu'] });

describe('Cellosign API credential', () => {
	const credential = new CellosignApi();

	it('should pass its test with a valid token, listing one session of the project with "Token <token>"', async () => {
		const result = await testCredential(credential, fixture.credentials().cellosignApi);
		expect(result).toEqual({ status: 'OK', message: 'Connection tested successfully' });
		expect(fixture.sim.requests.map((r) => [r.method, r.path, r.query, r.headers.authorization])).toEqual([
			['GET', '/api/v3/demo-project/sessions', 'page_size=1', `Token ${fixture.sim.token}`],
		]);
	});

	it('should tolerate a trailing slash on the base URL and encode the project name', async () => {
		const result = await testCredential(credential, {
			...fixture.credentials().cellosignApi,
			projectName: 'acme sales/eu',
			baseUrl: `${fixture.sim.baseUrl}/`,
		});
		expect(result.status).toBe('OK');
		expect(fixture.sim.requests[0].path).toBe('/api/v3/acme%20sales%2Feu/sessions');
	});

	it('should fail with a clear message for a wrong token', async () => {
		const result = await testCredential(credential, { ...fixture.credentials().cellosignApi, accessToken: 'nope' });
		expect(result).toEqual({
			status: 'Error',
			message: 'Cellosign refused the access token for this project. Copy the token again from the Cellosign UI and check the Project Name.',
		});
	});

	it('should fail with a clear message for an unknown project', async () => {
		const result = await testCredential(credential, { ...fixture.credentials().cellosignApi, projectName: 'other' });
		expect(result).toEqual({
			status: 'Error',
			message: 'Cellosign does not know this project at this Base URL. Check the Project Name and the Base URL.',
		});
	});

	it('should keep the token in a password field and default to the public base URL', () => {
		const byName = Object.fromEntries(credential.properties.map((property) => [property.name, property]));
		expect(byName.accessToken.typeOptions).toEqual({ password: true });
		expect(byName.projectName.required).toBe(true);
		expect(byName.baseUrl.default).toBe('https://app.cellosign.com/api/v3');
		expect(credential.authenticate).toEqual({
			type: 'generic',
			properties: { headers: { Authorization: '=Token {{$credentials.accessToken}}' } },
		});
	});
});
