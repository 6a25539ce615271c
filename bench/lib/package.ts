/**
 * Builds and packs this package for the real-n8n benchmark without touching the repo's dist/:
 * compiles with tsconfig.build.json into `<workDir>/package/dist`, copies the icons the way the
 * gulp task does, adds package.json, README.md and LICENSE, and runs `npm pack` there.
 */
import * as fs from 'fs';
import * as path from 'path';

import { packPackage } from '../../test/e2e/lib/n8n';
import { runCommand } from '../../test/e2e/lib/processes';

const ROOT = path.resolve(__dirname, '..', '..');
const TSC_TIMEOUT_MS = 300_000;

function copyIcons(from: string, to: string): void {
	for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
		const source = path.join(from, entry.name);
		const target = path.join(to, entry.name);
		if (entry.isDirectory()) copyIcons(source, target);
		else if (/\.(svg|png)$/.test(entry.name)) {
			fs.mkdirSync(to, { recursive: true });
			fs.copyFileSync(source, target);
		}
	}
}

/** Returns the path of the packed tarball. */
export async function buildPackage(workDir: string): Promise<string> {
	const packageDir = path.join(workDir, 'package');
	const distDir = path.join(packageDir, 'dist');
	fs.rmSync(packageDir, { recursive: true, force: true });
	fs.mkdirSync(packageDir, { recursive: true });

	const tsc = require.resolve('typescript/bin/tsc');
	const compiled = await runCommand(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', distDir], {
		cwd: ROOT,
		timeoutMs: TSC_TIMEOUT_MS,
	});
	if (compiled.exitCode !== 0) {
		throw new Error(`compiling the package failed:\n${`${compiled.stdout}\n${compiled.stderr}`.trim().split('\n').slice(-20).join('\n')}`);
	}
	copyIcons(path.join(ROOT, 'nodes'), path.join(distDir, 'nodes'));
	copyIcons(path.join(ROOT, 'credentials'), path.join(distDir, 'credentials'));
	for (const file of ['package.json', 'README.md', 'LICENSE']) {
		if (fs.existsSync(path.join(ROOT, file))) fs.copyFileSync(path.join(ROOT, file), path.join(packageDir, file));
	}
	for (const entry of ['dist/nodes/Cellosign/Cellosign.node.js', 'dist/nodes/CellosignTrigger/CellosignTrigger.node.js']) {
		if (!fs.existsSync(path.join(packageDir, entry))) throw new Error(`the build has no ${entry}`);
	}
	return await packPackage(packageDir, path.join(workDir, 'tarball'));
}
