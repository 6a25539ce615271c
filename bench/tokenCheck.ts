/**
 * Benchmark 4 — Token check: the cost of verifying one Cellosign Secret bearer token with the
 * trigger's own functions, exactly as a postback is checked (CellosignTriggerHelpers.ts:
 * `readBearerToken` on the Authorization header, then `verifyToken`), for a valid token and for
 * forged ones. Goal: < 50 µs per check, no I/O.
 */
import * as fs from 'fs';
import * as path from 'path';
import { createHmac } from 'crypto';

import {
	issueToken,
	readBearerToken,
	type SecretCredential,
	tokenAudience,
	type TokenCheck,
	verifyToken,
} from '../nodes/CellosignTrigger/token';
import { fmt, fmtInt, fmtMs, fmtSpread, type Section } from './report';
import { spread, type Spread } from './stats';

export interface TokenCheckOptions {
	/** Timed batches per case, and checks per batch. */
	batches: number;
	perBatch: number;
	warmup: number;
	/** Stop timing batches after this long, whatever `batches` says. */
	maxMs: number;
	log: (line: string) => void;
}

const GOAL_US = 50;
const TOKEN_SOURCE = path.join(__dirname, '..', 'nodes', 'CellosignTrigger', 'token.ts');

interface Case {
	name: string;
	header: string;
	expect: TokenCheck['ok'] | string;
	/** Reference rows are timed for scale only; they carry no goal. */
	reference?: boolean;
}

interface CaseResult {
	name: string;
	result: string;
	perOpUs: Spread;
	ops: number;
	reference: boolean;
}

/** The modules token.ts loads at run time (type-only imports excluded). */
function runtimeImports(source: string): string[] {
	const modules: string[] = [];
	for (const match of source.matchAll(/^import\s+(type\s+)?[^'"]*from\s+'([^']+)'/gm)) {
		if (!match[1]) modules.push(match[2]);
	}
	return modules;
}

export async function benchTokenCheck(options: TokenCheckOptions): Promise<Section> {
	const credential: SecretCredential = {
		username: 'cellosign-postbacks',
		password: 'bench-0123456789abcdef-secret',
		tokenLifetime: 3600,
	};
	const audience = tokenAudience('benchWorkflow0001', '5b1c1f44-6d2a-4c55-9d7e-3c1a2b3c4d5e');
	const { accessToken } = issueToken(credential, audience);
	const [prefix, payload, signature] = accessToken.split('.');
	const otherKey = issueToken({ ...credential, password: 'another-password-0123456789' }, audience).accessToken;
	const tamperedPayload = Buffer.from(
		JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')), aud: 'other/trigger/webhook' }),
	).toString('base64url');

	const cases: Case[] = [
		{ name: 'valid token', header: `Bearer ${accessToken}`, expect: true },
		{ name: 'forged: signed with another password', header: `Bearer ${otherKey}`, expect: 'signature' },
		{ name: 'forged: payload changed, signature kept', header: `Bearer ${prefix}.${tamperedPayload}.${signature}`, expect: 'signature' },
		{ name: 'malformed: not a cst1 token', header: 'Bearer not-a-token', expect: 'malformed' },
	];

	const check = (header: string): TokenCheck => {
		const bearer = readBearerToken(header);
		return 'reason' in bearer ? { ok: false, reason: bearer.reason } : verifyToken(bearer.token, credential, audience);
	};
	const describe = (result: TokenCheck) => (result.ok ? 'ok' : `rejected: ${result.reason}`);

	const section: Section = {
		id: 'tokenCheck',
		title: '4. Token check (Cellosign Secret)',
		inputs: [
			`${options.batches} batches × ${fmtInt(options.perBatch)} checks per case (at most ${fmt(options.maxMs / 1000, 0)} s per case), after ${fmtInt(options.warmup)} warm-up checks`,
		],
		method: [
			'One check = `readBearerToken(Authorization header)` + `verifyToken(token, credential, audience)` from nodes/CellosignTrigger/token.ts, as the trigger checks each postback (the signing key is derived from the credential on every check, as there).',
			'Per-op time = batch time / checks per batch (process.hrtime); figure = median over batches (min–max). Cases take turns batch by batch.',
			'No I/O: the check is synchronous (returns a value, not a promise), token.ts loads only `crypto` at run time, and the process has the same active handles before and after.',
		],
		tables: [],
		goals: [],
		data: undefined,
	};

	// Correctness first: every case gives the expected answer.
	for (const c of cases) {
		const result = check(c.header);
		const got = result.ok ? true : result.reason;
		if (got !== c.expect) {
			section.error = `${c.name}: expected ${String(c.expect)}, got ${describe(result)}`;
			return section;
		}
	}
	const resourcesBefore = process.getActiveResourcesInfo().sort().join(',');
	const probe = check(cases[0].header) as unknown;
	const synchronous = typeof (probe as { then?: unknown }).then !== 'function';

	// A reference for scale: one HMAC-SHA256 over the token's signed part.
	const key = createHmac('sha256', 'ctx').update('k').digest();
	const referenceHmac = () => createHmac('sha256', key).update(`${prefix}.${payload}`).digest('base64url');

	const timed: Array<{ name: string; run: () => unknown; reference: boolean; result: string }> = [
		...cases.map((c) => ({ name: c.name, run: () => check(c.header), reference: false, result: describe(check(c.header)) })),
		{ name: 'reference: one HMAC-SHA256 of the token', run: referenceHmac, reference: true, result: '' },
	];

	let sink = 0;
	for (const t of timed) for (let i = 0; i < options.warmup; i++) sink += t.run() ? 1 : 0;
	const perOp = timed.map(() => [] as number[]);
	const started = Date.now();
	for (let batch = 0; batch < options.batches && Date.now() - started < options.maxMs * timed.length; batch++) {
		for (let k = 0; k < timed.length; k++) {
			const index = (batch + k) % timed.length; // rotate who goes first
			const run = timed[index].run;
			const t0 = process.hrtime.bigint();
			for (let i = 0; i < options.perBatch; i++) sink += run() ? 1 : 0;
			const ns = Number(process.hrtime.bigint() - t0);
			perOp[index].push(ns / options.perBatch / 1000);
		}
	}
	const resourcesAfter = process.getActiveResourcesInfo().sort().join(',');
	const imports = runtimeImports(fs.readFileSync(TOKEN_SOURCE, 'utf8'));
	const noIo = synchronous && resourcesBefore === resourcesAfter && imports.every((name) => name === 'crypto');

	const results: CaseResult[] = timed.map((t, i) => ({
		name: t.name,
		result: t.result,
		perOpUs: spread(perOp[i]),
		ops: perOp[i].length * options.perBatch,
		reference: t.reference,
	}));
	section.data = { results, synchronous, runtimeImports: imports, resourcesUnchanged: resourcesBefore === resourcesAfter, sink };
	const us = (value: number) => fmtMs(value / 1000);
	section.tables.push({
		headers: ['case', 'answer', 'per check, median (min–max)', 'checks timed'],
		rows: results.map((r) => [r.name, r.result || '—', fmtSpread(r.perOpUs, us), fmtInt(r.ops)]),
	});
	for (const r of results.filter((result) => !result.reference)) {
		section.goals.push({
			figure: `token check, ${r.name}`,
			measured: fmtSpread(r.perOpUs, us),
			goal: `< ${GOAL_US} µs`,
			pass: r.perOpUs.median < GOAL_US,
		});
	}
	section.goals.push({
		figure: 'token check does no I/O',
		measured: `${synchronous ? 'synchronous' : 'ASYNC'}; imports ${imports.join(', ') || 'nothing'}; active handles ${resourcesBefore === resourcesAfter ? 'unchanged' : 'CHANGED'}`,
		goal: 'no I/O',
		pass: noIo,
	});
	for (const r of results) options.log(`  ${r.name}: ${us(r.perOpUs.median)} per check`);
	section.readme = {
		rows: section.goals.filter((goal) => !goal.figure.includes('malformed')),
		notes: [
			'**Cellosign Secret** tokens are checked without I/O or shared state (an HMAC over the token with a key derived from the credential): ' +
				`${us(results[0].perOpUs.median)} per postback, a forged token is rejected as fast.`,
		],
	};
	return section;
}
