/**
 * `npm run demo`: a real n8n with this package installed as a community node, talking to the
 * Cellosign simulator, with the example workflows ready to open.
 *
 *   npm run demo                      # n8n on http://localhost:5678 (or a free port if taken)
 *   npm run demo -- --port 5700 --every 10
 *   N8N_VERSION=1.123.81 npm run demo  # n8n 1.x on Node 20 (no env-managed owner login in 1.x)
 *
 * What it does: provisions the pinned n8n (scripts/n8n/provision.sh; minutes the first time, then
 * cached in ~/.cache/n8n-nodes-cellosign), packs the built package (`npm run demo` builds first)
 * and installs it into a fresh n8n user folder, starts the simulator with 50 sessions (a few of
 * them submitted in the last hour), imports the "Cellosign account" credential (pointing at the
 * simulator), the "Cellosign webhook secret" credential and the four example workflows, publishes
 * the trigger and schedule ones, starts n8n, and then makes the simulator post a form submission
 * every 20 s to the "On submission" workflow, with the Secrets handshake first, like Cellosign.
 * Ctrl-C (SIGINT) or SIGTERM stops n8n and the simulator and removes the temporary folders.
 */
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

import { createInstance, N8nInstance, OWNER, packPackage, provision } from '../test/e2e/lib/n8n';
import { CellosignSimulator } from '../test/simulator';
import {
	credentialsFor,
	EXAMPLES,
	loadExamples,
	naiveUtc,
	publicBaseUrl,
	ROOT,
	SECRET,
	secretFor,
	TEMPLATE_ID,
	waitForTriggerPaths,
} from '../test/e2e/fixtures';

export interface DemoOptions {
	/** n8n's port; default 5678 when free, else a free one. */
	port?: number;
	/** Seconds between simulated submissions; 0 = none. Default 20. */
	everySeconds?: number;
	/** Sessions seeded into the simulator. Default 50. */
	seed?: number;
	log?: (line: string) => void;
}

export interface Demo {
	n8n: N8nInstance;
	sim: CellosignSimulator;
	/** http://localhost:<port> */
	editorUrl: string;
	stop(): Promise<void>;
}

const DEFAULT_PORT = 5678;
/** Published by the demo: the two triggers and the hourly schedule (send-form has a manual trigger only). */
const PUBLISHED = [EXAMPLES.onSubmission, EXAMPLES.liveFieldLookup, EXAMPLES.scheduledSync];

function isPortFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/**
 * One demo run. `stop()` may be called at any time, also while `start()` is still setting up:
 * whatever was started so far is stopped, in reverse order, and `start()` then fails.
 */
export class DemoRun {
	private readonly cleanups: Array<() => Promise<void> | void> = [];
	private stopped = false;
	private readonly log: (line: string) => void;

	constructor(log?: (line: string) => void) {
		this.log = log ?? ((line: string) => process.stderr.write(`[demo] ${line}\n`));
	}

	async stop(): Promise<void> {
		this.stopped = true;
		for (const cleanup of this.cleanups.splice(0).reverse()) {
			try {
				await cleanup();
			} catch (error) {
				this.log(`while stopping: ${(error as Error).message}`);
			}
		}
	}

	/** Registers a cleanup, or runs it at once (and fails) when the run was stopped meanwhile. */
	private async own(cleanup: () => Promise<void> | void): Promise<void> {
		this.cleanups.push(cleanup);
		if (this.stopped) {
			await this.stop();
			throw new Error('stopped');
		}
	}

	async start(options: DemoOptions = {}): Promise<Demo> {
		const { log } = this;
		const started = Date.now();
		const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
		try {
			log(`provisioning n8n ${process.env.N8N_VERSION ?? '(default version)'} (the first run installs it: a few minutes)…`);
			const installation = provision();
			log(`n8n ${installation.version} on Node ${installation.nodeVersion} ready (${seconds()})`);

			if (!fs.existsSync(path.join(ROOT, 'dist'))) throw new Error('no dist/: run "npm run build" first ("npm run demo" does)');
			const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellosign-demo-'));
			await this.own(() => fs.rmSync(workDir, { recursive: true, force: true }));
			const tarball = await packPackage(ROOT, workDir);

			const sim = await CellosignSimulator.start({ templates: [TEMPLATE_ID, 'tpl-direct-debit'] });
			await this.own(() => sim.stop());
			sim.seedSessions(options.seed ?? 50);
			// A few submitted in the last hour, so "Run now" in the hourly sync finds something.
			for (let i = 1; i <= 5; i++) {
				sim.addSession({
					submitted_at: naiveUtc(new Date(Date.now() - i * 9 * 60_000)),
					form_loaded_at: naiveUtc(new Date(Date.now() - i * 9 * 60_000 - 300_000)),
					labels: { DEAL_ID: String(4700 + i) },
				});
			}

			const port = options.port ?? ((await isPortFree(DEFAULT_PORT)) ? DEFAULT_PORT : undefined);
			const n8n = await createInstance({ packageTarball: tarball, port });
			await this.own(() => n8n.stop());
			await n8n.importCredentials(credentialsFor(sim));
			await n8n.importWorkflows(loadExamples(publicBaseUrl(n8n)));
			for (const { id } of PUBLISHED) await n8n.publish(id);
			log(`package installed, credentials and example workflows imported (${seconds()}); starting n8n…`);
			await n8n.start();
			for (const { webhookId } of [EXAMPLES.onSubmission, EXAMPLES.liveFieldLookup]) await waitForTriggerPaths(n8n, webhookId);
			log(`n8n is up (${seconds()})`);

			const everySeconds = options.everySeconds ?? 20;
			if (everySeconds > 0) {
				const url = n8n.webhookUrl(EXAMPLES.onSubmission.webhookId, 'webhook');
				const secret = secretFor(n8n, EXAMPLES.onSubmission.webhookId);
				const submit = () => {
					const sessions = sim.listSessions();
					const session = sessions[Math.floor(Math.random() * sessions.length)];
					sim
						.firePostback({ url, eventType: 'WHEF_CLIENT_FORM_SUBMITTED', reference: session.reference, secret })
						.then((result) => {
							const token = result.tokenResponse ? `, token URL answered ${result.tokenResponse.status}` : '';
							log(`simulator posted a submission of session ${session.reference} -> ${result.status} ${result.rawBody}${token}`);
						})
						.catch((error: Error) => log(`postback failed: ${error.message}`));
				};
				const first = setTimeout(submit, 3_000);
				const timer = setInterval(submit, everySeconds * 1000);
				await this.own(() => {
					clearTimeout(first);
					clearInterval(timer);
				});
			}

			return { n8n, sim, editorUrl: publicBaseUrl(n8n), stop: () => this.stop() };
		} catch (error) {
			await this.stop();
			throw error;
		}
	}
}

/** Starts a demo (see DemoRun). */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
	return await new DemoRun(options.log).start(options);
}

function parseArgs(argv: string[]): DemoOptions {
	const options: DemoOptions = {};
	for (let i = 0; i < argv.length; i++) {
		const value = Number(argv[i + 1]);
		if (argv[i] === '--port' && Number.isInteger(value) && value > 0) options.port = value;
		else if (argv[i] === '--every' && value >= 0) options.everySeconds = value;
		else if (argv[i] === '--seed' && Number.isInteger(value) && value >= 0) options.seed = value;
		else throw new Error(`usage: demo [--port N] [--every SECONDS (0 = no postbacks)] [--seed N]; got ${argv[i]}`);
		i++;
	}
	return options;
}

async function main(): Promise<void> {
	const options = parseArgs(process.argv.slice(2));
	const run = new DemoRun();
	let stopping = false;
	const shutdown = (signal: string) => {
		if (stopping) return;
		stopping = true;
		process.stderr.write(`\n[demo] ${signal}: stopping n8n and the simulator…\n`);
		run.stop().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', () => shutdown('SIGINT'));
	process.on('SIGTERM', () => shutdown('SIGTERM'));

	let demo: Demo;
	try {
		demo = await run.start(options);
	} catch (error) {
		if (stopping) return; // shutdown() exits once everything is stopped
		throw error;
	}
	const { n8n, sim, editorUrl } = demo;
	const is2x = !n8n.version.startsWith('1.');
	process.stdout.write(
		[
			'',
			`n8n ${n8n.version} with n8n-nodes-cellosign is running.`,
			'',
			`  Editor:    ${editorUrl}`,
			is2x
				? `  Login:     ${OWNER.email} / ${OWNER.password}`
				: '  Login:     n8n 1.x asks you to create the owner account on first visit',
			'',
			`  Workflows: ${editorUrl}/workflow/${EXAMPLES.sendForm.id}  (Send a form: run it with "Execute workflow")`,
			`             ${editorUrl}/workflow/${EXAMPLES.onSubmission.id}  (On submission: published, runs on every simulated submission)`,
			`             ${editorUrl}/workflow/${EXAMPLES.liveFieldLookup.id}  (Live field lookup: published)`,
			`             ${editorUrl}/workflow/${EXAMPLES.scheduledSync.id}  (Hourly sync: published; "Run now" to try it)`,
			'',
			`  Cellosign simulator: ${sim.baseUrl}  token ${sim.token}  project ${sim.project}  (${sim.sessionCount()} sessions)`,
			`  Webhook secret:      ${SECRET.username} / ${SECRET.password}`,
			(options.everySeconds ?? 20) > 0
				? `  Submissions:         posted every ${options.everySeconds ?? 20} s to ${n8n.webhookUrl(EXAMPLES.onSubmission.webhookId, 'webhook')}`
				: '  Submissions:         off (--every 0)',
			'',
			'Press Ctrl-C to stop.',
			'',
		].join('\n'),
	);
}

if (require.main === module) {
	main().catch((error: Error) => {
		process.stderr.write(`[demo] failed: ${error.message}\n`);
		process.exit(1);
	});
}
