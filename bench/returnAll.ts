/**
 * Benchmark 1 — Return All scaling: the Cellosign node (Get Many, Return All, through n8n-core's
 * WorkflowExecute) against a plain `fetch` loop over the same pages, for several list sizes.
 *
 * The simulator runs in a process of its own (lib/simulatorHost.ts): its cost is counted against
 * neither side. Each side runs in a fresh child process (lib/returnAllWorker.ts) for clean memory
 * numbers; the two sides alternate which goes first, round after round.
 */
import * as path from 'path';

import { isMessage, nextMessage, startChild, stopChild } from './lib/children';
import { writeProfileSummary } from './lib/cpuProfile';
import { SimulatorProcess, type RequestLine } from './lib/simulatorHost';
import type { Side, WorkerResult, WorkerTask } from './lib/returnAllWorker';
import { fmt, fmtInt, fmtMiB, fmtMs, fmtRatio, fmtSpread, type Section, type Table } from './report';
import { linearFit, spread, type LinearFit, type Spread } from './stats';

export interface ReturnAllOptions {
	sizes: number[];
	rounds: number;
	/** Sessions in the warm-up project and warm-up runs per worker. */
	warmupSeed: number;
	warmupRuns: number;
	/** Directory for --cpu-prof output of the workers, when profiling. */
	cpuProfDir?: string;
	log: (line: string) => void;
}

const PAGE_SIZE = 1000;
const RATIO_GOAL = 1.2;
const LINEAR_R2_GOAL = 0.98;
const WORKER_TIMEOUT_MS = 240_000;
const WORKER = path.join(__dirname, 'lib', 'returnAllWorker.ts');

interface Measurement extends WorkerResult {
	round: number;
	/** 1 = ran first in its round. */
	position: number;
	requests: number;
	requestsExact: boolean;
	queries: string[];
}

interface SizeResult {
	sessions: number;
	runs: Measurement[];
	node: SideSummary;
	raw: SideSummary;
	/** node / raw wall time, per round. */
	ratio: Spread;
	/** node / raw CPU time, per round. */
	cpuRatio: Spread;
	expectedRequests: number;
}

interface SideSummary {
	wallMs: Spread;
	cpuMs: Spread;
	retainedHeap: Spread;
	requests: number[];
	requestsExact: boolean;
	maxRss: Spread;
	rssGrowth: Spread;
	heapGrowth: Spread;
	baseRss: Spread;
}

/** The queries Return All must send for N sessions: pages 1..ceil(N/1000), nothing else. */
function expectedQueries(sessions: number): string[] {
	const pages = Math.max(1, Math.ceil(sessions / PAGE_SIZE));
	return Array.from({ length: pages }, (_, i) => `page=${i + 1}&page_size=${PAGE_SIZE}`);
}

async function runWorker(task: WorkerTask, cpuProfDir: string | undefined): Promise<WorkerResult> {
	const flags = ['--expose-gc'];
	// One directory per child: Node writes a profile per thread (main, tsx's loader thread).
	const profileDir = cpuProfDir ? path.join(cpuProfDir, `return-all-${task.side}-${task.expected}-${Date.now()}`) : undefined;
	if (profileDir) flags.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
	const child = startChild(WORKER, [JSON.stringify(task)], { nodeFlags: flags });
	try {
		const exited = new Promise((resolve) => child.once('exit', resolve));
		const result = await nextMessage(child, isMessage<WorkerResult>('result'), WORKER_TIMEOUT_MS, `return-all ${task.side} N=${task.expected}`);
		if (profileDir) {
			await exited; // the profile is written on exit
			writeProfileSummary(profileDir, result.windowUs);
		}
		return result;
	} finally {
		await stopChild(child);
	}
}

function summarize(runs: Measurement[], side: Side): SideSummary {
	const mine = runs.filter((run) => run.side === side);
	return {
		wallMs: spread(mine.map((run) => run.wallMs)),
		cpuMs: spread(mine.map((run) => run.cpuMs)),
		retainedHeap: spread(mine.map((run) => run.retainedHeap)),
		requests: [...new Set(mine.map((run) => run.requests))],
		requestsExact: mine.every((run) => run.requestsExact),
		maxRss: spread(mine.map((run) => run.maxRss)),
		rssGrowth: spread(mine.map((run) => run.peakRss - run.baseRss)),
		heapGrowth: spread(mine.map((run) => run.peakHeap - run.baseHeap)),
		baseRss: spread(mine.map((run) => run.baseRss)),
	};
}

async function measureSize(sessions: number, options: ReturnAllOptions): Promise<SizeResult> {
	const { log } = options;
	const sim = await SimulatorProcess.start({ seed: sessions, warmupSeed: options.warmupSeed });
	log(`  simulator pid ${sim.pid}: ${fmtInt(sim.facts.sessions)} sessions at ${sim.facts.baseUrl}`);
	const runs: Measurement[] = [];
	const expected = expectedQueries(sessions);
	try {
		for (let round = 1; round <= options.rounds; round++) {
			const order: Side[] = round % 2 === 1 ? ['node', 'raw'] : ['raw', 'node'];
			for (const [index, side] of order.entries()) {
				await sim.clearRequests();
				const result = await runWorker(
					{
						side,
						baseUrl: sim.facts.baseUrl,
						token: sim.facts.token,
						project: sim.facts.project,
						warmupProject: sim.facts.warmupProject,
						expected: sessions,
						warmupRuns: options.warmupRuns,
					},
					options.cpuProfDir,
				);
				if (result.error) throw new Error(`${side} side, N=${sessions}: ${result.error}`);
				const requests: RequestLine[] = await sim.requests();
				const queries = requests.map((request) => request.query);
				const requestsExact =
					requests.every((request) => request.method === 'GET') &&
					queries.length === expected.length &&
					queries.every((query, i) => query === expected[i]);
				runs.push({ ...result, round, position: index + 1, requests: requests.length, requestsExact, queries });
				log(
					`  round ${round} ${side.padEnd(4)} ${fmtMs(result.wallMs).padStart(9)} wall ${fmtMs(result.cpuMs).padStart(9)} CPU` +
						`  ${requests.length} requests  retained heap ${fmtMiB(result.retainedHeap)}  maxRSS ${fmtMiB(result.maxRss)}`,
				);
			}
		}
	} finally {
		await sim.stop();
	}
	const ratios: number[] = [];
	const cpuRatios: number[] = [];
	for (let round = 1; round <= options.rounds; round++) {
		const node = runs.find((run) => run.round === round && run.side === 'node');
		const raw = runs.find((run) => run.round === round && run.side === 'raw');
		if (node && raw) {
			ratios.push(node.wallMs / raw.wallMs);
			cpuRatios.push(node.cpuMs / raw.cpuMs);
		}
	}
	return {
		sessions,
		runs,
		node: summarize(runs, 'node'),
		raw: summarize(runs, 'raw'),
		ratio: spread(ratios),
		cpuRatio: spread(cpuRatios),
		expectedRequests: expected.length,
	};
}

function growthRow(label: string, fit: LinearFit, unit: (perTenK: number) => string): string[] {
	return [label, unit(fit.slope * 10_000), fmt(fit.r2, 4)];
}

export async function benchReturnAll(options: ReturnAllOptions): Promise<Section> {
	const results: SizeResult[] = [];
	const section: Section = {
		id: 'returnAll',
		title: '1. Return All scaling',
		inputs: [
			`sizes: ${options.sizes.map(fmtInt).join(', ')} sessions (page_size=1000)`,
			`${options.rounds} rounds per size; per side and round a fresh child process, warmed up with ${options.warmupRuns} run(s) over ${fmtInt(options.warmupSeed)} sessions of another project`,
		],
		method: [
			'Node side: the Cellosign node, Session → Get Many, Return All, run through n8n-core\'s real WorkflowExecute (test/harness/runNode.ts). ' +
				'Raw side: a plain loop of Node `fetch` GETs, `page=k&page_size=1000`, same `Authorization: Token …` header, parses each page and collects its sessions.',
			'The simulator runs in a separate process (its own cost is counted against neither side); requests are counted from its request log.',
			'Wall time: from the call to the last session in hand, in the child, after warm-up. Rounds alternate which side goes first; the ratio is node/raw per round.',
			'CPU: user + system time of the child during the measured run (less sensitive than wall time to other load on a shared machine); reported beside the wall-time ratio, not judged.',
			'Memory: each side in its own child process. Retained heap = heap used after the run and a forced GC, with the sessions still held, minus the heap just before the run (after a forced GC). Peak growth = highest `process.memoryUsage()` sample (every 5 ms during the run) minus the value just before. maxRSS = the child\'s peak RSS over its life (warm-up included; the node side also loads n8n-core).',
			`Growth: least-squares line of the medians over N; "linear" = R² ≥ ${LINEAR_R2_GOAL} (needs ≥ 3 sizes), judged on the node's own cost: its CPU time and its retained heap. ` +
				'Wall time also contains the wait for the simulator (wait = wall − CPU), which is the same for both sides and is shown, not judged.',
		],
		tables: [],
		goals: [],
		data: results,
	};
	try {
		for (const sessions of options.sizes) {
			options.log(`Return All, N = ${fmtInt(sessions)}`);
			results.push(await measureSize(sessions, options));
		}
	} catch (error) {
		section.error = (error as Error).message;
	}

	section.tables.push({
		title: 'Time (median over rounds, (min–max))',
		headers: ['N sessions', 'requests (node)', 'node wall', 'raw loop wall', 'node / raw wall', 'node CPU', 'raw loop CPU', 'node / raw CPU', 'node wait', 'raw loop wait'],
		rows: results.map((result) => [
			fmtInt(result.sessions),
			`${result.node.requests.join('/')} (expected ${result.expectedRequests})`,
			fmtSpread(result.node.wallMs, fmtMs),
			fmtSpread(result.raw.wallMs, fmtMs),
			fmtRatio(result.ratio),
			fmtSpread(result.node.cpuMs, fmtMs),
			fmtSpread(result.raw.cpuMs, fmtMs),
			fmtRatio(result.cpuRatio),
			fmtMs(result.node.wallMs.median - result.node.cpuMs.median),
			fmtMs(result.raw.wallMs.median - result.raw.cpuMs.median),
		]),
	});
	const memory: Table = {
		title: 'Memory (median over rounds)',
		headers: ['N sessions', 'node retained heap', 'raw retained heap', 'node peak heap growth', 'raw peak heap growth', 'node peak RSS growth', 'raw peak RSS growth', 'node maxRSS', 'raw maxRSS'],
		rows: results.map((result) => [
			fmtInt(result.sessions),
			fmtMiB(result.node.retainedHeap.median),
			fmtMiB(result.raw.retainedHeap.median),
			fmtMiB(result.node.heapGrowth.median),
			fmtMiB(result.raw.heapGrowth.median),
			fmtMiB(result.node.rssGrowth.median),
			fmtMiB(result.raw.rssGrowth.median),
			fmtMiB(result.node.maxRss.median),
			fmtMiB(result.raw.maxRss.median),
		]),
	};
	section.tables.push(memory);

	for (const result of results) {
		section.goals.push({
			figure: `requests, Return All, N = ${fmtInt(result.sessions)}`,
			measured: `${result.node.requests.join('/')}${result.node.requestsExact ? ', pages 1…k in order' : ', NOT the expected pages'}`,
			goal: `exactly ${result.expectedRequests} (ceil(N/1000))`,
			pass: result.node.requestsExact,
		});
	}
	if (results.some((result) => result.ratio.median > RATIO_GOAL)) {
		section.notes = [
			...(section.notes ?? []),
			'Where the node is slower than the raw loop: `npm run bench -- --only 1 --cpu-prof` writes a CPU profile of every child and a summary of its measured run to bench/.work/profiles/*/summary.txt. ' +
				'In such profiles the node side pays for a new TCP connection per page (n8n\'s request helper sends `Connection: close`; Node fetch keeps the connection alive), ' +
				'axios/n8n request handling per page, and n8n-core\'s per-item bookkeeping of the output (pairedItem, normalization); the CPU ratio column shows the share that is CPU.',
		];
	}
	for (const result of results) {
		section.goals.push({
			figure: `wall time node / raw loop, N = ${fmtInt(result.sessions)}`,
			measured: `${fmtRatio(result.ratio)}, ${result.ratio.n} rounds`,
			goal: `≤ ${RATIO_GOAL}×`,
			pass: result.ratio.median <= RATIO_GOAL,
		});
	}

	if (results.length >= 2) {
		const xs = results.map((result) => result.sessions);
		const fits = {
			nodeTime: linearFit(xs, results.map((result) => result.node.wallMs.median)),
			rawTime: linearFit(xs, results.map((result) => result.raw.wallMs.median)),
			nodeCpu: linearFit(xs, results.map((result) => result.node.cpuMs.median)),
			rawCpu: linearFit(xs, results.map((result) => result.raw.cpuMs.median)),
			nodeHeap: linearFit(xs, results.map((result) => result.node.retainedHeap.median)),
			rawHeap: linearFit(xs, results.map((result) => result.raw.retainedHeap.median)),
			nodePeakHeap: linearFit(xs, results.map((result) => result.node.heapGrowth.median)),
			nodeRss: linearFit(xs, results.map((result) => result.node.rssGrowth.median)),
			rawRss: linearFit(xs, results.map((result) => result.raw.rssGrowth.median)),
		};
		(section.data as unknown) = { sizes: results, fits };
		section.tables.push({
			title: 'Growth with N (least-squares line over the medians)',
			headers: ['series', 'slope per 10,000 sessions', 'R²'],
			rows: [
				growthRow('node wall time', fits.nodeTime, fmtMs),
				growthRow('raw loop wall time', fits.rawTime, fmtMs),
				growthRow('node CPU time', fits.nodeCpu, fmtMs),
				growthRow('raw loop CPU time', fits.rawCpu, fmtMs),
				growthRow('node retained heap', fits.nodeHeap, fmtMiB),
				growthRow('raw retained heap', fits.rawHeap, fmtMiB),
				growthRow('node peak heap growth', fits.nodePeakHeap, fmtMiB),
				growthRow('node RSS growth', fits.nodeRss, fmtMiB),
				growthRow('raw RSS growth', fits.rawRss, fmtMiB),
			],
		});
		section.tables.push({
			title: 'Cost per 10,000 sessions at each N (constant when growth is linear)',
			headers: ['N sessions', 'node wall / 10k', 'raw wall / 10k', 'node CPU / 10k', 'raw CPU / 10k', 'node retained heap / 10k', 'raw retained heap / 10k'],
			rows: results.map((result) => {
				const per = 10_000 / result.sessions;
				return [
					fmtInt(result.sessions),
					fmtMs(result.node.wallMs.median * per),
					fmtMs(result.raw.wallMs.median * per),
					fmtMs(result.node.cpuMs.median * per),
					fmtMs(result.raw.cpuMs.median * per),
					fmtMiB(result.node.retainedHeap.median * per),
					fmtMiB(result.raw.retainedHeap.median * per),
				];
			}),
		});
		const judged = results.length >= 3;
		const linear = (fit: LinearFit, unit: (v: number) => string) =>
			`${unit(fit.slope * 10_000)} per 10k sessions, R² ${fmt(fit.r2, 4)}${judged ? '' : ' (2 sizes: not judged)'}`;
		section.goals.push({
			figure: 'node CPU time growth with N',
			measured: linear(fits.nodeCpu, fmtMs),
			goal: `linear (R² ≥ ${LINEAR_R2_GOAL})`,
			pass: judged ? fits.nodeCpu.r2 >= LINEAR_R2_GOAL : null,
		});
		section.goals.push({
			figure: 'node wall time growth with N (includes the simulator\'s time)',
			measured: `${linear(fits.nodeTime, fmtMs)}; raw loop: ${fmtMs(fits.rawTime.slope * 10_000)} per 10k, R² ${fmt(fits.rawTime.r2, 4)}`,
			goal: 'shown, not judged',
			pass: null,
		});
		section.goals.push({
			figure: 'node memory (retained heap) growth with N',
			measured: linear(fits.nodeHeap, fmtMiB),
			goal: `linear (R² ≥ ${LINEAR_R2_GOAL})`,
			pass: judged ? fits.nodeHeap.r2 >= LINEAR_R2_GOAL : null,
		});
		section.readme = {
			rows: [
				{
					figure: `Return All, requests for ${results.map((r) => fmtInt(r.sessions)).join(' / ')} sessions`,
					measured: results.map((r) => r.node.requests.join('/')).join(' / '),
					goal: 'ceil(N / 1000)',
					pass: results.every((r) => r.node.requestsExact),
				},
				...section.goals.filter((goal) => goal.figure.startsWith('wall time') || (goal.figure.includes('growth') && goal.pass !== null)),
			],
			notes: [
				'**Return All** holds every session as an n8n item, so its cost grows in step with the list: about ' +
					`${fmtMs(fits.nodeCpu.slope * 10_000)} of CPU and ${fmtMiB(fits.nodeHeap.slope * 10_000)} of heap per 10,000 sessions on the machine above ` +
					`(a plain \`fetch\` loop that keeps the parsed sessions: ${fmtMs(fits.rawCpu.slope * 10_000)} and ${fmtMiB(fits.rawHeap.slope * 10_000)}), plus the time Cellosign takes to answer ${fmtInt(Math.ceil(10_000 / PAGE_SIZE))} pages.`,
				`Against that loop the node spends ${fmtMs(results[0].node.cpuMs.median - results[0].raw.cpuMs.median)} more CPU for ${fmtInt(results[0].sessions)} sessions ` +
					'(a new connection per page, as n8n\'s request helper does not keep connections alive; n8n\'s request pipeline; bookkeeping of every output item), ' +
					'which weighs less as the list, and the time Cellosign takes to answer, grow.',
			],
		};
	}
	return section;
}
