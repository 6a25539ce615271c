/**
 * `npm run screenshot`: saves docs/workflows.png, the n8n editor showing an example workflow with
 * the Cellosign nodes, taken with headless Debian Chromium (`apt-get install -y chromium`).
 *
 *   npm run screenshot                                   # starts its own demo (scripts/demo.ts), then stops it
 *   npm run screenshot -- --editor http://localhost:5678 # uses a demo that is already running
 *   npm run screenshot -- --workflow cellosignLookup1 --out docs/lookup.png
 *
 * Login without the sign-in form: the script logs in through n8n's REST API (POST /rest/login with
 * the demo owner and a `browser-id` header), then drives Chromium over the DevTools protocol: it
 * sets the `n8n-auth` cookie, seeds localStorage `n8n-browserId` with the same id (n8n binds the
 * session cookie to it), opens the workflow, waits until its nodes are drawn and captures the page.
 * The DevTools WebSocket client below uses only Node's `http` module (Node 20 has no WebSocket).
 */
import { ChildProcess, spawn } from 'child_process';
import { randomBytes, randomUUID } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import type { Socket } from 'net';

import { OWNER } from '../test/e2e/lib/n8n';
import { EXAMPLES, ROOT } from '../test/e2e/fixtures';
import { Demo, startDemo } from './demo';

const CHROMIUM_CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome'];
const WIDTH = 1440;
const HEIGHT = 810;
const STEP_TIMEOUT_MS = 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// A minimal WebSocket client (RFC 6455: client frames masked, text frames, ping/pong, close)

class WebSocketClient {
	private buffer = Buffer.alloc(0);
	private fragments: Buffer[] = [];
	onMessage: (text: string) => void = () => undefined;
	onClose: () => void = () => undefined;

	private constructor(private readonly socket: Socket) {
		socket.on('data', (chunk: Buffer) => {
			this.buffer = Buffer.concat([this.buffer, chunk]);
			this.readFrames();
		});
		socket.on('close', () => this.onClose());
		socket.on('error', () => socket.destroy());
	}

	static connect(url: string): Promise<WebSocketClient> {
		return new Promise((resolve, reject) => {
			const request = http.request(url.replace(/^ws:/, 'http:'), {
				headers: {
					Connection: 'Upgrade',
					Upgrade: 'websocket',
					'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
					'Sec-WebSocket-Version': '13',
				},
			});
			request.on('upgrade', (_response, socket: Socket, head: Buffer) => {
				const client = new WebSocketClient(socket);
				if (head.length > 0) socket.unshift(head);
				resolve(client);
			});
			request.on('response', (response) => reject(new Error(`WebSocket upgrade refused: HTTP ${response.statusCode}`)));
			request.on('error', reject);
			request.end();
		});
	}

	send(text: string): void {
		this.writeFrame(0x1, Buffer.from(text, 'utf8'));
	}

	close(): void {
		this.socket.destroy();
	}

	private writeFrame(opcode: number, payload: Buffer): void {
		const mask = randomBytes(4);
		const length = payload.length;
		const header =
			length < 126
				? Buffer.from([0x80 | opcode, 0x80 | length])
				: length < 65536
					? Buffer.from([0x80 | opcode, 0x80 | 126, length >> 8, length & 0xff])
					: Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | 127]), bigLength(length)]);
		const masked = Buffer.alloc(length);
		for (let i = 0; i < length; i++) masked[i] = payload[i] ^ mask[i % 4];
		this.socket.write(Buffer.concat([header, mask, masked]));
	}

	private readFrames(): void {
		for (;;) {
			if (this.buffer.length < 2) return;
			const fin = (this.buffer[0] & 0x80) !== 0;
			const opcode = this.buffer[0] & 0x0f;
			const masked = (this.buffer[1] & 0x80) !== 0;
			let length = this.buffer[1] & 0x7f;
			let offset = 2;
			if (length === 126) {
				if (this.buffer.length < 4) return;
				length = this.buffer.readUInt16BE(2);
				offset = 4;
			} else if (length === 127) {
				if (this.buffer.length < 10) return;
				length = Number(this.buffer.readBigUInt64BE(2));
				offset = 10;
			}
			const maskOffset = offset;
			if (masked) offset += 4;
			if (this.buffer.length < offset + length) return;
			let payload = this.buffer.subarray(offset, offset + length);
			if (masked) {
				const mask = this.buffer.subarray(maskOffset, maskOffset + 4);
				payload = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]));
			}
			this.buffer = this.buffer.subarray(offset + length);
			if (opcode === 0x8) {
				this.socket.destroy();
				return;
			}
			if (opcode === 0x9) {
				this.writeFrame(0xa, Buffer.from(payload));
				continue;
			}
			if (opcode === 0x1 || opcode === 0x0) {
				this.fragments.push(Buffer.from(payload));
				if (fin) {
					const text = Buffer.concat(this.fragments).toString('utf8');
					this.fragments = [];
					this.onMessage(text);
				}
			}
		}
	}
}

function bigLength(length: number): Buffer {
	const buffer = Buffer.alloc(8);
	buffer.writeBigUInt64BE(BigInt(length));
	return buffer;
}

// ---------------------------------------------------------------------------------------------
// Chrome DevTools protocol over that client

class DevTools {
	private nextId = 1;
	private readonly pending = new Map<number, { resolve: (value: Record<string, unknown>) => void; reject: (error: Error) => void }>();

	private constructor(private readonly ws: WebSocketClient) {
		ws.onMessage = (text) => {
			const message = JSON.parse(text) as { id?: number; result?: Record<string, unknown>; error?: { message: string } };
			const waiter = message.id === undefined ? undefined : this.pending.get(message.id);
			if (!waiter) return;
			this.pending.delete(message.id as number);
			if (message.error) waiter.reject(new Error(message.error.message));
			else waiter.resolve(message.result ?? {});
		};
		ws.onClose = () => {
			for (const waiter of this.pending.values()) waiter.reject(new Error('DevTools connection closed'));
			this.pending.clear();
		};
	}

	static async connect(url: string): Promise<DevTools> {
		return new DevTools(await WebSocketClient.connect(url));
	}

	send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
		const id = this.nextId++;
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				this.pending.delete(id);
				reject(new Error(`DevTools ${method} timed out`));
			}, STEP_TIMEOUT_MS);
			this.pending.set(id, {
				resolve: (value) => {
					clearTimeout(timer);
					resolve(value);
				},
				reject: (error) => {
					clearTimeout(timer);
					reject(error);
				},
			});
			this.ws.send(JSON.stringify({ id, method, params }));
		});
	}

	/** Evaluates an expression in the page and returns its (JSON) value. */
	async evaluate<T>(expression: string): Promise<T> {
		const result = (await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true })) as {
			result?: { value?: T };
			exceptionDetails?: { text?: string };
		};
		if (result.exceptionDetails) throw new Error(`page script failed: ${result.exceptionDetails.text ?? 'exception'}`);
		return result.result?.value as T;
	}

	close(): void {
		this.ws.close();
	}
}

// ---------------------------------------------------------------------------------------------

function findChromium(): string {
	for (const name of CHROMIUM_CANDIDATES) {
		for (const dir of (process.env.PATH ?? '/usr/bin').split(':')) {
			const candidate = path.join(dir, name);
			if (fs.existsSync(candidate)) return candidate;
		}
	}
	throw new Error('Chromium not found: install it with "apt-get install -y chromium" (Debian/Ubuntu)');
}

function getJson(url: string): Promise<unknown> {
	return new Promise((resolve, reject) => {
		http
			.get(url, { agent: false }, (response) => {
				let body = '';
				response.on('data', (chunk: Buffer) => (body += chunk.toString()));
				response.on('end', () => {
					try {
						resolve(JSON.parse(body));
					} catch (error) {
						reject(error);
					}
				});
			})
			.on('error', reject);
	});
}

/** POST /rest/login; returns the n8n-auth cookie value. */
function login(editorUrl: string, browserId: string, version: string): Promise<string> {
	const body = JSON.stringify(
		version.startsWith('1.') ? { email: OWNER.email, password: OWNER.password } : { emailOrLdapLoginId: OWNER.email, password: OWNER.password },
	);
	return new Promise((resolve, reject) => {
		const request = http.request(
			`${editorUrl}/rest/login`,
			{ method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'browser-id': browserId } },
			(response) => {
				let text = '';
				response.on('data', (chunk: Buffer) => (text += chunk.toString()));
				response.on('end', () => {
					const cookie = (response.headers['set-cookie'] ?? []).map((line) => /^n8n-auth=([^;]+)/.exec(line)?.[1]).find(Boolean);
					if (response.statusCode !== 200 || !cookie) {
						reject(new Error(`login as ${OWNER.email} failed: HTTP ${response.statusCode} ${text.slice(0, 300)}`));
					} else resolve(cookie);
				});
			},
		);
		request.on('error', reject);
		request.end(body);
	});
}

async function startChromium(binary: string, profileDir: string): Promise<{ child: ChildProcess; port: number }> {
	const child = spawn(
		binary,
		[
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-dev-shm-usage',
			'--hide-scrollbars',
			`--user-data-dir=${profileDir}`,
			'--remote-debugging-address=127.0.0.1',
			'--remote-debugging-port=0',
			`--window-size=${WIDTH},${HEIGHT}`,
			'about:blank',
		],
		// Its scratch files (org.chromium.Chromium.*) go into the profile, which is removed afterwards.
		{ stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, TMPDIR: profileDir } },
	);
	let stderr = '';
	child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	// Chromium writes its DevTools port into the profile once it listens.
	const portFile = path.join(profileDir, 'DevToolsActivePort');
	const started = Date.now();
	while (Date.now() - started < STEP_TIMEOUT_MS) {
		if (child.exitCode !== null) throw new Error(`Chromium exited (${child.exitCode}):\n${stderr.slice(-2000)}`);
		if (fs.existsSync(portFile)) {
			const port = Number(fs.readFileSync(portFile, 'utf8').split('\n')[0]);
			if (port > 0) return { child, port };
		}
		await sleep(100);
	}
	child.kill('SIGKILL');
	throw new Error(`Chromium did not open its DevTools port within ${STEP_TIMEOUT_MS} ms:\n${stderr.slice(-2000)}`);
}

async function stopChromium(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
	await exited;
	clearTimeout(timer);
}

export async function takeScreenshot(options: { editorUrl: string; version: string; workflowId: string; out: string }): Promise<void> {
	const binary = findChromium();
	const browserId = randomUUID();
	const cookie = await login(options.editorUrl, browserId, options.version);
	const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellosign-chromium-'));
	const { child, port } = await startChromium(binary, profileDir);
	let devtools: DevTools | undefined;
	try {
		const targets = (await getJson(`http://127.0.0.1:${port}/json/list`)) as Array<{ type: string; webSocketDebuggerUrl: string }>;
		const page = targets.find((target) => target.type === 'page');
		if (!page) throw new Error('Chromium has no page target');
		devtools = await DevTools.connect(page.webSocketDebuggerUrl);
		await devtools.send('Page.enable');
		await devtools.send('Network.enable');
		await devtools.send('Emulation.setDeviceMetricsOverride', { width: WIDTH, height: HEIGHT, deviceScaleFactor: 1, mobile: false });
		await devtools.send('Network.setCookie', { name: 'n8n-auth', value: cookie, url: `${options.editorUrl}/`, httpOnly: true });
		await devtools.send('Page.addScriptToEvaluateOnNewDocument', {
			source: `try { localStorage.setItem('n8n-browserId', ${JSON.stringify(browserId)}); } catch (e) {}`,
		});
		const url = `${options.editorUrl}/workflow/${options.workflowId}`;
		await devtools.send('Page.navigate', { url });

		// Wait until the canvas shows the workflow's nodes (and not the sign-in page).
		const started = Date.now();
		let state = { path: '', nodes: 0 };
		while (Date.now() - started < STEP_TIMEOUT_MS) {
			state = await devtools
				.evaluate<{ path: string; nodes: number }>(`({ path: location.pathname, nodes: document.querySelectorAll('[data-test-id="canvas-node"]').length })`)
				.catch(() => state);
			if (state.path.includes('signin')) throw new Error(`n8n showed the sign-in page instead of ${url}: the login cookie was not accepted`);
			if (state.nodes > 0) break;
			await sleep(250);
		}
		if (state.nodes === 0) throw new Error(`no workflow nodes on ${url} after ${STEP_TIMEOUT_MS} ms (page: ${state.path})`);
		// Let the canvas finish fitting the view and loading icons; close toasts and popups.
		await sleep(2_500);
		await devtools.evaluate(`document.querySelectorAll('.el-notification__closeBtn, [data-test-id="close-button"], [data-test-id="suggested-actions-close"]').forEach((button) => button.click()); true`);
		await sleep(500);
		const shot = (await devtools.send('Page.captureScreenshot', { format: 'png' })) as { data: string };
		fs.mkdirSync(path.dirname(options.out), { recursive: true });
		fs.writeFileSync(options.out, Buffer.from(shot.data, 'base64'));
	} finally {
		devtools?.close();
		await stopChromium(child);
		fs.rmSync(profileDir, { recursive: true, force: true });
	}
}

function parseArgs(argv: string[]): { editorUrl?: string; workflowId: string; out: string } {
	const options = { editorUrl: undefined as string | undefined, workflowId: EXAMPLES.onSubmission.id as string, out: path.join(ROOT, 'docs', 'workflows.png') };
	for (let i = 0; i < argv.length; i += 2) {
		const value = argv[i + 1];
		if (value === undefined) throw new Error(`${argv[i]} needs a value`);
		if (argv[i] === '--editor') options.editorUrl = value.replace(/\/$/, '');
		else if (argv[i] === '--workflow') options.workflowId = value;
		else if (argv[i] === '--out') options.out = path.resolve(value);
		else throw new Error(`usage: screenshot [--editor URL] [--workflow ID] [--out FILE]; got ${argv[i]}`);
	}
	return options;
}

async function main(): Promise<void> {
	const options = parseArgs(process.argv.slice(2));
	let demo: Demo | undefined;
	try {
		let editorUrl = options.editorUrl;
		let version = process.env.N8N_VERSION ?? '2';
		if (!editorUrl) {
			demo = await startDemo({ everySeconds: 0 });
			editorUrl = demo.editorUrl;
			version = demo.n8n.version;
		}
		await takeScreenshot({ editorUrl, version, workflowId: options.workflowId, out: options.out });
		process.stdout.write(`saved ${path.relative(process.cwd(), options.out) || options.out}\n`);
	} finally {
		await demo?.stop();
	}
}

if (require.main === module) {
	main().catch((error: Error) => {
		process.stderr.write(`[screenshot] failed: ${error.message}\n`);
		process.exit(1);
	});
}
