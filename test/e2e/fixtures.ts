/**
 * What the real-n8n e2e suite, the demo (scripts/demo.ts) and the screenshot script share: the
 * fixed ids of the example workflows and credentials, loading the workflow files, and checks whose
 * failure messages say what broke (package not loaded, unknown node or credential type, webhook
 * path not registered) instead of only "expected 200, received 404".
 */
import * as fs from 'fs';
import * as path from 'path';

import { createInstance } from './lib/n8n';
import type { ExecuteResult, ExecutionRecord, N8nInstance } from './lib/n8n';
import type { CellosignSimulator, PostbackResult, RecordedRequest } from '../simulator';

export const ROOT = path.resolve(__dirname, '..', '..');
export const EXAMPLES_DIR = path.join(ROOT, 'examples');
export const E2E_WORKFLOWS_DIR = path.join(__dirname, 'workflows');

/** The n8n address written into the examples (n8n's default); replaced by the real one on import. */
export const EXAMPLE_BASE_URL = 'http://localhost:5678';

/** Template id used by the send-form example; the simulator must know it. */
export const TEMPLATE_ID = '5838e3a61d7c40e08a092dee31e5833a';

export const API_CREDENTIAL = { id: 'cellosignApi0001', name: 'Cellosign account', type: 'cellosignApi' } as const;
export const SECRET_CREDENTIAL = { id: 'cellosignSecret1', name: 'Cellosign webhook secret', type: 'cellosignSecretApi' } as const;
/** The Cellosign Webhook Secret of the examples; the simulator uses the same values for its Secret. */
export const SECRET = { username: 'cellosign-postbacks', password: 'demo-secret-Xq7Lm2Rt9Vw4Kp8N', lifetimeSeconds: 3600 } as const;

export const EXAMPLES = {
	scheduledSync: { file: 'scheduled-sync.json', id: 'cellosignSync001' },
	sendForm: { file: 'send-form.json', id: 'cellosignSend001' },
	onSubmission: { file: 'on-submission.json', id: 'cellosignSubmit1', webhookId: '5f3c1a2e-7b4d-4c8e-9a01-0c5e11051001' },
	liveFieldLookup: { file: 'live-field-lookup.json', id: 'cellosignLookup1', webhookId: '5f3c1a2e-7b4d-4c8e-9a01-0c5e11051002' },
} as const;

/** Small workflows only the e2e suite uses (test/e2e/workflows/). */
export const E2E_WORKFLOWS = {
	getSession: { file: 'get-session.json', id: 'e2eGetSession001', reference: '7932390e-ee95-4888-ba64-9c7e6f2f5908' },
	deleteSession: { file: 'delete-session.json', id: 'e2eDelSession001', reference: 'e0711799-5086-4540-b65d-cdb1d3a380c0' },
	getManyLimit: { file: 'get-many-limit.json', id: 'e2eGetManyLimit1' },
	allEvents: { file: 'all-events.json', id: 'e2eAllEvents0001', webhookId: '5f3c1a2e-7b4d-4c8e-9a01-0c5e11051003' },
} as const;

export interface WorkflowJson {
	id: string;
	name: string;
	nodes: Array<{ name: string; type: string; webhookId?: string; parameters: Record<string, unknown> }>;
	[key: string]: unknown;
}

/**
 * Reads a workflow file. `publicBaseUrl` (e.g. `http://localhost:5699`) replaces the examples'
 * `http://localhost:5678`, so the send-form example's Integration URL points at this n8n.
 */
export function loadWorkflow(file: string, publicBaseUrl?: string): WorkflowJson {
	let text = fs.readFileSync(file, 'utf8');
	if (publicBaseUrl) text = text.split(EXAMPLE_BASE_URL).join(publicBaseUrl.replace(/\/$/, ''));
	return JSON.parse(text) as WorkflowJson;
}

export function loadExamples(publicBaseUrl?: string): WorkflowJson[] {
	return Object.values(EXAMPLES).map(({ file }) => loadWorkflow(path.join(EXAMPLES_DIR, file), publicBaseUrl));
}

export function loadE2eWorkflows(): WorkflowJson[] {
	return Object.values(E2E_WORKFLOWS).map(({ file }) => loadWorkflow(path.join(E2E_WORKFLOWS_DIR, file)));
}

/** Both credentials of the examples, the API one pointing at a Cellosign (simulator). */
export function credentialsFor(api: { baseUrl: string; token: string; project: string }): object[] {
	return [
		{ ...API_CREDENTIAL, data: { accessToken: api.token, projectName: api.project, baseUrl: api.baseUrl } },
		{ ...SECRET_CREDENTIAL, data: { ...SECRET } },
	];
}

/** The `secret` option of `sim.firePostback` for a trigger: its token URL and the example Secret. */
export function secretFor(n8n: N8nInstance, webhookId: string) {
	return { tokenUrl: n8n.webhookUrl(webhookId, 'token'), username: SECRET.username, password: SECRET.password };
}

/** The public address of an instance (what WEBHOOK_URL says), used in the examples' URLs. */
export function publicBaseUrl(n8n: N8nInstance): string {
	return `http://localhost:${n8n.port}`;
}

// ---------------------------------------------------------------------------------------------
// Checks with messages that say what broke

/** A timestamp without a zone, UTC, as Cellosign writes them: 2026-12-04T15:00:00.000000. */
export function naiveUtc(date: Date): string {
	return `${date.toISOString().slice(0, 19)}.000000`;
}

const KNOWN_PROBLEMS: Array<[RegExp, (match: RegExpMatchArray) => string]> = [
	[/Failed to load package[^\n]*/i, (m) => `n8n could not load the community package: ${m[0].trim()}`],
	[/Cannot find module '([^']+)'/, (m) => `a file named in the package is missing: ${m[1]} (check the "n8n" section of package.json and the build)`],
	[/Unrecognized node type: ([^\s"]+)/i, (m) => `n8n does not know the node type ${m[1]}: the package did not load, or the node's name changed`],
	[/Unrecognized credential type: ([^\s"]+)/i, (m) => `n8n does not know the credential type ${m[1]}: the package did not load it, or the credential's name changed`],
	[/Credential type "?([\w-]+)"? (?:is )?not (?:known|found)[^\n]*/i, (m) => `n8n does not know the credential type ${m[1]}`],
	[/Node does not have any credentials set[^\n]*/i, (m) => `the node found no credential of the type it asks for: ${m[0].trim()}`],
	[/Credentials? with ID "?[^"\s]+"? (?:does not exist|not found)[^\n]*/i, (m) => `a credential is missing: ${m[0].trim()}`],
];

/** Known causes found in n8n output, one line each. */
export function diagnose(output: string): string[] {
	const found: string[] = [];
	for (const [pattern, explain] of KNOWN_PROBLEMS) {
		const match = output.match(pattern);
		if (match) found.push(explain(match));
	}
	return found;
}

function lastLines(text: string, count: number): string {
	return text.split('\n').filter((line) => line.trim() !== '').slice(-count).join('\n');
}

/**
 * Throws unless `n8n execute` succeeded; the message names the cause and shows the output. With
 * `requests` (the simulator's log) it also says what reached Cellosign: nothing at all points at a
 * request n8n could not build or send (base URL, path), not at Cellosign's answer.
 */
export function assertExecutionSucceeded(result: ExecuteResult, workflowId: string, requests?: RecordedRequest[]): void {
	if (result.exitCode === 0 && result.status === 'success') return;
	const causes = diagnose(`${result.error ?? ''}\n${result.stdout}`);
	const nodeErrors = Object.entries(result.runData)
		.filter(([, runs]) => runs[0]?.error)
		.map(([name, runs]) => {
			const error = runs[0].error ?? {};
			return `node "${name}": ${error.message ?? '?'}${error.description ? ` (${error.description})` : ''}`;
		});
	throw new Error(
		[
			`n8n execute --id=${workflowId} failed: exit ${result.exitCode}, status ${result.status ?? 'none'}`,
			`error: ${result.error ?? '(none)'}`,
			...nodeErrors,
			...causes.map((cause) => `cause: ${cause}`),
			...(requests === undefined
				? []
				: [
						requests.length === 0
							? 'Cellosign (simulator) received no request: n8n failed before sending (check the URL it builds from the credential and the operation)'
							: `Cellosign (simulator) received: ${requests.map((request) => `${request.method} ${request.path}${request.query ? `?${request.query}` : ''}`).join(', ')}`,
					]),
			'--- n8n output (tail) ---',
			lastLines(result.stdout, 30),
		].join('\n'),
	);
}

/** The items a node emitted; throws with the nodes that did run and their errors when it did not. */
export function outputOf(runData: ExecuteResult['runData'], nodeName: string): Array<Record<string, unknown>> {
	const runs = runData[nodeName];
	if (!runs || runs.length === 0) {
		const ran = Object.entries(runData)
			.map(([name, nodeRuns]) => `${name}${nodeRuns[0]?.error ? ` (error: ${nodeRuns[0].error.message})` : ''}`)
			.join(', ');
		throw new Error(`node "${nodeName}" did not run; nodes that ran: ${ran || 'none'}`);
	}
	const [run] = runs;
	if (run.error) throw new Error(`node "${nodeName}" failed: ${run.error.message}${run.error.description ? ` (${run.error.description})` : ''}`);
	return (run.data?.main?.[0] ?? []).map((item) => item.json);
}

/**
 * Throws unless a postback got the expected HTTP status. Explains the usual causes: a token URL or
 * webhook path n8n does not serve (404: workflow not published, or the trigger lost that path),
 * a token request that failed, n8n not answering. Includes n8n's log tail.
 */
export function assertPostbackStatus(result: PostbackResult, expected: number, url: string, n8n: N8nInstance): void {
	if (result.status === expected) return;
	const lines = [`POST ${url}: expected HTTP ${expected}, got ${result.status === 0 ? 'no answer' : result.status}`];
	const token = result.tokenResponse;
	if (result.status === 0 && token) {
		lines.push(`the Secret handshake failed: the token URL answered ${token.status} ${JSON.stringify(token.body)}`);
		if (token.status === 404) {
			lines.push('cause: n8n has no webhook at the token URL (…/token): is the workflow published, and does the trigger still declare the "token" webhook path?');
		}
	} else if (result.status === 404) {
		lines.push('cause: n8n has no production webhook at this URL: is the workflow published (active), and does the trigger still declare this webhook path?');
	}
	lines.push(`reply: ${result.rawBody.slice(0, 500)}`);
	lines.push(...diagnose(n8n.logTail(200)).map((cause) => `cause: ${cause}`));
	lines.push('--- n8n log (tail) ---', n8n.logTail(30));
	throw new Error(lines.join('\n'));
}

/** PIDs of processes whose working directory is inside `dir` (n8n and its task runners run in their user folder). */
export function processesIn(dir: string): number[] {
	const pids: number[] = [];
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const cwd = fs.readlinkSync(`/proc/${entry}/cwd`);
			if (cwd === dir || cwd.startsWith(`${dir}/`) || cwd.startsWith(`${dir} (deleted)`)) pids.push(Number(entry));
		} catch {
			// Gone, or not ours to read.
		}
	}
	return pids;
}

/**
 * Like `n8n.waitForExecutions`, but also waits until every execution's data is stored: n8n 1.x
 * marks an execution finished a moment before its run data is written.
 */
export async function waitForExecutionData(n8n: N8nInstance, workflowId: string, count: number, timeoutMs = 30_000): Promise<ExecutionRecord[]> {
	const started = Date.now();
	for (;;) {
		const executions = await n8n.waitForExecutions(workflowId, count, { timeoutMs });
		const missing = executions.filter((execution) => Object.keys(execution.runData).length === 0 && !execution.error);
		if (missing.length === 0) return executions;
		if (Date.now() - started > timeoutMs) {
			throw new Error(`workflow ${workflowId}: executions ${missing.map((execution) => execution.id).join(', ')} finished but have no stored run data after ${timeoutMs} ms`);
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** Throws unless a stored execution succeeded; the message names the failing node and the cause. */
export function assertStoredExecutionSucceeded(execution: ExecutionRecord, workflowId: string, n8n: N8nInstance): void {
	if (execution.status === 'success') return;
	const nodeErrors = Object.entries(execution.runData)
		.filter(([, runs]) => runs[0]?.error)
		.map(([name, runs]) => {
			const error = runs[0].error ?? {};
			return `node "${name}": ${error.message ?? '?'}${error.description ? ` (${error.description})` : ''}`;
		});
	const causes = diagnose(`${execution.error ?? ''}\n${n8n.logTail(200)}`);
	throw new Error(
		[
			`execution ${execution.id} of workflow ${workflowId} ended with status ${execution.status}`,
			`error: ${execution.error ?? '(none)'}`,
			...nodeErrors,
			...causes.map((cause) => `cause: ${cause}`),
			'--- n8n log (tail) ---',
			n8n.logTail(20),
		].join('\n'),
	);
}

/** n8n's log tail without the 404 lines that waiting for a webhook produces itself. */
export function quietLogTail(n8n: N8nInstance, lines = 20): string {
	return n8n
		.logTail(400)
		.split('\n')
		.filter((line) => !/Received request for unknown webhook|^404 The requested webhook|not registered for GET requests/.test(line))
		.slice(-lines)
		.join('\n');
}

/**
 * Waits until n8n serves every webhook path of a published trigger (`<base>/webhook/<webhookId>/<path>`).
 * All paths of one node register together, so once the first answers, a missing one is missing for good.
 */
export async function waitForTriggerPaths(n8n: N8nInstance, webhookId: string, paths: string[] = ['webhook', 'token']): Promise<void> {
	const [first, ...rest] = paths;
	try {
		await n8n.waitForWebhook(`${webhookId}/${first}`);
	} catch (error) {
		throw new Error(
			[
				`n8n has no production webhook ${webhookId}/${first} (404): the workflow is not published, it failed to activate, or its trigger no longer declares the "${first}" path`,
				(error as Error).message.split('\n')[0],
				...diagnose(n8n.logTail(400)).map((cause) => `cause: ${cause}`),
				'--- n8n log (tail, without the 404 probes) ---',
				quietLogTail(n8n),
			].join('\n'),
		);
	}
	for (const webhookPath of rest) {
		try {
			await n8n.waitForWebhook(`${webhookId}/${webhookPath}`, { timeoutMs: 5_000 });
		} catch (error) {
			throw new Error(
				[
					`n8n serves ${webhookId}/${first} but not ${webhookId}/${webhookPath} (404): the trigger no longer declares its "${webhookPath}" webhook path` +
						(webhookPath === 'token' ? ' (Cellosign Secrets fetch their bearer token there)' : ''),
					(error as Error).message.split('\n')[0],
				].join('\n'),
			);
		}
	}
}

/** The tarball globalSetup packed once for every e2e file. */
export function packedTarball(): string {
	const file = process.env.CELLOSIGN_E2E_TARBALL;
	if (!file) throw new Error('CELLOSIGN_E2E_TARBALL is not set: run through jest -c jest.e2e.config.js (its globalSetup packs the package)');
	return file;
}

/** A fresh n8n with the packed package, both credentials (pointing at `sim`) and every workflow imported. */
export async function createImportedInstance(sim: CellosignSimulator): Promise<N8nInstance> {
	const n8n = await createInstance({ packageTarball: packedTarball() });
	await n8n.importCredentials(credentialsFor(sim));
	await n8n.importWorkflows([...loadExamples(publicBaseUrl(n8n)), ...loadE2eWorkflows()]);
	return n8n;
}

/** Stops n8n and the simulator, then fails if any process is still running in n8n's user folder. */
export async function stopAndCheckNothingLeft(n8n: N8nInstance | undefined, sim: CellosignSimulator | undefined): Promise<void> {
	await n8n?.stop();
	await sim?.stop();
	const left = n8n ? processesIn(n8n.userFolder) : [];
	if (left.length > 0) throw new Error(`processes left running in ${n8n?.userFolder}: ${left.join(', ')}`);
}
