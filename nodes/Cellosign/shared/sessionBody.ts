import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { invalidField, quote, readJsonObject } from './validation';

const MIN_TTL_HOURS = 1;
const MAX_TTL_HOURS = 960;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 ()-]{4,}$/;

interface KeyValue {
	key?: string;
	fieldId?: string;
	value?: unknown;
}

function readTtl(context: IExecuteSingleFunctions): number {
	const ttl = context.getNodeParameter('ttl', 72) as unknown;
	if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < MIN_TTL_HOURS || ttl > MAX_TTL_HOURS) {
		throw invalidField(
			context,
			'Time To Live (Hours)',
			`${quote(ttl)} is outside 1 to 960`,
			'Cellosign keeps a session open for 1 to 960 hours (40 days). Enter a whole number in that range; 72 is the default.',
		);
	}
	return ttl;
}

function readTemplate(context: IExecuteSingleFunctions): IDataObject {
	if (context.getNodeParameter('templateSource', 'id') === 'json') {
		const template = readJsonObject(context, 'templateJson', 'Template (JSON)');
		if (template === undefined) {
			throw invalidField(context, 'Template (JSON)', 'empty', 'Enter the template object, for example {"id": "5838e3a61d7c40e08a092dee31e5833a"}.');
		}
		return template;
	}
	const id = String(context.getNodeParameter('templateId', '') ?? '').trim();
	if (id === '') {
		throw invalidField(
			context,
			'Template ID',
			'empty',
			'Enter the ID of a template of this project (Cellosign UI → Templates), or switch Template Source to "As JSON".',
		);
	}
	const fields = readJsonObject(context, 'fieldOverrides', 'Template Field Overrides');
	return fields && Object.keys(fields).length > 0 ? { id, fields } : { id };
}

/** Turns a list of name/value rows into an object, refusing empty and repeated names. */
function readPairs(
	context: IExecuteSingleFunctions,
	parameter: string,
	field: string,
	nameKey: 'key' | 'fieldId',
): IDataObject | undefined {
	const rows = (context.getNodeParameter(parameter, []) as KeyValue[] | undefined) ?? [];
	if (rows.length === 0) return undefined;
	const result: IDataObject = {};
	for (const row of rows) {
		const name = String(row[nameKey] ?? '').trim();
		if (name === '') {
			throw invalidField(context, field, `a row has an empty name (value ${quote(row.value ?? '')})`, 'Fill in the name of every row or remove the empty row.');
		}
		if (name in result) {
			throw invalidField(context, field, `${quote(name)} appears twice`, 'Give each name once; Cellosign keeps one value per name.');
		}
		result[name] = (row.value ?? '') as IDataObject[string];
	}
	return result;
}

function checkAddress(context: IExecuteSingleFunctions, field: string, address: string): string {
	const trimmed = address.trim();
	if (!EMAIL.test(trimmed) && !PHONE.test(trimmed)) {
		throw invalidField(
			context,
			field,
			`${quote(address)} is neither an email address nor a phone number`,
			'Enter an email address (name@example.com) or a phone number (digits, optionally starting with +).',
		);
	}
	return trimmed;
}

function readRecipient(context: IExecuteSingleFunctions): IDataObject | undefined {
	const options = context.getNodeParameter('recipient', {}) as IDataObject;
	if (Object.keys(options).length === 0) return undefined;
	const recipient: IDataObject = {};
	if (options.invitationAddresses !== undefined) {
		const addresses = ([] as unknown[]).concat(options.invitationAddresses).map(String);
		if (addresses.length === 0) {
			throw invalidField(context, 'Invitation Addresses', 'no address given', 'Add at least one email address or phone number, or remove the option.');
		}
		recipient.invitations = addresses.map((address) => ({
			address: checkAddress(context, 'Invitation Addresses', address),
		}));
	}
	if (options.otpAddress !== undefined) {
		recipient.otp = { address: checkAddress(context, 'OTP Address', String(options.otpAddress)) };
	}
	if (options.isSystemUser !== undefined) recipient.is_system_user = options.isSystemUser;
	if (options.requireOtp !== undefined) recipient.is_require_otp = options.requireOtp;
	if (options.message !== undefined) recipient.message = options.message;
	return recipient;
}

function readIntegrations(context: IExecuteSingleFunctions): IDataObject[] | undefined {
	const rows = (context.getNodeParameter('integrations.integration', []) as IDataObject[] | undefined) ?? [];
	if (rows.length === 0) return undefined;
	return rows.map((row) => {
		const type = String(row.type ?? '').trim();
		const url = String(row.url ?? '').trim();
		if (type === '') {
			throw invalidField(context, 'Integrations', `the integration for ${quote(url)} has no type`, 'Enter the integration type your Cellosign implementer configured.');
		}
		if (!/^https?:\/\/[^\s]+$/i.test(url)) {
			throw invalidField(context, 'Integrations', `${quote(url)} is not an http(s) URL`, 'Enter the full URL Cellosign should call, e.g. the Production URL of a Cellosign Trigger.');
		}
		return { type, payload: { url } };
	});
}

/** preSend (Create): builds the documented create body, checking every value before anything is sent. */
export async function buildSessionBody(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const body: IDataObject = { ttl: readTtl(this), template: readTemplate(this) };
	const initial = readPairs(this, 'initialValues.value', 'Initial Values', 'fieldId');
	const recipient = readRecipient(this);
	const labels = readPairs(this, 'labels.label', 'Labels', 'key');
	const integrations = readIntegrations(this);
	if (initial) body.initial = initial;
	if (recipient) body.recipient = recipient;
	if (labels) body.labels = labels;
	if (integrations) body.integrations = integrations;
	return { ...requestOptions, body };
}
