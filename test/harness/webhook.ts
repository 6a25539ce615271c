/**
 * Runs the Cellosign Trigger's `webhook()` behind a real HTTP server, through n8n-core's real
 * WebhookContext, the way n8n's webhook route does for a node of type version 1:
 *
 * 1. read the raw body (kept as `rawBody`) and parse it like n8n's body parser: application/json
 *    → object (malformed JSON → 422 before the node runs), x-www-form-urlencoded → object,
 *    text/plain → string, anything else → no body;
 * 2. resolve the webhook description's `responseMode` / `responseData` expressions for the node;
 * 3. call `webhook()` with a WebhookContext over the real request and response;
 * 4. answer as n8n does: nothing if the node replied itself (`noWebhookResponse`); the
 *    `webhookResponse` (else `{ message: 'Webhook call received' }`) when no execution starts;
 *    otherwise record the execution and answer per response mode: `onReceived` sends
 *    `responseData` if it is truthy (which is how a missing `responseData: ''` leaks the literal
 *    "firstEntryJson"), else `webhookResponse`; `lastNode` sends the first item of the last node,
 *    here the trigger itself (a workflow with no other node). A thrown error answers 500.
 *
 * Every request and the webhook call are bounded in time; `stop()` closes every socket.
 */
import { once } from 'events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo, Socket } from 'net';
import { parse as parseQuery } from 'querystring';

import { WebhookContext } from 'n8n-core';
import type {
	ICredentialType,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { CellosignApi } from '../../credentials/CellosignApi.credentials';
import { CellosignSecretApi } from '../../credentials/CellosignSecretApi.credentials';
import { CellosignTrigger } from '../../nodes/CellosignTrigger/CellosignTrigger.node';
import { clock } from '../../nodes/CellosignTrigger/token';
import { type CredentialsByType, TestCredentialsHelper } from './credentials';

export type TriggerPath = 'webhook' | 'token';

export interface StartTriggerServerOptions {
	parameters?: INodeParameters;
	/** Decrypted credential data by type, e.g. `{ cellosignSecretApi: { username, password } }`. */
	credentials?: CredentialsByType;
	webhookId?: string;
	workflowId?: string;
	/** Clock (milliseconds) for issuing and checking tokens while this server runs. */
	now?: () => number;
	/** Longest time one webhook() call may take. Default 10 s. */
	timeoutMs?: number;
}

export interface LogEntry {
	level: string;
	message: string;
	meta?: unknown;
}

export interface TriggerServer {
	/** Production-like URL of one of the trigger's webhooks. */
	url(path: TriggerPath): string;
	/** The `workflowData` of every execution the trigger started, in order. */
	executions: INodeExecutionData[][][];
	/** What `webhook()` returned, per request, in order. */
	results: IWebhookResponseData[];
	/** Errors `webhook()` threw (answered 500, as n8n does). */
	errors: Error[];
	/** Everything the node logged. */
	logs: LogEntry[];
	/** The `responseMode` and `responseData` n8n resolves from the webhook description. */
	responseOptions(path: TriggerPath): { responseMode: unknown; responseData: unknown };
	stop(): Promise<void>;
}

const NODE_NAME = 'Cellosign Trigger';
const MAX_BODY_BYTES = 16 * 1024 * 1024;
const REQUEST_TIMEOUT_MS = 10_000;

type RawRequest = IncomingMessage & {
	body?: unknown;
	rawBody?: Buffer;
	query?: IDataObject;
	params?: IDataObject;
	contentType?: string;
};
type ExpressLikeResponse = ServerResponse & {
	status(code: number): ExpressLikeResponse;
	json(body: unknown): ExpressLikeResponse;
	send(body?: unknown): ExpressLikeResponse;
};

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > MAX_BODY_BYTES) throw new Error('Request body too large');
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks);
}

/** Adds the few express methods n8n's webhook code and the node use. */
function expressLike(res: ServerResponse): ExpressLikeResponse {
	const response = res as ExpressLikeResponse;
	response.status = (code: number) => {
		response.statusCode = code;
		return response;
	};
	response.json = (body: unknown) => {
		if (!response.headersSent) response.setHeader('Content-Type', 'application/json; charset=utf-8');
		response.end(body === undefined ? '' : JSON.stringify(body));
		return response;
	};
	response.send = (body?: unknown) => {
		if (typeof body === 'object' && body !== null && !Buffer.isBuffer(body)) return response.json(body);
		response.end(body === undefined ? '' : body);
		return response;
	};
	return response;
}

/** Parses the body like n8n's `parseBody` for a version-1 webhook node. */
function parseBody(req: RawRequest, raw: Buffer): 'ok' | 'unprocessable' {
	req.rawBody = raw;
	const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
	req.contentType = contentType;
	if (raw.length === 0) return 'ok';
	const text = raw.toString('utf8').replace(/^\uFEFF/, '');
	try {
		if (contentType === 'application/json') req.body = JSON.parse(text);
		else if (contentType === 'application/x-www-form-urlencoded') req.body = parseQuery(text);
		else if (contentType === 'text/plain') req.body = text;
	} catch {
		return 'unprocessable';
	}
	return 'ok';
}

export async function startTriggerServer(options: StartTriggerServerOptions = {}): Promise<TriggerServer> {
	const nodeType: INodeType = new CellosignTrigger();
	const credentialTypes: ICredentialType[] = [new CellosignApi(), new CellosignSecretApi()];
	const credentials = options.credentials ?? {};
	const webhookId = options.webhookId ?? 'c3110519-0000-4000-8000-00000000a001';
	const workflowId = options.workflowId ?? 'workflowUnderTest';
	const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;

	const node: INode = {
		id: 'b5f6c7d8-0000-4000-8000-0000000000f1',
		name: NODE_NAME,
		type: 'n8n-nodes-cellosign.cellosignTrigger',
		typeVersion: 1,
		position: [0, 0],
		webhookId,
		parameters: options.parameters ?? {},
		credentials: Object.fromEntries(
			Object.keys(credentials).map((type) => [type, { id: `cred-${type}`, name: `Test ${type}` }]),
		),
	};
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({
		id: workflowId,
		name: 'Workflow under test',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		staticData: {},
		settings: { executionOrder: 'v1' },
	});
	// The Workflow constructor fills in parameter defaults: use its copy of the node from now on.
	const workflowNode = workflow.getNode(NODE_NAME) as INode;

	const executions: INodeExecutionData[][][] = [];
	const results: IWebhookResponseData[] = [];
	const errors: Error[] = [];
	const logs: LogEntry[] = [];
	const logger = Object.fromEntries(
		['error', 'warn', 'info', 'debug'].map((level) => [
			level,
			(message: string, meta?: unknown) => logs.push({ level, message, meta }),
		]),
	);

	const describeWebhook = (path: TriggerPath): IWebhookDescription => {
		const description = nodeType.description.webhooks?.find((webhook) => webhook.path === path);
		if (!description) throw new Error(`The trigger has no webhook with path "${path}"`);
		return description;
	};
	const responseOptions = (path: TriggerPath) => {
		const description = describeWebhook(path);
		return {
			responseMode: workflow.expression.getSimpleParameterValue(
				workflowNode,
				description.responseMode,
				'internal',
				{},
				undefined,
				'onReceived',
			),
			responseData: workflow.expression.getComplexParameterValue(
				workflowNode,
				description.responseData,
				'internal',
				{},
				undefined,
				'firstEntryJson',
			),
		};
	};

	const runWebhook = async (req: RawRequest, res: ExpressLikeResponse, path: TriggerPath) => {
		const additionalData = {
			credentialsHelper: new TestCredentialsHelper(credentialTypes, credentials),
			httpRequest: req,
			httpResponse: res,
			restApiUrl: 'http://127.0.0.1:5678/rest',
			instanceBaseUrl: 'http://127.0.0.1:5678/',
			webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
			webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
			webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
			formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
			variables: {},
		} as unknown as IWorkflowExecuteAdditionalData;
		const webhookDescription = describeWebhook(path);
		const webhookData: IWebhookData = {
			httpMethod: 'POST',
			node: NODE_NAME,
			path: `${webhookId}/${path}`,
			webhookDescription,
			workflowId,
			workflowExecuteAdditionalData: additionalData,
			webhookId,
		};
		const context = new WebhookContext(workflow, workflowNode, additionalData, 'webhook', webhookData, [], null);
		Object.defineProperty(context, 'logger', { value: logger });
		const { responseMode, responseData } = responseOptions(path);

		let result: IWebhookResponseData;
		try {
			result = await withTimeout(
				Promise.resolve((nodeType.webhook as NonNullable<INodeType['webhook']>).call(context)),
				timeoutMs,
				'webhook()',
			);
		} catch (error) {
			errors.push(error as Error);
			if (!res.headersSent) res.status(500).json({ code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
			return;
		}
		results.push(result);
		if (result.noWebhookResponse === true) {
			if (result.workflowData !== undefined) executions.push(result.workflowData);
			return;
		}
		if (result.workflowData === undefined) {
			res.status(200).json(result.webhookResponse ?? { message: 'Webhook call received' });
			return;
		}
		executions.push(result.workflowData);
		if (responseMode === 'lastNode') {
			// The trigger is the last (only) node: n8n answers with its first item's JSON.
			const first = result.workflowData[0]?.[0];
			if (!first) res.status(500).json({ message: 'No item to return was found' });
			else res.status(200).json(responseData === 'noData' ? undefined : first.json);
			return;
		}
		if (responseMode === 'responseNode') {
			// A Respond to Webhook node would answer; the harness runs no workflow behind the trigger.
			res.status(204).end();
			return;
		}
		if (responseMode !== 'onReceived') {
			res.status(500).json({ message: `The harness does not emulate response mode "${String(responseMode)}"` });
			return;
		}
		const body =
			responseData === 'noData'
				? undefined
				: responseData
					? responseData
					: (result.webhookResponse ?? { message: 'Workflow was started' });
		res.status(200).send(body);
	};

	const handle = async (request: IncomingMessage, response: ServerResponse) => {
		const req = request as RawRequest;
		const res = expressLike(response);
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const match = /^\/webhook\/([^/]+)\/(webhook|token)\/?$/.exec(url.pathname);
		if (!match || match[1] !== webhookId || req.method !== 'POST') {
			res.status(404).json({ code: 404, message: 'The requested webhook is not registered.' });
			return;
		}
		req.query = Object.fromEntries(url.searchParams);
		req.params = {};
		if (parseBody(req, await readBody(req)) === 'unprocessable') {
			res.status(422).json({ code: 422, message: 'Failed to parse request body' });
			return;
		}
		await runWebhook(req, res, match[2] as TriggerPath);
	};

	const sockets = new Set<Socket>();
	const server: Server = createServer((request, response) => {
		handle(request, response).catch((error: Error) => {
			errors.push(error);
			if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'application/json' });
			response.end(JSON.stringify({ message: error.message }));
		});
	});
	server.requestTimeout = REQUEST_TIMEOUT_MS;
	server.headersTimeout = REQUEST_TIMEOUT_MS;
	server.keepAliveTimeout = 1000;
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	server.listen(0, '127.0.0.1');
	await withTimeout(once(server, 'listening'), 5000, 'Starting the trigger server');
	const { port } = server.address() as AddressInfo;

	const originalNow = clock.now;
	if (options.now) clock.now = options.now;

	return {
		url: (path) => `http://127.0.0.1:${port}/webhook/${webhookId}/${path}`,
		executions,
		results,
		errors,
		logs,
		responseOptions,
		async stop() {
			clock.now = originalNow;
			const closed = new Promise<void>((resolve) => server.close(() => resolve()));
			server.closeAllConnections();
			for (const socket of sockets) socket.destroy();
			await withTimeout(closed, 5000, 'Stopping the trigger server');
		},
	};
}

export interface PostOptions {
	/** Sent as application/json. */
	json?: unknown;
	/** Sent as is, with `contentType` (default text/plain; '' for no Content-Type at all). */
	text?: string;
	/** Sent as application/x-www-form-urlencoded. */
	form?: Record<string, string>;
	contentType?: string;
	headers?: Record<string, string>;
}

export interface PostResult {
	status: number;
	/** Parsed JSON, else the raw text. */
	body: unknown;
	text: string;
	headers: Record<string, string>;
}

/** POSTs to a URL and reads the whole answer, within 10 s. */
export async function post(url: string, options: PostOptions = {}): Promise<PostResult> {
	const headers: Record<string, string> = { ...(options.headers ?? {}) };
	let body: string | Uint8Array | undefined;
	if (options.json !== undefined) {
		body = JSON.stringify(options.json);
		headers['content-type'] ??= 'application/json';
	} else if (options.form !== undefined) {
		body = new URLSearchParams(options.form).toString();
		headers['content-type'] ??= 'application/x-www-form-urlencoded';
	} else if (options.text !== undefined) {
		// contentType '' sends bytes, for which fetch adds no Content-Type header.
		body = options.contentType === '' ? new Uint8Array(Buffer.from(options.text)) : options.text;
		if (options.contentType !== '') headers['content-type'] ??= options.contentType ?? 'text/plain';
	}
	const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
	const text = await response.text();
	let parsed: unknown = text;
	try {
		parsed = JSON.parse(text);
	} catch {
		// not JSON: keep the text
	}
	const responseHeaders: Record<string, string> = {};
	response.headers.forEach((value, name) => {
		responseHeaders[name] = value;
	});
	return { status: response.status, body: parsed, text, headers: responseHeaders };
}
