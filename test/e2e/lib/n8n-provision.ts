/** Runs scripts/n8n/provision.sh (installs n8n + its Node into the cache when missing) and returns the paths. */
import { spawnSync } from 'child_process';
import * as path from 'path';

export interface N8nInstallation {
	/** Exact n8n version, e.g. "2.41.1". */
	version: string;
	/** Directory holding the n8n install (`<dir>/node_modules/n8n`). */
	n8nDir: string;
	/** The n8n CLI entry point (`<dir>/node_modules/.bin/n8n`). */
	n8nBin: string;
	/** Directory of the `node` binary that runs this n8n (Node 24 for 2.x, system Node 20 for 1.x). */
	nodeBinDir: string;
	/** Output of `node -v` for that binary. */
	nodeVersion: string;
}

const PROVISION_SCRIPT = path.resolve(__dirname, '../../../scripts/n8n/provision.sh');
// A cold install downloads ~2,400 packages and compiles sqlite3.
const PROVISION_TIMEOUT_MS = 30 * 60_000;

/**
 * Ensures the given n8n version (default: the script's pinned default, or $N8N_VERSION) is installed.
 * Progress goes to this process's stderr; the script's stdout carries KEY=value lines.
 */
export function provision(version?: string): N8nInstallation {
	const env = { ...process.env };
	if (version) env.N8N_VERSION = version;
	const result = spawnSync('bash', [PROVISION_SCRIPT], {
		env,
		stdio: ['ignore', 'pipe', 'inherit'],
		encoding: 'utf8',
		timeout: PROVISION_TIMEOUT_MS,
	});
	if (result.error) throw new Error(`provision.sh could not run: ${result.error.message}`);
	if (result.status !== 0) {
		throw new Error(`provision.sh failed (exit ${result.status ?? result.signal}); its [provision] lines above say why`);
	}
	const values: Record<string, string> = {};
	for (const line of result.stdout.split('\n')) {
		const match = /^([A-Z0-9_]+)=(.*)$/.exec(line);
		if (match) values[match[1]] = match[2];
	}
	const required = ['N8N_VERSION', 'N8N_DIR', 'N8N_BIN', 'NODE_BIN', 'NODE_VERSION'];
	const missing = required.filter((key) => !values[key]);
	if (missing.length > 0) throw new Error(`provision.sh printed no ${missing.join(', ')}; stdout was:\n${result.stdout}`);
	return {
		version: values.N8N_VERSION,
		n8nDir: values.N8N_DIR,
		n8nBin: values.N8N_BIN,
		nodeBinDir: values.NODE_BIN,
		nodeVersion: values.NODE_VERSION,
	};
}
