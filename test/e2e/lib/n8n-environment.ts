/** The environment every n8n command of an instance runs with, and what differs between n8n versions. */
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';

import { N8nInstallation } from './n8n-provision';

/** The env-managed instance owner (REST login: POST /rest/login { emailOrLdapLoginId, password }; 2.x only). */
export const OWNER = { email: 'owner@example.com', password: 'E2e-passw0rd!', firstName: 'E2E', lastName: 'Owner' };
/** Fixed, so that credentials imported by one command stay readable by the next. */
export const ENCRYPTION_KEY = 'e2e-fixed-encryption-key-0123456789';

/** Whether this n8n version ships `node_modules/n8n/dist/<relativePath>` (a command or a module). */
export function n8nHas(installation: N8nInstallation, relativePath: string): boolean {
	return fs.existsSync(path.join(installation.n8nDir, 'node_modules', 'n8n', 'dist', relativePath));
}

/** `require` resolving from the n8n package, to use n8n's own copies of its dependencies. */
export function requireFromN8n(installation: N8nInstallation, id: string): unknown {
	return createRequire(path.join(installation.n8nDir, 'node_modules', 'n8n', 'package.json'))(id);
}

const nodeMajorVersion = (version: string) => Number(/^v?(\d+)/.exec(version)?.[1] ?? 0);

/**
 * Headless n8n on 127.0.0.1 with a sqlite DB in `userFolder`, no telemetry or outbound calls, and
 * an env-managed owner. N8N_RUNNERS_BROKER_PORT is left to the caller: the server and the CLI
 * commands beside it each need their own.
 */
export function n8nEnvironment(installation: N8nInstallation, userFolder: string, port: number): NodeJS.ProcessEnv {
	const inherited: NodeJS.ProcessEnv = {};
	// Only what a login shell would have; the caller's N8N_* / npm_config_* must not leak in.
	for (const key of ['HOME', 'TMPDIR', 'LANG', 'TZ']) if (process.env[key]) inherited[key] = process.env[key];
	const bcrypt = requireFromN8n(installation, 'bcryptjs') as { hashSync(password: string, rounds: number): string };
	return {
		...inherited,
		PATH: `${installation.nodeBinDir}:${process.env.PATH ?? '/usr/bin:/bin'}`,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: 'localhost',
		N8N_PROTOCOL: 'http',
		WEBHOOK_URL: `http://localhost:${port}/`,
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_SECURE_COOKIE: 'false',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		// 2.x: its startup refresh fetches from the internet and logs ENOTFOUND offline.
		// 1.x has no such module and refuses to start when an unknown one is named.
		...(n8nHas(installation, 'modules/mcp-registry') ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {}),
		// The default "vm" expression engine runs on isolated-vm, which needs Node >= 22 (1.x ships
		// isolated-vm 6 without prebuilds, and it does not compile for Node 20): 1.x on Node 20 must use "legacy".
		...(nodeMajorVersion(installation.nodeVersion) < 22 ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {}),
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: OWNER.email,
		N8N_INSTANCE_OWNER_FIRST_NAME: OWNER.firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: OWNER.lastName,
		// Made with n8n's own bcryptjs, so n8n accepts its format.
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(OWNER.password, 10),
	};
}
