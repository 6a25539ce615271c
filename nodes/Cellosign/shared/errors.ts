import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

export type SessionOperation = 'getAll' | 'get' | 'create' | 'delete';

/** What the request was for, so an error can say what to check. */
export interface RequestContext {
	operation: SessionOperation;
	projectName: string;
	reference?: string;
	page?: number;
}

/** The parts of a failed request worth showing: never the request itself, which holds the token. */
export interface Failure {
	status?: number;
	body?: unknown;
	code?: string;
	/** The HTTP client's own message, used only to recognise an invalid URL. */
	message?: string;
}

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT']);
const MAX_DETAILS_LENGTH = 600;

/** Marks errors this module built, so they pass through the request wrappers unchanged. */
const CELLOSIGN_ERROR = Symbol('cellosignError');

/** Reads status, response body and network error code from what n8n's HTTP helpers threw. */
export function describeFailure(error: unknown): Failure {
	const candidate = error as {
		httpCode?: string | null;
		code?: string;
		context?: { data?: unknown };
		message?: string;
		cause?: { status?: number; code?: string; message?: string; response?: { status?: number; data?: unknown } };
	};
	const cause = candidate?.cause;
	const statusText = cause?.response?.status ?? cause?.status ?? candidate?.httpCode ?? undefined;
	const status = statusText === undefined || statusText === null ? undefined : Number(statusText);
	return {
		status: Number.isInteger(status) && (status as number) >= 100 ? status : undefined,
		body: cause?.response?.data ?? candidate?.context?.data,
		code: cause?.code ?? candidate?.code,
		message: cause?.message ?? candidate?.message,
	};
}

/** Cellosign's error body (DRF style `{detail}` or `{field: [messages]}`) as one readable line. */
export function formatErrorDetails(body: unknown): string {
	let text: string;
	if (body === undefined || body === null || body === '') {
		text = '';
	} else if (typeof body === 'string') {
		text = body;
	} else if (typeof body === 'object' && !Array.isArray(body)) {
		text = Object.entries(body as Record<string, unknown>)
			.map(([key, value]) => {
				const message = Array.isArray(value)
					? value.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' ')
					: typeof value === 'string'
						? value
						: JSON.stringify(value);
				return key === 'detail' || key === 'non_field_errors' ? message : `${key}: ${message}`;
			})
			.join('; ');
	} else {
		text = JSON.stringify(body);
	}
	return text.length > MAX_DETAILS_LENGTH ? `${text.slice(0, MAX_DETAILS_LENGTH)}…` : text;
}

function retryAdvice(operation: SessionOperation): string {
	switch (operation) {
		case 'create':
			return 'The session may or may not have been created: look for it with Get Many (for example by Created After) before you retry, or you may send the form twice.';
		case 'delete':
			return 'Retrying is safe: if the first attempt went through, the retry answers that the session was not found.';
		default:
			return 'Retrying is safe for reads: turn on Retry On Fail in the node settings to retry automatically.';
	}
}

function subject(context: RequestContext): string {
	const what = {
		getAll: 'list sessions',
		get: 'get the session',
		create: 'create the session',
		delete: 'delete the session',
	}[context.operation];
	return context.page === undefined ? what : `${what} (page ${context.page})`;
}

function build(node: INode, failure: Failure, message: string, description: string): NodeApiError {
	const error = new NodeApiError(node, { httpCode: String(failure.status ?? ''), body: failure.body } as unknown as JsonObject, {
		message,
		description,
		httpCode: failure.status === undefined ? undefined : String(failure.status),
	});
	Object.defineProperty(error, CELLOSIGN_ERROR, { value: true });
	return error;
}

/**
 * Turns a failed Cellosign request into a NodeApiError a person can act on. Errors this package
 * already raised (bad input, our own API errors) pass through unchanged.
 */
export function toCellosignError(node: INode, error: unknown, context: RequestContext): Error {
	if (error instanceof NodeOperationError || (error as Record<symbol, unknown>)?.[CELLOSIGN_ERROR]) {
		return error as Error;
	}
	const failure = describeFailure(error);
	const { status } = failure;
	const details = formatErrorDetails(failure.body);
	const project = `"${context.projectName}"`;
	const answered = (code: number) => `Cellosign answered ${code}${details ? `: ${details.replace(/\.$/, '')}` : ''}.`;

	if (status === undefined && (failure.code === 'ERR_INVALID_URL' || /invalid url/i.test(failure.message ?? ''))) {
		return build(
			node,
			failure,
			`The Base URL of the Cellosign API credential is not a valid URL`,
			'Enter the full address, starting with https:// (for example https://app.cellosign.com/api/v3), in the credential.',
		);
	}
	if (status === undefined) {
		const timedOut = failure.code !== undefined && TIMEOUT_CODES.has(failure.code);
		// The network code stays out of the message: n8n swaps any message naming one for its own text.
		const reason = failure.code ? ` (${failure.code})` : '';
		return build(
			node,
			failure,
			timedOut
				? `Cellosign did not answer in time when trying to ${subject(context)}`
				: `Could not reach Cellosign to ${subject(context)}`,
			timedOut
				? `The request timed out${reason}. Raise Options → Timeout if Cellosign is slow. ${retryAdvice(context.operation)}`
				: `The connection failed${reason}. Check the Base URL in the Cellosign API credential and that the host is reachable from n8n. ${retryAdvice(context.operation)}`,
		);
	}
	if (status === 400) {
		return build(
			node,
			failure,
			`Cellosign rejected the request to ${subject(context)}: ${details || 'bad or missing parameters'}`,
			'Cellosign answered 400 Bad Request. Fix the parameters named above and run the node again.',
		);
	}
	if (status === 401 || status === 403) {
		return build(
			node,
			failure,
			`The access token has no access to project ${project}`,
			`${answered(status)} Check the Access Token and the Project Name in the Cellosign API credential: a token reaches only the projects of its service user.`,
		);
	}
	if (status === 404) {
		return context.reference === undefined
			? build(
					node,
					failure,
					`Cellosign does not know project ${project}`,
					`${answered(404)} Check the Project Name and the Base URL in the Cellosign API credential.`,
				)
			: build(
					node,
					failure,
					`No session with reference "${context.reference}" in project ${project}`,
					`${answered(404)} The session may have been deleted or purged (Cellosign removes completed sessions after a few days), or it belongs to another project.`,
				);
	}
	if (status >= 500) {
		return build(
			node,
			failure,
			`Cellosign failed to ${subject(context)} (HTTP ${status})`,
			`${answered(status)} This is a problem on Cellosign's side. ${retryAdvice(context.operation)}`,
		);
	}
	return build(
		node,
		failure,
		`Cellosign refused to ${subject(context)} (HTTP ${status})`,
		answered(status),
	);
}
