import type { IExecuteSingleFunctions, IHttpRequestOptions, IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A NodeOperationError for one field: what is wrong with which value, and how to fix it. Thrown from
 * a request hook, n8n-core's routing engine re-raises it as a NodeApiError with the same message and
 * description (with Continue On Fail the item keeps the NodeOperationError).
 */
export function invalidField(
	context: IExecuteSingleFunctions,
	field: string,
	problem: string,
	fix: string,
): NodeOperationError {
	return new NodeOperationError(context.getNode(), `${field}: ${problem}`, {
		description: fix,
		itemIndex: context.getItemIndex(),
	});
}

/** Shows a value inside an error message without flooding it. */
export function quote(value: unknown): string {
	const text = typeof value === 'string' ? value : JSON.stringify(value);
	return `"${text !== undefined && text.length > 80 ? `${text.slice(0, 80)}…` : text}"`;
}

/** preSend (Get, Delete): the reference must be a session UUID before anything is sent. */
export async function validateReference(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const reference = String(this.getNodeParameter('reference', '')).trim();
	if (!UUID.test(reference)) {
		throw invalidField(
			this,
			'Session Reference',
			`${quote(reference)} is not a session reference`,
			'Use the session\'s "reference" (a UUID such as e0711799-5086-4540-b65d-cdb1d3a380c0), not its 10-character "id". Create and Get Many return it on every session.',
		);
	}
	return requestOptions;
}

/** Get Many's Limit, checked because an expression can bypass the editor's minimum. */
export function readLimit(context: IExecuteSingleFunctions): number {
	const limit = context.getNodeParameter('limit', 50) as unknown;
	if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
		throw invalidField(
			context,
			'Limit',
			`${quote(limit)} is not a whole number of at least 1`,
			'Set Limit to 1 or more, or turn on Return All to fetch every matching session.',
		);
	}
	return limit;
}

/** Reads a JSON parameter that may hold text (typed in the editor) or an object (from an expression). */
export function readJsonObject(context: IExecuteSingleFunctions, parameter: string, field: string): IDataObject | undefined {
	const raw = context.getNodeParameter(parameter, '') as unknown;
	if (raw === '' || raw === undefined || raw === null) return undefined;
	let value = raw;
	if (typeof raw === 'string') {
		if (raw.trim() === '') return undefined;
		try {
			value = JSON.parse(raw);
		} catch (error) {
			throw invalidField(
				context,
				field,
				`invalid JSON (${(error as Error).message})`,
				'Enter a JSON object such as {"key": "value"}, or map an object with an expression.',
			);
		}
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw invalidField(
			context,
			field,
			`${quote(raw)} is not a JSON object`,
			'Enter a JSON object (in curly braces), not a list or a single value.',
		);
	}
	return value as IDataObject;
}
