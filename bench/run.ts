/**
 * Benchmarks of n8n-nodes-cellosign (issue #6): `npm run bench` (script: `tsx bench/run.ts`).
 *
 *   --quick          a ~1-minute version: fewer sizes, rounds and postbacks
 *   --only 1,3       run only these benchmarks (1 Return All, 2 Limit, 3 Trigger throughput, 4 Token check)
 *   --cpu-prof       write V8 CPU profiles of benchmark 1's node/raw children to bench/.work/profiles
 *   --n8n-env K=V    extra environment for benchmark 3's n8n (repeatable), for what-if runs
 *   --tarball FILE   benchmark 3 with this `npm pack` tarball instead of a build of the working tree
 *   --help
 *
 * A run of all four (full or --quick; the Mode row says which) writes bench/results.md and
 * bench/results.json; a full run also writes bench/README-section.md. --only and what-if runs
 * (--n8n-env, --tarball) write bench/results.<partial|whatif>.md / .json and leave those alone.
 * Timings are ratios of two sides measured side by side, alternating; no test asserts on them.
 */
import './lib/env';

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { installHooks } from './lib/children';
import { machineFacts, packageVersion } from './lib/machine';
import { benchLimit } from './limit';
import { fmt, type RunFacts, type Section, verdict, writeResults } from './report';
import { benchReturnAll } from './returnAll';
import { benchTokenCheck } from './tokenCheck';
import { benchTrigger, type TriggerFacts } from './triggerThroughput';

interface Flags {
	quick: boolean;
	only: Set<number>;
	cpuProf: boolean;
	n8nEnv: Record<string, string>;
	tarball?: string;
}

const WORK_DIR = path.join(__dirname, '.work');

function usage(exitCode: number): never {
	const lines = fs.readFileSync(__filename, 'utf8').split('\n');
	const text = lines.slice(1, lines.indexOf(' */')).map((line) => line.replace(/^ \* ?/, '')).join('\n');
	(exitCode === 0 ? process.stdout : process.stderr).write(`${text}\n`);
	process.exit(exitCode);
}

function parseFlags(argv: string[]): Flags {
	const flags: Flags = { quick: false, only: new Set([1, 2, 3, 4]), cpuProf: false, n8nEnv: {} };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--quick') flags.quick = true;
		else if (arg === '--cpu-prof') flags.cpuProf = true;
		else if (arg === '--help' || arg === '-h') usage(0);
		else if (arg === '--tarball' || arg.startsWith('--tarball=')) {
			flags.tarball = path.resolve(arg.startsWith('--tarball=') ? arg.slice('--tarball='.length) : (argv[++i] ?? ''));
			if (!fs.existsSync(flags.tarball)) {
				process.stderr.write(`--tarball: no file ${flags.tarball}\n`);
				usage(2);
			}
		} else if (arg === '--n8n-env' || arg.startsWith('--n8n-env=')) {
			const value = arg.includes('=') && arg.startsWith('--n8n-env=') ? arg.slice('--n8n-env='.length) : argv[++i];
			const match = /^([A-Z0-9_]+)=(.*)$/.exec(value ?? '');
			if (!match) {
				process.stderr.write('--n8n-env takes KEY=VALUE, e.g. --n8n-env N8N_EXPRESSION_ENGINE=legacy\n');
				usage(2);
			}
			flags.n8nEnv[match[1]] = match[2];
		}
		else if (arg === '--only' || arg.startsWith('--only=')) {
			const value = arg.includes('=') ? arg.slice('--only='.length) : argv[++i];
			const ids = (value ?? '').split(',').map(Number);
			if (ids.length === 0 || ids.some((id) => ![1, 2, 3, 4].includes(id))) {
				process.stderr.write('--only takes benchmark numbers 1-4, e.g. --only 1,3\n');
				usage(2);
			}
			flags.only = new Set(ids);
		} else {
			process.stderr.write(`unknown option ${arg}\n`);
			usage(2);
		}
	}
	return flags;
}

function log(line: string): void {
	process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
	const flags = parseFlags(process.argv.slice(2));
	installHooks();
	const quick = flags.quick;
	const started = Date.now();
	fs.mkdirSync(WORK_DIR, { recursive: true });
	const cpuProfDir = flags.cpuProf ? path.join(WORK_DIR, 'profiles') : undefined;
	if (cpuProfDir) fs.mkdirSync(cpuProfDir, { recursive: true });

	const facts: RunFacts = {
		date: new Date().toISOString(),
		mode: quick ? 'quick' : 'full',
		command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
		machine: machineFacts(),
		n8n: { core: packageVersion('n8n-core'), workflow: packageVersion('n8n-workflow') },
		durationMs: 0,
		loadAverage: { start: os.loadavg()[0] },
	};
	log(
		`Benchmarks (${facts.mode}) on ${facts.machine.cpu}, ${facts.machine.cores} cores, ` +
			`${fmt(facts.machine.memoryGiB, 1)} GiB, Node ${facts.machine.node}`,
	);

	const sections: Section[] = [];
	const whatIf = Object.keys(flags.n8nEnv).length > 0 || flags.tarball !== undefined;
	const complete = !whatIf && flags.only.size === 4;
	const canonical = complete && !quick;
	const stem = complete ? 'results' : `results.${whatIf ? 'whatif' : 'partial'}`;
	const save = () => {
		facts.durationMs = Date.now() - started;
		facts.loadAverage.end = os.loadavg()[0];
		return writeResults(facts, sections, { stem, readme: canonical });
	};
	const step = async (id: number, name: string, run: () => Promise<Section>) => {
		if (!flags.only.has(id)) return;
		log(`\n== ${name}`);
		const stepStarted = Date.now();
		let section: Section;
		try {
			section = await run();
		} catch (error) {
			section = { id: String(id), title: name, inputs: [], method: [], tables: [], goals: [], data: undefined, error: (error as Error).stack ?? String(error) };
		}
		section.durationMs = Date.now() - stepStarted;
		sections.push(section);
		if (section.error) log(`  STOPPED: ${section.error.split('\n')[0]}`);
		for (const goal of section.goals) log(`  [${verdict(goal.pass)}] ${goal.figure}: ${goal.measured} (goal ${goal.goal})`);
		save(); // keep what is done even if a later benchmark is interrupted
	};

	// Cheapest and most CPU-sensitive first, in a process that has done nothing else yet.
	await step(4, '4. Token check (Cellosign Secret)', () =>
		benchTokenCheck(
			quick
				? { batches: 40, perBatch: 500, warmup: 2_000, maxMs: 3_000, log }
				: { batches: 200, perBatch: 1_000, warmup: 10_000, maxMs: 15_000, log },
		),
	);
	await step(2, '2. Limit: requests and page sizes', () =>
		benchLimit({ seed: 3_000, limits: [1, 999, 1_000, 1_001, 2_500], log }),
	);
	await step(1, '1. Return All scaling', () =>
		benchReturnAll(
			quick
				? { sizes: [10_000, 20_000], rounds: 3, warmupSeed: 3_000, warmupRuns: 2, cpuProfDir, log }
				: { sizes: [10_000, 50_000, 100_000], rounds: 5, warmupSeed: 5_000, warmupRuns: 3, cpuProfDir, log },
		),
	);
	await step(3, '3. Trigger throughput in a real n8n', () =>
		benchTrigger({
			...(quick
				? { postbacksPerSide: 100, rounds: 2, warmupPostbacks: 20, budgetMs: 4 * 60_000 }
				: { postbacksPerSide: 2_000, rounds: 4, warmupPostbacks: 50, budgetMs: 17 * 60_000 }),
			n8nEnv: flags.n8nEnv,
			packageTarball: flags.tarball,
			concurrencies: [1, 16],
			workDir: WORK_DIR,
			log,
			onFacts: (trigger: TriggerFacts) => {
				facts.n8n.server = trigger.n8nVersion;
				facts.n8n.serverNode = trigger.nodeVersion;
			},
		}),
	);

	const written = save();
	const goals = sections.flatMap((section) => section.goals);
	const missed = goals.filter((goal) => goal.pass === false).length;
	const stopped = sections.filter((section) => section.error).length;
	log(
		`\nDone in ${fmt((Date.now() - started) / 60_000, 1)} min: ${goals.filter((goal) => goal.pass).length} PASS, ` +
			`${missed} MISS${stopped ? `, ${stopped} benchmark(s) stopped early` : ''}.`,
	);
	log(`Wrote ${Object.values(written).map((file) => path.relative(process.cwd(), file)).join(', ')}`);
	// Benchmarks report; they do not fail a build. Exit 1 only when a benchmark could not run.
	process.exitCode = stopped > 0 ? 1 : 0;
}

main().catch((error: Error) => {
	process.stderr.write(`bench: ${error.stack ?? error.message}\n`);
	process.exit(1);
});
