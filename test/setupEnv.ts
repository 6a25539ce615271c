// n8n-core writes its instance settings under N8N_USER_FOLDER; keep tests out of ~/.n8n.
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'cellosign-n8n-'));
// n8n-core logs every node error it reports; the tests assert those errors themselves.
process.env.N8N_LOG_LEVEL ??= 'silent';
