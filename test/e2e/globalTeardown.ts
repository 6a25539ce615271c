/** Removes the packed tarball's folder that globalSetup made. */
import * as fs from 'fs';

export default async function globalTeardown(): Promise<void> {
	const workDir = process.env.CELLOSIGN_E2E_WORKDIR;
	if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
}
