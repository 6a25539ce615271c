/**
 * Import this first wherever n8n-core may be loaded: n8n-core reads N8N_USER_FOLDER (instance
 * settings) and N8N_LOG_LEVEL when it is imported. Same settings as test/setupEnv.ts.
 */
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'cellosign-bench-n8n-'));
process.env.N8N_LOG_LEVEL ??= 'silent';
