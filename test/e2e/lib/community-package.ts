/** Packing the package under test and installing it into an n8n user folder the way n8n installs community nodes. */
import * as fs from 'fs';
import * as path from 'path';

import { tail } from './n8n-output';
import { runCommand } from './processes';

const NPM_TIMEOUT_MS = 180_000;

/** `npm pack` of a package directory (build it first: the project's .npmrc turns prepack scripts off). Returns the tarball path. */
export async function packPackage(packageDir: string, destinationDir: string): Promise<string> {
	fs.mkdirSync(destinationDir, { recursive: true });
	const result = await runCommand('npm', ['pack', '--json', '--pack-destination', path.resolve(destinationDir)], {
		cwd: packageDir,
		timeoutMs: NPM_TIMEOUT_MS,
	});
	if (result.exitCode !== 0) throw new Error(`npm pack in ${packageDir} failed:\n${tail(result.stderr, 20)}`);
	const [{ filename }] = JSON.parse(result.stdout) as Array<{ filename: string }>;
	return path.join(path.resolve(destinationDir), filename);
}

/** Installs a tarball into `<userFolder>/.n8n/nodes`; returns the package name. */
export async function installCommunityPackage(userFolder: string, tarball: string): Promise<string> {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	fs.writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }));
	// --omit=peer: n8n supplies n8n-workflow at runtime; a second copy must not be installed.
	const result = await runCommand(
		'npm',
		['install', '--no-audit', '--no-fund', '--ignore-scripts', '--omit=peer', '--loglevel=error', path.resolve(tarball)],
		{ cwd: nodesDir, timeoutMs: NPM_TIMEOUT_MS },
	);
	if (result.exitCode !== 0) throw new Error(`npm install ${tarball} failed:\n${tail(result.stderr, 20)}`);
	const manifest = JSON.parse(fs.readFileSync(path.join(nodesDir, 'package.json'), 'utf8')) as {
		dependencies?: Record<string, string>;
	};
	const [packageName] = Object.keys(manifest.dependencies ?? {});
	if (!packageName) throw new Error(`npm install ${tarball} added no dependency to ${nodesDir}/package.json`);
	return packageName;
}
