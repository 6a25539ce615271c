/**
 * Runs once before the e2e files: provisions the n8n version under test (scripts/n8n/provision.sh;
 * a few minutes on a cold cache, about a second when warm) and packs the built package once. The
 * test files find the tarball in $CELLOSIGN_E2E_TARBALL and install it into their own n8n.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { packPackage, provision } from './lib/n8n';

const ROOT = path.resolve(__dirname, '..', '..');

export default async function globalSetup(): Promise<void> {
	const started = Date.now();
	const installation = provision(process.env.N8N_VERSION || undefined);
	const provisionedMs = Date.now() - started;

	// Whether every file the package's "n8n" section names exists is left to n8n: the tests report what it says.
	if (!fs.existsSync(path.join(ROOT, 'dist'))) {
		throw new Error(`no build in ${path.join(ROOT, 'dist')}: run "npm run build" first ("npm run test:e2e" does)`);
	}
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellosign-e2e-pack-'));
	const tarball = await packPackage(ROOT, workDir);

	process.env.CELLOSIGN_E2E_TARBALL = tarball;
	process.env.CELLOSIGN_E2E_WORKDIR = workDir;
	// The test files provision again (a no-op now) and must get the same version.
	process.env.N8N_VERSION = installation.version;
	process.stderr.write(
		`\n[e2e] n8n ${installation.version} on Node ${installation.nodeVersion} (provision ${(provisionedMs / 1000).toFixed(1)} s); ` +
			`package ${path.basename(tarball)} packed in ${((Date.now() - started - provisionedMs) / 1000).toFixed(1)} s\n`,
	);
}
