/** Reading what the n8n CLI and server print: execution JSON, and signs that a community package did not load. */

/** One run of one node, as stored in `resultData.runData[nodeName][runIndex]`. */
export interface NodeRun {
	data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
	error?: { message?: string; description?: string; httpCode?: string };
	executionStatus?: string;
	[key: string]: unknown;
}
export type RunData = Record<string, NodeRun[]>;

/** The execution JSON that `n8n execute --rawOutput` prints (only the parts tests read). */
export interface CliExecution {
	status?: string;
	finished?: boolean;
	data?: { resultData?: { runData?: RunData; error?: { message?: string; description?: string } } };
	[key: string]: unknown;
}

/**
 * `n8n execute --rawOutput` prints log lines, then the execution as pretty-printed JSON, then (on
 * failure) more log lines. The JSON starts at the first line that is exactly `{` and ends at the
 * last line that is exactly `}`.
 */
export function parseExecuteOutput(stdout: string): CliExecution | undefined {
	const lines = stdout.split('\n');
	const first = lines.findIndex((line) => line.trimEnd() === '{');
	let last = -1;
	for (let i = lines.length - 1; i > first; i--) {
		if (lines[i].trimEnd() === '}') {
			last = i;
			break;
		}
	}
	if (first < 0 || last < 0) return undefined;
	try {
		return JSON.parse(lines.slice(first, last + 1).join('\n')) as CliExecution;
	} catch {
		return undefined;
	}
}

/** The `json` of every item a node emitted (run `runIndex`, output `outputIndex`). */
export function nodeOutput(runData: RunData, nodeName: string, runIndex = 0, outputIndex = 0): Array<Record<string, unknown>> {
	const run = runData[nodeName]?.[runIndex];
	if (!run) throw new Error(`node "${nodeName}" did not run (ran: ${Object.keys(runData).join(', ') || 'none'})`);
	return (run.data?.main?.[outputIndex] ?? []).map((item) => item.json);
}

// What n8n prints when it cannot load a package or meets a node type nobody registered. A missing
// file named in the package's "n8n" section gives, in 2.x, `Failed to load package "<name>"` with the
// cause ("Cannot find module '…/node_modules/<name>/dist/…'") on the next line; in 1.x only the cause.
const LOAD_PROBLEM_PATTERNS = [/Failed to load package/i, /Cannot find module/i, /Unrecognized node type/i, /Unrecognized credential type/i];
const CAUSE_ON_NEXT_LINE = /Failed to load package/i;

// Credential types carry no package prefix, so an unknown one counts whatever the line names.
const UNKNOWN_CREDENTIAL_TYPE = /Unrecognized credential type/i;

/** A line that is part of printed JSON (`"stack": "Error: …\n    at …"`): just the error's first line. */
function errorText(line: string): string {
	const quoted = /"(?:stack|message)":\s*"(.*?)(?:\\n|"\s*,?\s*$)/.exec(line);
	return quoted ? quoted[1] : line;
}

/** The output line(s) showing that n8n did not load `packageName`, if any. */
export function findPackageLoadProblem(output: string, packageName: string): string | undefined {
	const lines = output.split('\n').map((line) => line.trim());
	const index = lines.findIndex(
		(line) =>
			(line.includes(packageName) && LOAD_PROBLEM_PATTERNS.some((pattern) => pattern.test(line))) || UNKNOWN_CREDENTIAL_TYPE.test(line),
	);
	if (index < 0) return undefined;
	const problem = errorText(lines[index]);
	const cause = CAUSE_ON_NEXT_LINE.test(problem) ? lines.slice(index + 1).find((line) => line !== '') : undefined;
	return cause ? `${problem}: ${errorText(cause)}` : problem;
}

/** The last `count` non-empty lines of `text`. */
export function tail(text: string, count: number): string {
	return text.split('\n').filter((line) => line.trim() !== '').slice(-count).join('\n');
}
