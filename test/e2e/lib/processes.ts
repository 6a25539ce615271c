/**
 * Child processes of the e2e harness: every one is spawned in its own process group, tracked by
 * PID, bounded by a timeout, and killed (with its children) when the harness stops or the host
 * process goes away. Nothing started here may outlive the test run.
 */
import { ChildProcess, spawn, SpawnOptions } from 'child_process';

const liveGroups = new Set<number>();

function killGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// Group already gone.
	}
}

export function isGroupAlive(pid: number): boolean {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
}

let cleanupInstalled = false;
function installCleanupHooks(): void {
	if (cleanupInstalled) return;
	cleanupInstalled = true;
	process.on('exit', () => {
		for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
	});
	// Our children run in their own process groups, so Ctrl-C no longer reaches them directly.
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		const onSignal = () => {
			for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
			liveGroups.clear();
			// Re-raise only if nobody else handles the signal, so default termination still happens.
			if (process.listenerCount(signal) === 1) {
				process.removeListener(signal, onSignal);
				process.kill(process.pid, signal);
			}
		};
		process.on(signal, onSignal);
	}
}

/** Spawns a tracked process (own process group, untracked again once it exits). */
export function spawnTracked(command: string, args: string[], options: SpawnOptions): ChildProcess {
	installCleanupHooks();
	const child = spawn(command, args, { ...options, detached: true });
	if (child.pid === undefined) throw new Error(`could not start ${command} ${args.join(' ')}`);
	const pid = child.pid;
	liveGroups.add(pid);
	child.once('exit', () => {
		// The leader is gone; children it left behind still count until the group is empty.
		if (!isGroupAlive(pid)) liveGroups.delete(pid);
	});
	return child;
}

export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
	return new Promise((resolve) => {
		const timer = setTimeout(() => {
			child.removeListener('exit', onExit);
			resolve(false);
		}, timeoutMs);
		const onExit = () => {
			clearTimeout(timer);
			resolve(true);
		};
		child.once('exit', onExit);
	});
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Stops a tracked process: `signal` to the leader only (n8n then stops its own task runner),
 * SIGKILL to the whole group after `graceMs`, and a final SIGKILL for anything left in the group.
 */
export async function stopTracked(
	child: ChildProcess,
	{ signal = 'SIGTERM', graceMs = 15_000 }: { signal?: NodeJS.Signals; graceMs?: number } = {},
): Promise<void> {
	const pid = child.pid;
	if (pid === undefined) return;
	if (child.exitCode === null && child.signalCode === null) {
		try {
			process.kill(pid, signal);
		} catch {
			// Exited meanwhile.
		}
		if (!(await waitForExit(child, graceMs))) {
			killGroup(pid, 'SIGKILL');
			await waitForExit(child, 5_000);
		}
	}
	for (let i = 0; i < 50 && isGroupAlive(pid); i++) {
		killGroup(pid, 'SIGKILL');
		await sleep(100);
	}
	if (isGroupAlive(pid)) throw new Error(`process group ${pid} survived SIGKILL`);
	liveGroups.delete(pid);
}

export interface CommandResult {
	exitCode: number;
	stdout: string;
	stderr: string;
	durationMs: number;
}

/** Runs a command to completion (asynchronously, so in-process fake servers keep answering). */
export function runCommand(
	command: string,
	args: string[],
	options: SpawnOptions & { timeoutMs: number; onSpawn?: (child: ChildProcess) => void },
): Promise<CommandResult> {
	const { timeoutMs, onSpawn, ...spawnOptions } = options;
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const child = spawnTracked(command, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
		onSpawn?.(child);
		let stdout = '';
		let stderr = '';
		child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			void stopTracked(child, { signal: 'SIGKILL', graceMs: 0 });
		}, timeoutMs);
		child.once('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.once('close', (code, signal) => {
			clearTimeout(timer);
			// A finished command must not leave helpers (e.g. n8n's task runner) behind.
			killGroup(child.pid!, 'SIGKILL');
			liveGroups.delete(child.pid!);
			const durationMs = Date.now() - started;
			if (timedOut) {
				const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-20).join('\n');
				reject(new Error(`${command} ${args.join(' ')} timed out after ${timeoutMs} ms; output tail:\n${tail}`));
				return;
			}
			resolve({ exitCode: code ?? (signal ? 128 : 1), stdout, stderr, durationMs });
		});
	});
}
