/**
 * Child processes of the benchmarks: TypeScript files run by this Node with the tsx loader and an
 * IPC channel. Every child is tracked by PID, bounded by a timeout, and killed (by its PID) when
 * the benchmark run ends or is interrupted. Nothing started here outlives the run.
 */
import { ChildProcess, fork } from 'child_process';
import * as path from 'path';
import { pathToFileURL } from 'url';

const live = new Map<number, ChildProcess>();
let hooksInstalled = false;

function killAll(): void {
	for (const [pid, child] of live) {
		if (child.exitCode === null && child.signalCode === null) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				// already gone
			}
		}
	}
	live.clear();
}

/** Installs the exit and signal hooks that kill every tracked child (idempotent). */
export function installHooks(): void {
	if (hooksInstalled) return;
	hooksInstalled = true;
	process.on('exit', killAll);
	// Ctrl-C: kill our children by PID, then exit; 'exit' handlers (ours, the e2e lib's) still run.
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(signal, () => {
			killAll();
			process.exit(130);
		});
	}
}

/** Options of `startChild`. */
export interface ChildOptions {
	/** Extra Node flags, e.g. `--expose-gc`, `--cpu-prof`. */
	nodeFlags?: string[];
	env?: NodeJS.ProcessEnv;
	/** Forward the child's stderr to ours (default true). */
	inheritStderr?: boolean;
}

/** Starts `script` (a .ts file) as a Node child with the tsx loader and an IPC channel. */
export function startChild(script: string, args: string[] = [], options: ChildOptions = {}): ChildProcess {
	installHooks();
	const tsxLoader = pathToFileURL(require.resolve('tsx')).href;
	const child = fork(path.resolve(script), args, {
		execArgv: ['--import', tsxLoader, ...(options.nodeFlags ?? [])],
		env: { ...process.env, ...options.env },
		stdio: ['ignore', 'ignore', options.inheritStderr === false ? 'ignore' : 'inherit', 'ipc'],
	});
	if (child.pid === undefined) throw new Error(`could not start ${script}`);
	const pid = child.pid;
	live.set(pid, child);
	child.once('exit', () => live.delete(pid));
	return child;
}

/** Waits for the first IPC message that `accept` takes, bounded by `timeoutMs`; rejects if the child exits first. */
export function nextMessage<T>(
	child: ChildProcess,
	accept: (message: unknown) => message is T,
	timeoutMs: number,
	what: string,
): Promise<T> {
	return new Promise((resolve, reject) => {
		const cleanup = () => {
			clearTimeout(timer);
			child.off('message', onMessage);
			child.off('exit', onExit);
		};
		const onMessage = (message: unknown) => {
			if (!accept(message)) return;
			cleanup();
			resolve(message);
		};
		const onExit = (code: number | null, signal: string | null) => {
			cleanup();
			reject(new Error(`${what}: the child exited (${code ?? signal}) before answering`));
		};
		const timer = setTimeout(() => {
			cleanup();
			reject(new Error(`${what}: no answer within ${timeoutMs} ms`));
		}, timeoutMs);
		child.on('message', onMessage);
		child.once('exit', onExit);
	});
}

/** Stops a child by its PID: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
	const pid = child.pid;
	if (pid === undefined) return;
	if (child.exitCode === null && child.signalCode === null) {
		const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
		try {
			process.kill(pid, 'SIGTERM');
		} catch {
			// already gone
		}
		const timedOut = await Promise.race([
			exited.then(() => false),
			new Promise<boolean>((resolve) => setTimeout(() => resolve(true), graceMs).unref()),
		]);
		if (timedOut) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				// already gone
			}
			await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
		}
	}
	live.delete(pid);
}

/** Message guard for `{ type }` messages. */
export function isMessage<T extends { type: string }>(type: T['type']) {
	return (message: unknown): message is T =>
		typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type;
}
