/**
 * Summary of a V8 `.cpuprofile` over one time window (the measured run, on the monotonic clock that
 * both the profile and `process.hrtime` use): the functions with the most self time and the most
 * inclusive time. `--cpu-prof` writes one next to each profile, as `summary.txt`.
 */
import * as fs from 'fs';
import * as path from 'path';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}

interface Profile {
	nodes: ProfileNode[];
	startTime: number;
	endTime: number;
	samples: number[];
	timeDeltas: number[];
}

function label(node: ProfileNode): string {
	const url = node.callFrame.url.replace(/.*node_modules\//, '').replace(/^file:\/\/\/.*?\/(nodes|test|bench)\//, '$1/');
	return `${node.callFrame.functionName || '(anonymous)'} ${url}:${node.callFrame.lineNumber + 1}`;
}

/** Self and inclusive milliseconds per function for samples inside [fromUs, toUs]. */
export function summarizeProfile(file: string, [fromUs, toUs]: [number, number], top = 25): string {
	const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parentOf = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

	const self = new Map<string, number>();
	const inclusive = new Map<string, number>();
	let total = 0;
	let time = profile.startTime;
	for (let i = 0; i < profile.samples.length; i++) {
		time += profile.timeDeltas[i];
		if (time < fromUs || time > toUs) continue;
		const duration = (profile.timeDeltas[i + 1] ?? 0) / 1000;
		total += duration;
		const stack: string[] = [];
		for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parentOf.get(id)) {
			const node = byId.get(id);
			if (node) stack.push(label(node));
		}
		self.set(stack[0], (self.get(stack[0]) ?? 0) + duration);
		for (const name of new Set(stack)) inclusive.set(name, (inclusive.get(name) ?? 0) + duration);
	}
	const rows = (map: Map<string, number>) =>
		[...map]
			.sort((a, b) => b[1] - a[1])
			.slice(0, top)
			.map(([name, ms]) => `${ms.toFixed(1).padStart(8)} ms ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
	return [
		`${path.basename(file)}: ${total.toFixed(1)} ms sampled in the measured run`,
		'',
		'self time:',
		...rows(self),
		'',
		'inclusive time:',
		...rows(inclusive),
		'',
	].join('\n');
}

/** Writes summary.txt for the main-thread profile in `dir` (the largest .cpuprofile there). */
export function writeProfileSummary(dir: string, windowUs: [number, number]): string | undefined {
	if (!fs.existsSync(dir)) return undefined;
	const profiles = fs
		.readdirSync(dir)
		.filter((name) => name.endsWith('.cpuprofile'))
		.map((name) => path.join(dir, name))
		.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
	if (profiles.length === 0) return undefined;
	const summary = path.join(dir, 'summary.txt');
	fs.writeFileSync(summary, summarizeProfile(profiles[0], windowUs));
	return summary;
}
