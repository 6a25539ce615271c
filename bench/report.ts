/**
 * What the benchmarks produce and how it is written: `results.md` (tables), `results.json` (every
 * raw figure) and `README-section.md` (the draft "Performance" section of the README).
 */
import * as fs from 'fs';
import * as path from 'path';

import type { Spread } from './stats';

/** One goal of one benchmark, with the measured figure beside it. */
export interface Goal {
	/** What is measured, e.g. "wall time node / raw loop, N = 100,000". */
	figure: string;
	/** The measured value as shown, e.g. "1.08× (1.03–1.12, 5 rounds)". */
	measured: string;
	/** The goal as shown, e.g. "≤ 1.2×". */
	goal: string;
	/** true = PASS, false = MISS, null = not judged (reason in `measured`). */
	pass: boolean | null;
}

export interface Table {
	title?: string;
	headers: string[];
	rows: string[][];
}

/** What one benchmark hands to the report. */
export interface Section {
	id: string;
	title: string;
	/** Inputs in one line each, e.g. "sizes: 10,000, 50,000, 100,000 sessions". */
	inputs: string[];
	/** How it was measured, one sentence each. */
	method: string[];
	tables: Table[];
	goals: Goal[];
	/** Raw data for results.json. */
	data: unknown;
	/** What the README's Performance section shows of this benchmark (default: every goal, no notes). */
	readme?: { rows?: Goal[]; notes?: string[] };
	/** Things a reader must know about this run, e.g. a time budget that cut it short. */
	notes?: string[];
	/** Set when the benchmark could not run or failed part-way. */
	error?: string;
	durationMs?: number;
}

export interface RunFacts {
	date: string;
	mode: 'full' | 'quick';
	command: string;
	machine: { cpu: string; cores: number; memoryGiB: number; os: string; node: string };
	/** n8n-core / n8n-workflow in this repo (benchmarks 1, 2) and the real n8n of benchmark 3. */
	n8n: { core: string; workflow: string; server?: string; serverNode?: string };
	durationMs: number;
	/** 1-minute load average at the start and end of the run: other work on a shared machine. */
	loadAverage: { start: number; end?: number };
}

// ---------------------------------------------------------------- formatting helpers

export function fmtInt(value: number): string {
	return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';
}

export function fmt(value: number, digits = 1): string {
	if (!Number.isFinite(value)) return 'n/a';
	return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function fmtMs(ms: number): string {
	if (!Number.isFinite(ms)) return 'n/a';
	if (ms >= 10_000) return `${fmt(ms / 1000, 1)} s`;
	if (ms >= 100) return `${fmtInt(ms)} ms`;
	if (ms >= 1) return `${fmt(ms, 1)} ms`;
	return `${fmt(ms * 1000, 1)} µs`;
}

export function fmtMiB(bytes: number): string {
	return Number.isFinite(bytes) ? `${fmt(bytes / 1024 / 1024, 1)} MiB` : 'n/a';
}

/** "1.08× (1.03–1.12)" */
export function fmtRatio(s: Spread): string {
	return `${fmt(s.median, 2)}× (${fmt(s.min, 2)}–${fmt(s.max, 2)})`;
}

/** A spread through a formatter: "812 ms (790–850)". */
export function fmtSpread(s: Spread, format: (value: number) => string): string {
	return `${format(s.median)} (${format(s.min)}–${format(s.max)})`;
}

export function verdict(pass: boolean | null): string {
	if (pass === null) return 'n/a';
	return pass ? 'PASS' : 'MISS';
}

// ---------------------------------------------------------------- markdown

function escapeCell(text: string): string {
	return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function markdownTable(table: Table): string {
	const lines: string[] = [];
	if (table.title) lines.push(`**${table.title}**`, '');
	lines.push(`| ${table.headers.map(escapeCell).join(' | ')} |`);
	lines.push(`|${table.headers.map(() => '---').join('|')}|`);
	for (const row of table.rows) lines.push(`| ${row.map(escapeCell).join(' | ')} |`);
	return lines.join('\n');
}

function factsTable(facts: RunFacts): Table {
	const { machine, n8n } = facts;
	return {
		headers: ['Run', ''],
		rows: [
			['Date', facts.date],
			['Mode', `${facts.mode} (\`${facts.command}\`), ${fmt(facts.durationMs / 60_000, 1)} min`],
			['Machine', `${machine.cpu}, ${machine.cores} cores, ${fmt(machine.memoryGiB, 1)} GiB, ${machine.os}`],
			['Load average (1 min)', `${fmt(facts.loadAverage.start, 2)} at the start, ${facts.loadAverage.end === undefined ? '?' : fmt(facts.loadAverage.end, 2)} at the end (other work on the machine)`],
			['Node (benchmarks 1, 2, 4)', machine.node],
			['n8n in process (1, 2)', `n8n-core ${n8n.core}, n8n-workflow ${n8n.workflow}`],
			['n8n server (3)', n8n.server ? `n8n ${n8n.server} on Node ${n8n.serverNode ?? '?'}` : 'not run'],
		],
	};
}

export function renderMarkdown(facts: RunFacts, sections: Section[]): string {
	const out: string[] = [];
	out.push('# Benchmark results', '');
	out.push(
		'Written by `npm run bench` (bench/run.ts). Every timing is a ratio of two sides measured side by side in the same run, ' +
			'alternating which side goes first, several rounds; a figure is the median with (min–max) over rounds. ' +
			'Benchmarks are not tests: nothing here fails a build.',
		'',
	);
	out.push(markdownTable(factsTable(facts)), '');

	out.push('## Goals', '');
	const goalRows: string[][] = [];
	for (const section of sections) {
		if (section.error && section.goals.length === 0) {
			goalRows.push([section.title, 'did not run', section.error, '', 'n/a']);
		}
		for (const goal of section.goals) {
			goalRows.push([section.title, goal.figure, goal.measured, goal.goal, verdict(goal.pass)]);
		}
	}
	out.push(markdownTable({ headers: ['Benchmark', 'Figure', 'Measured', 'Goal', 'Result'], rows: goalRows }), '');

	for (const section of sections) {
		out.push(`## ${section.title}`, '');
		if (section.error) out.push(`> **Stopped:** ${section.error.split('\n').join('\n> ')}`, '');
		for (const note of section.notes ?? []) out.push(`> **Note:** ${note}`, '');
		if (section.inputs.length > 0) out.push(...section.inputs.map((line) => `* Input: ${line}`), '');
		if (section.method.length > 0) out.push(...section.method.map((line) => `* ${line}`), '');
		for (const table of section.tables) out.push(markdownTable(table), '');
	}
	return `${out.join('\n').trimEnd()}\n`;
}

/** The draft README "Performance" section: the latest figures in a few lines, and the command. */
export function renderReadmeSection(facts: RunFacts, sections: Section[]): string {
	const { machine } = facts;
	const out: string[] = [];
	out.push('## Performance', '');
	out.push(
		`Measured with \`npm run bench\` on ${facts.date.slice(0, 10)}: ${machine.cpu}, ${machine.cores} cores, ` +
			`${fmt(machine.memoryGiB, 0)} GiB, Node ${machine.node.replace(/^v/, '')}` +
			`${facts.n8n.server ? `, n8n ${facts.n8n.server}` : ''}. ` +
			'Shared machines are noisy, so every timing is a ratio against a baseline measured side by side with it ' +
			'(median over rounds that alternate which side goes first). All figures: [bench/results.md](bench/results.md).',
		'',
	);
	const rows: string[][] = [];
	for (const section of sections) {
		for (const goal of section.readme?.rows ?? section.goals) rows.push([goal.figure, goal.measured, goal.goal, verdict(goal.pass)]);
	}
	out.push(markdownTable({ headers: ['What', 'Measured', 'Goal', ''], rows }), '');
	const notes = sections.flatMap((section) => section.readme?.notes ?? []);
	if (notes.length > 0) out.push(...notes.map((note) => `* ${note}`), '');
	out.push(
		'Run it yourself: `npm run bench` (about 20 minutes; benchmark 3 provisions n8n into ' +
			'`~/.cache/n8n-nodes-cellosign` on first use) or `npm run bench -- --quick` (a few minutes). ' +
			'`npm run bench -- --help` lists the options.',
		'',
	);
	return out.join('\n');
}

export interface WrittenFiles {
	markdown: string;
	json: string;
	readme?: string;
}

/** Writes `<stem>.md` and `<stem>.json` next to this file, and README-section.md when `readme`. */
export function writeResults(
	facts: RunFacts,
	sections: Section[],
	{ stem, readme, dir = __dirname }: { stem: string; readme: boolean; dir?: string },
): WrittenFiles {
	const markdown = path.join(dir, `${stem}.md`);
	const json = path.join(dir, `${stem}.json`);
	fs.writeFileSync(markdown, renderMarkdown(facts, sections));
	fs.writeFileSync(json, `${JSON.stringify({ facts, sections }, null, '\t')}\n`);
	const written: WrittenFiles = { markdown, json };
	if (readme) {
		written.readme = path.join(dir, 'README-section.md');
		fs.writeFileSync(written.readme, renderReadmeSection(facts, sections));
	}
	return written;
}
