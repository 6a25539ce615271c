/**
 * One measured side of benchmark 1, in a fresh child process (clean memory numbers):
 * `returnAllWorker.ts '<WorkerTask JSON>'`, result sent over IPC as `{ type: 'result', ... }`.
 *
 * * side `node`: the Cellosign node, Session → Get Many, Return All, through n8n-core's real
 *   WorkflowExecute (test/harness/runNode.ts).
 * * side `raw`: a plain loop of `fetch` GETs with `page_size=1000` and the same auth header, which
 *   parses each page and collects its sessions, stopping on `links.next === null`.
 *
 * Both sides first warm up (WARMUP_RUNS runs against the simulator's warm-up project, so the JIT
 * has compiled their paths and no warm-up request mixes with the measured ones), then a forced GC,
 * then the measured run. Memory: `process.memoryUsage()` sampled every SAMPLE_MS during the run
 * (peak RSS and peak heap used, minus the values just before the run), plus the process's maxRSS.
 */
import './env';

import { performance } from 'perf_hooks';

export type Side = 'node' | 'raw';

export interface WorkerTask {
	side: Side;
	baseUrl: string;
	token: string;
	project: string;
	warmupProject: string;
	/** Sessions the measured run must return. */
	expected: number;
	warmupRuns: number;
}

export interface WorkerResult {
	type: 'result';
	side: Side;
	sessions: number;
	wallMs: number;
	/** RSS / heap used just before the measured run (after warm-up and GC), bytes. */
	baseRss: number;
	baseHeap: number;
	/** Highest sampled RSS / heap used during the run, bytes. */
	peakRss: number;
	peakHeap: number;
	/** Heap used after the run and a forced GC, minus baseHeap, with the sessions still held: what the output retains. */
	retainedHeap: number;
	/** process.resourceUsage().maxRSS at the end (whole process life, warm-up included), bytes. */
	maxRss: number;
	/** CPU time (user + system) of this process during the measured run, ms: less sensitive than wall time to other load on the machine. */
	cpuMs: number;
	samples: number;
	/** The measured run on the monotonic clock (µs), to cut it out of a --cpu-prof profile. */
	windowUs: [number, number];
	error?: string;
}

const SAMPLE_MS = 5;
const PAGE_SIZE = 1000;
/** Bound of the raw loop: far more pages than any benchmark size needs. */
const MAX_PAGES = 1000;

type Runner = (project: string) => Promise<number>;

function rawRunner(task: WorkerTask): Runner {
	const headers = { Authorization: `Token ${task.token}`, Accept: 'application/json' };
	let kept: unknown[] = [];
	return async (project) => {
		const sessions: unknown[] = [];
		for (let page = 1; page <= MAX_PAGES; page++) {
			const url = `${task.baseUrl}/${encodeURIComponent(project)}/sessions?page=${page}&page_size=${PAGE_SIZE}`;
			const response = await fetch(url, { headers });
			if (!response.ok) throw new Error(`GET ${url} -> ${response.status}`);
			const body = (await response.json()) as { data: unknown[]; meta?: { links?: { next?: string | null } } };
			for (const session of body.data) sessions.push(session);
			if (body.meta?.links?.next === null || body.data.length < PAGE_SIZE) break;
		}
		kept = sessions; // held until the next run, like the node's output
		return kept.length;
	};
}

function nodeRunner(task: WorkerTask): Runner {
	// Loaded only on this side, so the raw side's memory holds no n8n-core.
	const { runNode } = require('../../test/harness/runNode') as typeof import('../../test/harness/runNode');
	const { Cellosign, simulatorCredentials } = require('./nodes') as typeof import('./nodes');
	let kept: unknown[] = [];
	return async (project) => {
		const { items, error } = await runNode({
			nodeType: new Cellosign(),
			parameters: { resource: 'session', operation: 'getAll', returnAll: true },
			credentials: simulatorCredentials(task, project),
		});
		if (error) throw new Error(`node run failed: ${error.message}`);
		kept = items;
		return kept.length;
	};
}

async function main(): Promise<void> {
	const task = JSON.parse(process.argv[2]) as WorkerTask;
	const run = task.side === 'node' ? nodeRunner(task) : rawRunner(task);
	for (let i = 0; i < task.warmupRuns; i++) await run(task.warmupProject);

	const gc = (globalThis as { gc?: () => void }).gc;
	gc?.();
	gc?.();
	const base = process.memoryUsage();
	let peakRss = base.rss;
	let peakHeap = base.heapUsed;
	let samples = 0;
	const sample = () => {
		const usage = process.memoryUsage();
		if (usage.rss > peakRss) peakRss = usage.rss;
		if (usage.heapUsed > peakHeap) peakHeap = usage.heapUsed;
		samples++;
	};
	const sampler = setInterval(sample, SAMPLE_MS);

	const cpuBefore = process.cpuUsage();
	const windowStart = Number(process.hrtime.bigint() / 1000n);
	const started = performance.now();
	let sessions = 0;
	let error: string | undefined;
	try {
		sessions = await run(task.project);
	} catch (caught) {
		error = (caught as Error).message;
	}
	const wallMs = performance.now() - started;
	const windowEnd = Number(process.hrtime.bigint() / 1000n);
	const cpu = process.cpuUsage(cpuBefore);
	clearInterval(sampler);
	sample();
	gc?.();
	gc?.();
	const retainedHeap = process.memoryUsage().heapUsed - base.heapUsed; // the runner still holds the sessions
	if (!error && sessions !== task.expected) error = `expected ${task.expected} sessions, got ${sessions}`;

	const result: WorkerResult = {
		type: 'result',
		side: task.side,
		sessions,
		wallMs,
		baseRss: base.rss,
		baseHeap: base.heapUsed,
		peakRss,
		peakHeap,
		retainedHeap,
		cpuMs: (cpu.user + cpu.system) / 1000,
		maxRss: process.resourceUsage().maxRSS * 1024,
		samples,
		windowUs: [windowStart, windowEnd],
		error,
	};
	process.send?.(result, () => process.exit(0));
}

if (require.main === module) {
	main().catch((error: Error) => {
		process.stderr.write(`return-all worker: ${error.stack ?? error.message}\n`);
		process.exit(1);
	});
}
