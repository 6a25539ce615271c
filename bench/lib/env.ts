/**
 * Import this first wherever n8n-core may be loaded: n8n-core reads N8N_USER_FOLDER (instance
 * settings) and N8N_LOG_LEVEL when it is imported. Same settings as test/setupEnv.ts; a folder
 * made here is removed when the process exits.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

if (process.env.N8N_USER_FOLDER === undefined) {
	const userFolder = mkdtempSync(join(tmpdir(), 'cellosign-bench-n8n-'));
	process.env.N8N_USER_FOLDER = userFolder;
	process.on('exit', () => rmSync(userFolder, { recursive: true, force: true }));
}
process.env.N8N_LOG_LEVEL ??= 'silent';
