/** One scratch folder per jest run for n8n-core's user folders (see setupEnv.ts); removed afterwards. */
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

export default function globalSetup(): void {
	process.env.CELLOSIGN_TEST_SCRATCH = mkdtempSync(join(tmpdir(), 'cellosign-n8n-'));
}
