/**
 * The Cellosign simulator in a process of its own, so its cost (building pages, JSON, GC of a
 * 100,000-session store) is counted against neither side of a benchmark.
 *
 * Child: `simulatorHost.ts '{"seed":N,"warmupSeed":W}'` starts a simulator on 127.0.0.1 with two
 * projects, seeds N sessions into BENCH_PROJECT and W into WARMUP_PROJECT, then answers IPC
 * messages: `requests` (the recorded requests of the measured project since the last `clear`),
 * `clear`, `stop`. It exits when the parent goes away.
 * Parent: `await SimulatorProcess.start({ seed, warmupSeed })`.
 */
import type { ChildProcess } from 'child_process';

import { CellosignSimulator } from '../../test/simulator';
import { isMessage, nextMessage, startChild, stopChild } from './children';

export const BENCH_PROJECT = 'bench-project';
/** Workers warm up against this project, so warm-up requests never mix with measured ones. */
export const WARMUP_PROJECT = 'warmup-project';

export interface SimulatorFacts {
	baseUrl: string;
	token: string;
	project: string;
	warmupProject: string;
	sessions: number;
}

/** One recorded request, as much as the benchmarks need. */
export interface RequestLine {
	method: string;
	path: string;
	query: string;
}

type Ready = { type: 'ready' } & SimulatorFacts;
type Requests = { type: 'requests'; requests: RequestLine[] };
type Cleared = { type: 'cleared' };

const START_TIMEOUT_MS = 120_000;
const CALL_TIMEOUT_MS = 30_000;

export class SimulatorProcess {
	private constructor(
		private readonly child: ChildProcess,
		readonly facts: SimulatorFacts,
	) {}

	static async start(options: { seed: number; warmupSeed: number }): Promise<SimulatorProcess> {
		const child = startChild(__filename, [JSON.stringify(options)]);
		try {
			const ready = await nextMessage(child, isMessage<Ready>('ready'), START_TIMEOUT_MS, 'simulator start');
			const { baseUrl, token, project, warmupProject, sessions } = ready;
			return new SimulatorProcess(child, { baseUrl, token, project, warmupProject, sessions });
		} catch (error) {
			await stopChild(child);
			throw error;
		}
	}

	get pid(): number | undefined {
		return this.child.pid;
	}

	/** Requests to the measured project since the last clear (warm-up requests excluded). */
	async requests(): Promise<RequestLine[]> {
		const answer = nextMessage(this.child, isMessage<Requests>('requests'), CALL_TIMEOUT_MS, 'simulator requests');
		this.child.send({ type: 'requests' });
		return (await answer).requests;
	}

	async clearRequests(): Promise<void> {
		const answer = nextMessage(this.child, isMessage<Cleared>('cleared'), CALL_TIMEOUT_MS, 'simulator clear');
		this.child.send({ type: 'clear' });
		await answer;
	}

	async stop(): Promise<void> {
		if (this.child.connected) this.child.send({ type: 'stop' });
		await stopChild(this.child);
	}
}

async function hostMain(): Promise<void> {
	const { seed, warmupSeed } = JSON.parse(process.argv[2] ?? '{}') as { seed: number; warmupSeed: number };
	const sim = await CellosignSimulator.start({ projects: [BENCH_PROJECT, WARMUP_PROJECT] });
	sim.seedSessions(seed, { project: BENCH_PROJECT });
	sim.seedSessions(warmupSeed, { project: WARMUP_PROJECT });
	const measuredPath = `/api/v3/${BENCH_PROJECT}/`;
	const send = (message: object) => process.send?.(message);

	process.on('message', (message: { type?: string }) => {
		if (message.type === 'requests') {
			const requests = sim.requests
				.filter((request) => `${request.path}/`.startsWith(measuredPath))
				.map(({ method, path, query }) => ({ method, path, query }));
			send({ type: 'requests', requests });
		} else if (message.type === 'clear') {
			sim.clearRequests();
			send({ type: 'cleared' });
		} else if (message.type === 'stop') {
			void sim.stop().finally(() => process.exit(0));
		}
	});
	// The parent went away (or closed the channel): stop.
	process.on('disconnect', () => void sim.stop().finally(() => process.exit(0)));
	send({
		type: 'ready',
		baseUrl: sim.baseUrl,
		token: sim.token,
		project: BENCH_PROJECT,
		warmupProject: WARMUP_PROJECT,
		sessions: sim.sessionCount(BENCH_PROJECT),
	});
}

if (require.main === module) {
	hostMain().catch((error: Error) => {
		process.stderr.write(`simulator host: ${error.stack ?? error.message}\n`);
		process.exit(1);
	});
}
