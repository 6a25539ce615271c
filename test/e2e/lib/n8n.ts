/**
 * A real n8n instance for end-to-end tests, the demo and the benchmarks: a pinned n8n from the
 * cache (scripts/n8n/provision.sh), a fresh user folder, free ports on 127.0.0.1, and the package
 * under test installed the way n8n installs a community node.
 *
 *   const n8n = await createInstance({ packageTarball });   // n8n 2.41.1 unless `version` / $N8N_VERSION
 *   await n8n.importCredentials([...]); await n8n.importWorkflows([...]);
 *   const result = await n8n.execute('wfManual00000001');
 *   await n8n.publish('wfTrigger0000001'); await n8n.start(); await n8n.waitForWebhook(`${webhookId}/webhook`);
 *   ...
 *   await n8n.stop();                                         // always, e.g. in afterAll
 */
import { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { installCommunityPackage } from './community-package';
import { freePorts } from './free-ports';
import { httpRequest } from './http-request';
import { n8nEnvironment, n8nHas } from './n8n-environment';
import { findPackageLoadProblem, parseExecuteOutput, RunData, tail } from './n8n-output';
import { N8nInstallation, provision } from './n8n-provision';
import { CommandResult, runCommand, spawnTracked, stopTracked } from './processes';

export { packPackage } from './community-package';
export { httpRequest, HttpResponse } from './http-request';
export { ENCRYPTION_KEY, OWNER } from './n8n-environment';
export { nodeOutput, NodeRun, RunData } from './n8n-output';
export { N8nInstallation, provision } from './n8n-provision';
export { CommandResult } from './processes';

const CLI_TIMEOUT_MS = 120_000;
const START_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 20_000;
const READER_TIMEOUT_MS = 30_000;
const READ_EXECUTIONS_SCRIPT = path.join(__dirname, 'read-executions.js');

export interface CreateInstanceOptions {
	/** `npm pack` output of the package under test (see packPackage). */
	packageTarball: string;
	/** Exact n8n version; default $N8N_VERSION, else provision.sh's pinned default (2.41.1). */
	version?: string;
	/** HTTP port on 127.0.0.1; default: a free one. */
	port?: number;
	/** Keep the temporary user folder (DB, n8n.log) after stop(), for debugging. */
	keepUserFolder?: boolean;
}

export interface ExecuteResult {
	/** Exit code of `n8n execute`: 0 on success, 1 when a node failed. */
	exitCode: number;
	/** Status from the printed execution JSON: "success", "error", … */
	status: string | undefined;
	runData: RunData;
	/** `resultData.error.message` of a failed execution. */
	error: string | undefined;
	/** All the command printed on stdout (log lines + JSON). */
	stdout: string;
}

export interface ExecutionRecord {
	id: string;
	/** "new" | "running" | "success" | "error" | "canceled" | "crashed" | "waiting" */
	status: string;
	finished: boolean;
	/** "cli", "webhook", "trigger", … */
	mode: string;
	startedAt: string | null;
	stoppedAt: string | null;
	runData: RunData;
	error: string | undefined;
}

export interface CliOptions {
	timeoutMs?: number;
	/** Return a non-zero exit instead of throwing. */
	allowFailure?: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

export async function createInstance(options: CreateInstanceOptions): Promise<N8nInstance> {
	if (!fs.existsSync(options.packageTarball)) throw new Error(`package tarball not found: ${options.packageTarball}`);
	const installation = provision(options.version);
	const [freePort, serverBrokerPort, cliBrokerPort] = await freePorts(3);
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `n8n-e2e-${installation.version}-`));
	try {
		const packageName = await installCommunityPackage(userFolder, options.packageTarball);
		return new N8nInstance({
			installation,
			userFolder,
			packageName,
			port: options.port ?? freePort,
			serverBrokerPort,
			cliBrokerPort,
			keepUserFolder: options.keepUserFolder ?? false,
		});
	} catch (error) {
		fs.rmSync(userFolder, { recursive: true, force: true });
		throw error;
	}
}

interface InstanceSettings {
	installation: N8nInstallation;
	userFolder: string;
	packageName: string;
	port: number;
	serverBrokerPort: number;
	cliBrokerPort: number;
	keepUserFolder: boolean;
}

export class N8nInstance {
	readonly installation: N8nInstallation;
	/** N8N_USER_FOLDER; n8n keeps its data in `<userFolder>/.n8n` (database.sqlite, nodes/). */
	readonly userFolder: string;
	/** Name of the installed package under test, e.g. "n8n-nodes-cellosign". */
	readonly packageName: string;
	readonly port: number;
	/** http://127.0.0.1:<port> */
	readonly baseUrl: string;
	/** Output of `n8n start`. */
	readonly logFile: string;

	private readonly settings: InstanceSettings;
	private readonly env: NodeJS.ProcessEnv;
	private server: ChildProcess | undefined;
	private readonly cliProcesses = new Set<ChildProcess>();
	// CLI commands share one task-broker port, so they run one at a time.
	private cliQueue: Promise<unknown> = Promise.resolve();
	private stopped = false;

	constructor(settings: InstanceSettings) {
		this.settings = settings;
		this.installation = settings.installation;
		this.userFolder = settings.userFolder;
		this.packageName = settings.packageName;
		this.port = settings.port;
		this.baseUrl = `http://127.0.0.1:${settings.port}`;
		this.logFile = path.join(settings.userFolder, 'n8n.log');
		this.env = n8nEnvironment(settings.installation, settings.userFolder, settings.port);
	}

	get version(): string {
		return this.installation.version;
	}

	get isRunning(): boolean {
		return this.server !== undefined && !hasExited(this.server);
	}

	/** Imports credentials given with plain `data` (n8n encrypts it with ENCRYPTION_KEY). */
	async importCredentials(credentials: object[]): Promise<void> {
		const dir = fs.mkdtempSync(path.join(this.userFolder, 'credentials-'));
		const file = path.join(dir, 'credentials.json');
		fs.writeFileSync(file, JSON.stringify(credentials));
		await this.runCli(['import:credentials', `--input=${file}`]);
	}

	/** Imports workflows (`{ id, name, nodes, connections, settings }`, 16-character ids); they arrive inactive. */
	async importWorkflows(workflows: object[]): Promise<void> {
		const dir = fs.mkdtempSync(path.join(this.userFolder, 'workflows-'));
		workflows.forEach((workflow, index) => fs.writeFileSync(path.join(dir, `${index}.json`), JSON.stringify(workflow)));
		await this.runCli(['import:workflow', '--separate', `--input=${dir}`]);
	}

	/** Activates a trigger workflow. Call it before start(): a running server would not pick it up. */
	async publish(workflowId: string): Promise<void> {
		if (this.isRunning) throw new Error(`publish(${workflowId}) while n8n runs has no effect: publish before start()`);
		// 2.x replaced `update:workflow --active=true` with `publish:workflow`.
		const args = n8nHas(this.installation, 'commands/publish/workflow.js')
			? ['publish:workflow', `--id=${workflowId}`]
			: ['update:workflow', `--id=${workflowId}`, '--active=true'];
		await this.runCli(args);
	}

	/** Runs a workflow once from the CLI (with or without the server running). A failing node is a result, not an exception. */
	async execute(workflowId: string, { timeoutMs = CLI_TIMEOUT_MS }: { timeoutMs?: number } = {}): Promise<ExecuteResult> {
		const result = await this.runCli(['execute', `--id=${workflowId}`, '--rawOutput'], { timeoutMs, allowFailure: true });
		const execution = parseExecuteOutput(result.stdout);
		if (!execution) {
			const output = tail(`${result.stdout}\n${result.stderr}`, 25);
			throw new Error(`n8n execute --id=${workflowId} printed no execution JSON (exit ${result.exitCode}):\n${output}`);
		}
		const resultData = execution.data?.resultData;
		return {
			exitCode: result.exitCode,
			status: execution.status,
			runData: resultData?.runData ?? {},
			error: resultData?.error?.message,
			stdout: result.stdout,
		};
	}

	/**
	 * Starts `n8n start` and waits until /healthz/readiness answers 200. Webhooks may register a
	 * moment later: use waitForWebhook. On failure the server is stopped and the error carries the log tail.
	 */
	async start({ timeoutMs = START_TIMEOUT_MS }: { timeoutMs?: number } = {}): Promise<void> {
		this.assertNotStopped();
		if (this.isRunning) throw new Error('n8n is already running');
		const log = fs.openSync(this.logFile, 'a');
		try {
			this.server = spawnTracked(this.nodeBinary, [this.installation.n8nBin, 'start'], {
				cwd: this.userFolder,
				env: { ...this.env, N8N_RUNNERS_BROKER_PORT: String(this.settings.serverBrokerPort) },
				stdio: ['ignore', log, log],
			});
		} finally {
			fs.closeSync(log);
		}
		const server = this.server;
		try {
			await this.waitUntilReady(server, timeoutMs);
			this.throwIfPackageNotLoaded(this.readLog());
		} catch (error) {
			await stopTracked(server, { graceMs: 5_000 });
			this.server = undefined;
			throw error;
		}
	}

	/** Production URL of a trigger webhook: `<base>/webhook/<webhookId>/<path>`. */
	webhookUrl(webhookId: string, webhookPath: string): string {
		return `${this.baseUrl}/webhook/${webhookId}/${webhookPath.replace(/^\//, '')}`;
	}

	/**
	 * Waits until a production webhook is registered. `webhookPath` is `<webhookId>/<path>` or a
	 * full URL; `method` is the webhook's own HTTP method. It probes with another method, which
	 * starts no execution: n8n answers 404 "…not registered for GET requests. Did you mean to make a
	 * POST request?" once the webhook exists, and a plain 404 before. (OPTIONS is no use: 2.x
	 * answers every OPTIONS with 204.)
	 */
	async waitForWebhook(webhookPath: string, { method = 'POST', timeoutMs = 30_000 }: { method?: string; timeoutMs?: number } = {}): Promise<void> {
		const url = /^https?:\/\//.test(webhookPath) ? webhookPath : `${this.baseUrl}/webhook/${webhookPath.replace(/^\//, '')}`;
		const probeMethod = method.toUpperCase() === 'GET' ? 'DELETE' : 'GET';
		const started = Date.now();
		let lastAnswer = 'none';
		while (Date.now() - started < timeoutMs) {
			if (!this.isRunning) throw new Error(`n8n is not running (waitForWebhook ${url}):\n${this.failureDetail()}`);
			try {
				const response = await httpRequest(probeMethod, url, { timeoutMs: 2_000 });
				if (response.status !== 404 || response.body.includes('Did you mean')) return;
				lastAnswer = `${response.status} ${response.body.slice(0, 200)}`;
			} catch (error) {
				lastAnswer = (error as Error).message;
			}
			await sleep(200);
		}
		throw new Error(`webhook ${url} not registered within ${timeoutMs} ms (last answer: ${lastAnswer}):\n${this.failureDetail()}`);
	}

	/** Every execution of a workflow, oldest first, with decoded run data (read from the sqlite DB). */
	async executions(workflowId: string): Promise<ExecutionRecord[]> {
		this.assertNotStopped();
		const database = path.join(this.userFolder, '.n8n', 'database.sqlite');
		if (!fs.existsSync(database)) return [];
		// Runs with n8n's own Node: it loads n8n's own sqlite3 build (see read-executions.js).
		const result = await runCommand(this.nodeBinary, [READ_EXECUTIONS_SCRIPT, database, workflowId], {
			env: { PATH: process.env.PATH, N8N_DIR: this.installation.n8nDir },
			timeoutMs: READER_TIMEOUT_MS,
		});
		if (result.exitCode !== 0) throw new Error(`reading executions of ${workflowId} failed:\n${tail(result.stderr, 20)}`);
		return JSON.parse(result.stdout) as ExecutionRecord[];
	}

	/** Polls until the workflow has at least `count` executions and none of them is new or running any more. */
	async waitForExecutions(workflowId: string, count = 1, { timeoutMs = 30_000 }: { timeoutMs?: number } = {}): Promise<ExecutionRecord[]> {
		const started = Date.now();
		let executions: ExecutionRecord[] = [];
		while (Date.now() - started < timeoutMs) {
			executions = await this.executions(workflowId);
			if (executions.length >= count && executions.every((execution) => !['new', 'running'].includes(execution.status))) {
				return executions;
			}
			await sleep(250);
		}
		const seen = executions.map((execution) => `${execution.id}:${execution.status}`).join(', ') || 'none';
		throw new Error(`workflow ${workflowId}: expected ${count} finished execution(s) within ${timeoutMs} ms, saw ${seen}`);
	}

	/**
	 * Runs any n8n CLI command against this instance (e.g. `['export:workflow', '--all']`). Commands
	 * are queued and get their own task-broker port, so they work beside a running server.
	 */
	runCli(args: string[], { timeoutMs = CLI_TIMEOUT_MS, allowFailure = false }: CliOptions = {}): Promise<CommandResult> {
		const run = async () => {
			this.assertNotStopped();
			const result = await runCommand(this.nodeBinary, [this.installation.n8nBin, ...args], {
				cwd: this.userFolder,
				env: { ...this.env, N8N_RUNNERS_BROKER_PORT: String(this.settings.cliBrokerPort) },
				timeoutMs,
				onSpawn: (child) => {
					this.cliProcesses.add(child);
					child.once('close', () => this.cliProcesses.delete(child));
				},
			});
			const output = `${result.stdout}\n${result.stderr}`;
			this.throwIfPackageNotLoaded(output);
			if (result.exitCode !== 0 && !allowFailure) throw new Error(`n8n ${args[0]} failed (exit ${result.exitCode}):\n${tail(output, 25)}`);
			return result;
		};
		const next = this.cliQueue.then(run, run);
		this.cliQueue = next.catch(() => undefined);
		return next;
	}

	/** The last lines `n8n start` printed. */
	logTail(lines = 40): string {
		return tail(this.readLog(), lines);
	}

	/** Stops the server and any running CLI command (SIGTERM, then SIGKILL), then removes the user folder. Idempotent. */
	async stop(): Promise<void> {
		if (this.stopped) return;
		this.stopped = true;
		const processes = [...this.cliProcesses];
		if (this.server) processes.push(this.server);
		await Promise.all(processes.map((child) => stopTracked(child, { graceMs: STOP_GRACE_MS })));
		this.server = undefined;
		if (!this.settings.keepUserFolder) fs.rmSync(this.userFolder, { recursive: true, force: true });
	}

	private get nodeBinary(): string {
		return path.join(this.installation.nodeBinDir, 'node');
	}

	private async waitUntilReady(server: ChildProcess, timeoutMs: number): Promise<void> {
		const started = Date.now();
		while (Date.now() - started < timeoutMs) {
			if (hasExited(server)) {
				throw new Error(`n8n start exited (${server.exitCode ?? server.signalCode}) before it was ready:\n${this.failureDetail()}`);
			}
			const status = await httpRequest('GET', `${this.baseUrl}/healthz/readiness`, { timeoutMs: 2_000 }).then(
				(response) => response.status,
				() => 0,
			);
			if (status === 200) return;
			await sleep(200);
		}
		throw new Error(`n8n was not ready within ${timeoutMs} ms:\n${this.failureDetail()}`);
	}

	private throwIfPackageNotLoaded(output: string): void {
		const problem = findPackageLoadProblem(output, this.packageName);
		if (problem) throw new Error(`n8n did not load package ${this.packageName}: ${problem}`);
	}

	private failureDetail(): string {
		const log = this.readLog();
		const problem = findPackageLoadProblem(log, this.packageName);
		const summary = problem ? `n8n did not load package ${this.packageName}: ${problem}\n` : '';
		return `${summary}--- tail of ${this.logFile} ---\n${tail(log, 40)}`;
	}

	private readLog(): string {
		return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, 'utf8') : '';
	}

	private assertNotStopped(): void {
		if (this.stopped) throw new Error('this n8n instance was stopped');
	}
}
