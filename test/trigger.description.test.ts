import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

import type { ICredentialsDecrypted, ICredentialTestFunctions, IHookFunctions, INodeProperties } from 'n8n-workflow';

import { CellosignSecretApi } from '../credentials/CellosignSecretApi.credentials';
import { DEFAULT_ACK_STATUS } from '../nodes/Cellosign/shared/apiLayout';
import { CellosignTrigger } from '../nodes/CellosignTrigger/CellosignTrigger.node';
import { ALL_EVENTS } from '../nodes/CellosignTrigger/events';
import { EVENT_TYPES } from './harness/postbacks';
import { startTriggerServer } from './harness/webhook';

const trigger = new CellosignTrigger();
const { description } = trigger;
const nodeDir = join(__dirname, '..', 'nodes', 'CellosignTrigger');

function property(name: string): INodeProperties {
	const found = description.properties.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`no property ${name}`);
	return found;
}

describe('Cellosign Trigger description', () => {
	it('should be a trigger named cellosignTrigger with no inputs and one main output', () => {
		expect(description).toMatchObject({
			name: 'cellosignTrigger',
			displayName: 'Cellosign Trigger',
			group: ['trigger'],
			version: 1,
			inputs: [],
			outputs: ['main'],
		});
		expect(description.usableAsTool).toBeUndefined();
	});

	it('should use the Cellosign icons that exist next to the Cellosign node', () => {
		const icon = description.icon as { light: string; dark: string };
		for (const path of [icon.light, icon.dark]) {
			expect(path).toMatch(/^file:\.\.\/Cellosign\//);
			expect(existsSync(join(nodeDir, path.replace(/^file:/, '')))).toBe(true);
		}
	});

	it('should ship a codex file for the node', () => {
		const codex = JSON.parse(readFileSync(join(nodeDir, 'CellosignTrigger.node.json'), 'utf8')) as { node: string };
		expect(codex.node).toBe('n8n-nodes-cellosign.cellosignTrigger');
	});

	it('should declare the postback and token webhooks as POST with an explicit responseData', () => {
		expect(description.webhooks).toEqual([
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: '={{$parameter["respond"]}}',
				responseData: '={{$parameter["respond"] === "lastNode" ? "firstEntryJson" : ""}}',
				path: 'webhook',
			},
			{ name: 'token', httpMethod: 'POST', responseMode: 'onReceived', responseData: '', path: 'token' },
		]);
	});

	it('should offer "All Events" and the eight event types, each described', () => {
		const events = property('events');
		expect(events.type).toBe('multiOptions');
		expect(events.default).toEqual([ALL_EVENTS]);
		const options = events.options as Array<{ name: string; value: string; description: string }>;
		expect(options.map((option) => option.value).sort()).toEqual([ALL_EVENTS, ...EVENT_TYPES].sort());
		for (const option of options) expect(option.description.length).toBeGreaterThan(20);
		const names = options.map((option) => option.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	});

	it('should offer no authentication or the Cellosign Secret', () => {
		const authentication = property('authentication');
		expect(authentication.default).toBe('none');
		expect((authentication.options as Array<{ value: string }>).map((option) => option.value)).toEqual([
			'cellosignSecret',
			'none',
		]);
	});

	it('should map Respond onto the response modes a community trigger can use', () => {
		const respond = property('respond');
		expect(respond.default).toBe('onReceived');
		expect((respond.options as Array<{ value: string }>).map((option) => option.value)).toEqual([
			'onReceived',
			'responseNode',
			'lastNode',
		]);
		// n8n's Respond to Webhook node v1.1+ refuses to run unless one of n8n's own Webhook, Form,
		// Chat or Wait nodes precedes it; the option has to say so.
		expect((respond.options as Array<{ value: string; description: string }>)[1].description).toMatch(/only version 1/);
	});

	it('should default Ack Status to the assumed "success" and say it is an assumption', () => {
		const ackStatus = property('ackStatus');
		expect(ackStatus.default).toBe(DEFAULT_ACK_STATUS);
		expect(ackStatus.description).toMatch(/assumption/);
	});

	it('should require the Secret credential only with that authentication, and the API credential only to fetch sessions', () => {
		expect(description.credentials).toEqual([
			{
				name: 'cellosignSecretApi',
				required: true,
				displayOptions: { show: { authentication: ['cellosignSecret'] } },
				testedBy: 'cellosignSecretApiTest',
			},
			{ name: 'cellosignApi', required: true, displayOptions: { show: { fetchFullSession: [true] } } },
		]);
		expect(property('fetchFullSession').description).toMatch(/never lost/);
	});

	it('should tell the user which URLs to paste where in Cellosign', () => {
		const notice = property('setupNotice');
		expect(notice.type).toBe('notice');
		expect(notice.displayName).toMatch(/Integrations → Webhooks/);
		expect(notice.displayName).toMatch(/Production URL/);
		expect(notice.displayName).toMatch(/\/token instead of \/webhook/);
		expect(notice.displayName).toMatch(/Secrets/);
	});

	it('should resolve the response mode of each webhook like n8n does', async () => {
		const cases = [
			{ respond: 'onReceived', webhook: { responseMode: 'onReceived', responseData: '' } },
			{ respond: 'lastNode', webhook: { responseMode: 'lastNode', responseData: 'firstEntryJson' } },
			{ respond: 'responseNode', webhook: { responseMode: 'responseNode', responseData: '' } },
		];
		for (const { respond, webhook } of cases) {
			const server = await startTriggerServer({ parameters: { respond } });
			try {
				expect(server.responseOptions('webhook')).toEqual(webhook);
				expect(server.responseOptions('token')).toEqual({ responseMode: 'onReceived', responseData: '' });
			} finally {
				await server.stop();
			}
		}
	});
});

describe('Cellosign Trigger webhook lifecycle', () => {
	it('should register nothing remotely: every hook answers true without touching its context', async () => {
		const untouchable = new Proxy(
			{},
			{
				get: (_, key) => {
					throw new Error(`the hook used this.${String(key)}`);
				},
			},
		) as IHookFunctions;
		const hooks = trigger.webhookMethods.default;
		await expect(hooks.checkExists.call(untouchable)).resolves.toBe(true);
		await expect(hooks.create.call(untouchable)).resolves.toBe(true);
		await expect(hooks.delete.call(untouchable)).resolves.toBe(true);
	});
});

describe('Cellosign Webhook Secret credential', () => {
	const credential = new CellosignSecretApi();
	const test = trigger.methods.credentialTest.cellosignSecretApiTest;
	const run = async (data: Record<string, unknown>) =>
		await test.call({} as ICredentialTestFunctions, { id: '1', name: 'c', type: credential.name, data } as ICredentialsDecrypted);

	it('should hold a username, a masked password and a token lifetime of 3600 seconds by default', () => {
		expect(credential.name).toBe('cellosignSecretApi');
		expect(credential.displayName).toBe('Cellosign Webhook Secret');
		expect(credential.documentationUrl).toBe('https://www.npmjs.com/package/n8n-nodes-cellosign#cellosign-trigger');
		const fields = Object.fromEntries(credential.properties.map((field) => [field.name, field]));
		expect(fields.username).toMatchObject({ type: 'string', required: true });
		expect(fields.password).toMatchObject({ type: 'string', required: true, typeOptions: { password: true } });
		expect(fields.lifetimeSeconds).toMatchObject({ type: 'number', default: 3600 });
		for (const path of [credential.icon as { light: string; dark: string }].flatMap((icon) => [icon.light, icon.dark])) {
			expect(existsSync(join(__dirname, '..', 'credentials', path.replace(/^file:/, '')))).toBe(true);
		}
	});

	it('should be tested locally: complete and long enough passes, anything else fails', async () => {
		await expect(run({ username: 'u', password: 'x'.repeat(16), lifetimeSeconds: 3600 })).resolves.toEqual({
			status: 'OK',
			message: expect.any(String),
		});
		await expect(run({ username: '', password: 'x'.repeat(16) })).resolves.toMatchObject({ status: 'Error' });
		await expect(run({ username: 'u', password: '' })).resolves.toMatchObject({ status: 'Error' });
		await expect(run({ username: 'u', password: 'short' })).resolves.toMatchObject({ status: 'Error' });
		expect(JSON.stringify(await run({ username: 'u', password: 'short-secret' }))).not.toContain('short-secret');
	});
});
