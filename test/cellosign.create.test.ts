import { REFERENCE_PATTERN, useSimulator } from './helpers/cellosign';

const fixture = useSimulator({ templates: ['tpl-direct-debit', 'tpl-loan'] });
const LIST = '/api/v3/demo-project/sessions';

describe('Session → Create', () => {
	it('should POST the smallest body (template id, default ttl 72) and output the created session', async () => {
		const { items, error } = await fixture.run({ operation: 'create', templateId: 'tpl-direct-debit' });

		expect(error).toBeUndefined();
		const [request] = fixture.sim.requests;
		expect(request.method).toBe('POST');
		expect(request.path).toBe(LIST);
		expect(request.query).toBe('');
		expect(request.headers.authorization).toBe(`Token ${fixture.sim.token}`);
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		expect(request.body).toEqual({ ttl: 72, template: { id: 'tpl-direct-debit' } });
		expect(items).toHaveLength(1);
		expect(items[0].json.reference).toMatch(REFERENCE_PATTERN);
		expect(items[0].json).not.toHaveProperty('meta');
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(fixture.sim.getSession(items[0].json.reference as string)).toBeDefined();
	});

	it('should send every group: initial values, labels, recipient, integrations and field overrides', async () => {
		const { error } = await fixture.run({
			operation: 'create',
			templateId: ' tpl-loan ',
			ttl: 960,
			initialValues: { value: [{ fieldId: 'customer_name', value: 'Dana Levi' }, { fieldId: 'amount', value: '1200' }] },
			labels: { label: [{ key: 'DEAL_ID', value: '4711' }, { key: 'SOURCE', value: 'crm' }] },
			recipient: {
				invitationAddresses: ['dana@example.com', '+972501234567'],
				otpAddress: '+972501234567',
				requireOtp: true,
				isSystemUser: false,
				message: 'Please sign',
			},
			integrations: {
				integration: [
					{ type: 'webhook', url: 'https://n8n.example.com/webhook/abc/webhook' },
					{ type: 'archive', url: 'http://archive.example.com/in' },
				],
			},
			fieldOverrides: '{"amount": {"required": false, "label": "Amount"}}',
		});

		expect(error).toBeUndefined();
		expect(fixture.sim.requests[0].body).toEqual({
			ttl: 960,
			template: { id: 'tpl-loan', fields: { amount: { required: false, label: 'Amount' } } },
			initial: { customer_name: 'Dana Levi', amount: '1200' },
			recipient: {
				invitations: [{ address: 'dana@example.com' }, { address: '+972501234567' }],
				otp: { address: '+972501234567' },
				is_require_otp: true,
				is_system_user: false,
				message: 'Please sign',
			},
			labels: { DEAL_ID: '4711', SOURCE: 'crm' },
			integrations: [
				{ type: 'webhook', payload: { url: 'https://n8n.example.com/webhook/abc/webhook' } },
				{ type: 'archive', payload: { url: 'http://archive.example.com/in' } },
			],
		});
	});

	it('should send a template given as JSON exactly as given (ad-hoc documents)', async () => {
		const template = { documents: [{ name: 'contract.pdf', url: 'https://files.example.com/contract.pdf' }] };
		await fixture.run({
			operation: 'create',
			templateSource: 'json',
			templateJson: JSON.stringify(template),
			ttl: 1,
		});
		expect(fixture.sim.requests[0].body).toEqual({ ttl: 1, template });
	});

	it('should accept an object from an expression in Template (JSON)', async () => {
		await fixture.run({
			operation: 'create',
			templateSource: 'json',
			templateJson: '={{ { "id": "tpl-loan", "fields": {} } }}',
		});
		expect(fixture.sim.requests[0].body).toEqual({ ttl: 72, template: { id: 'tpl-loan', fields: {} } });
	});

	it('should create one session per input item from expressions, in order', async () => {
		const { items } = await fixture.run(
			{
				operation: 'create',
				templateId: 'tpl-loan',
				labels: { label: [{ key: 'DEAL_ID', value: '={{ $json.deal }}' }] },
			},
			{ input: [{ json: { deal: 'D1' } }, { json: { deal: 'D2' } }, { json: { deal: 'D3' } }] },
		);
		expect(fixture.sim.requests.map((request) => (request.body as { labels: object }).labels)).toEqual([
			{ DEAL_ID: 'D1' },
			{ DEAL_ID: 'D2' },
			{ DEAL_ID: 'D3' },
		]);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	describe('bad input is refused before any request', () => {
		it.each<[string, Record<string, unknown>, string]>([
			['ttl 0', { ttl: 0 }, 'Time To Live (Hours): "0" is outside 1 to 960'],
			['ttl 961', { ttl: 961 }, 'Time To Live (Hours): "961" is outside 1 to 960'],
			['ttl 1.5', { ttl: 1.5 }, 'Time To Live (Hours): "1.5" is outside 1 to 960'],
			['an empty template id', { templateId: '  ' }, 'Template ID: empty'],
			['invalid JSON in field overrides', { fieldOverrides: '{"a": ' }, 'Template Field Overrides: invalid JSON'],
			['a list in field overrides', { fieldOverrides: '[1]' }, 'Template Field Overrides: "[1]" is not a JSON object'],
			['invalid JSON template', { templateSource: 'json', templateJson: '{id: 1}' }, 'Template (JSON): invalid JSON'],
			['an empty label key', { labels: { label: [{ key: '', value: 'x' }] } }, 'Labels: a row has an empty name (value "x")'],
			['a repeated label key', { labels: { label: [{ key: 'A', value: '1' }, { key: 'A', value: '2' }] } }, 'Labels: "A" appears twice'],
			['a repeated field id', { initialValues: { value: [{ fieldId: 'f', value: '1' }, { fieldId: 'f', value: '2' }] } }, 'Initial Values: "f" appears twice'],
			['a bad invitation address', { recipient: { invitationAddresses: ['not an address'] } }, 'Invitation Addresses: "not an address" is neither an email address nor a phone number'],
			['a bad OTP address', { recipient: { otpAddress: 'x' } }, 'OTP Address: "x" is neither an email address nor a phone number'],
			['an integration without a URL scheme', { integrations: { integration: [{ type: 'webhook', url: 'example.com/x' }] } }, 'Integrations: "example.com/x" is not an http(s) URL'],
			['an integration without type', { integrations: { integration: [{ type: '', url: 'https://x.example.com' }] } }, 'Integrations: the integration for "https://x.example.com" has no type'],
		])('should refuse %s', async (_label, parameters, message) => {
			const { error, items } = await fixture.run({ operation: 'create', templateId: 'tpl-loan', ...parameters });
			expect(items).toEqual([]);
			expect(error?.message.startsWith(message)).toBe(true);
			expect(error?.description).toEqual(expect.any(String));
			expect(fixture.sim.requests).toHaveLength(0);
		});
	});

	it("should show Cellosign's 400 details when the template is unknown", async () => {
		const { error } = await fixture.run({ operation: 'create', templateId: 'no-such-template' });
		expect(fixture.sim.requests).toHaveLength(1);
		expect(error?.message).toMatch(/^Cellosign rejected the request to create the session: template: /);
		expect(error?.description).toContain('400');
	});
});
