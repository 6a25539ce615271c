// n8n-core writes its instance settings under N8N_USER_FOLDER: keep tests out of ~/.n8n, one folder
// per jest worker inside the run's scratch folder (test/globalSetup.ts creates and removes it).
import { mkdirSync, mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

if (process.env.N8N_USER_FOLDER === undefined) {
	const scratch = process.env.CELLOSIGN_TEST_SCRATCH ?? mkdtempSync(join(tmpdir(), 'cellosign-n8n-'));
	const userFolder = join(scratch, `worker-${process.env.JEST_WORKER_ID ?? '1'}`);
	mkdirSync(userFolder, { recursive: true });
	process.env.N8N_USER_FOLDER = userFolder;
}

// n8n-core logs every node error it reports; the tests assert those errors themselves.
process.env.N8N_LOG_LEVEL ??= 'silent';
