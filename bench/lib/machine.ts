/** Facts about the machine and the software measured, for the report header. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export function machineFacts(): { cpu: string; cores: number; memoryGiB: number; os: string; node: string } {
	const cpus = os.cpus();
	return {
		cpu: (cpus[0]?.model ?? 'unknown CPU').replace(/\s+/g, ' ').trim(),
		cores: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
		memoryGiB: os.totalmem() / 1024 ** 3,
		os: `${os.type()} ${os.release()} ${os.arch()}`,
		node: process.version,
	};
}

/** Version of an installed package of this repo. */
export function packageVersion(name: string): string {
	try {
		const manifest = path.join(__dirname, '..', '..', 'node_modules', name, 'package.json');
		return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
	} catch {
		return 'unknown';
	}
}
