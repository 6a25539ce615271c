/**
 * Benchmark 2 — Limit: for each Limit, the requests Get Many sends and their exact query strings.
 * Goal: the minimum: page_size = min(Limit, 1000), ceil(Limit / page_size) pages, no extra page.
 * Not a timing: the simulator runs in this process and its request log is read directly.
 */
import './lib/env';

import { runNode } from '../test/harness/runNode';
import { CellosignSimulator } from '../test/simulator';
import { Cellosign, simulatorCredentials } from './lib/nodes';
import { fmtInt, type Section } from './report';

export interface LimitOptions {
	seed: number;
	limits: number[];
	log: (line: string) => void;
}

const MAX_PAGE_SIZE = 1000;

interface LimitCase {
	label: string;
	limit: number | 'all';
	items: number;
	queries: string[];
	expectedQueries: string[];
	expectedItems: number;
	pass: boolean;
	error?: string;
}

/** What the minimum is for `limit` out of `available` sessions. */
function expectedFor(limit: number | 'all', available: number): { queries: string[]; items: number } {
	const wanted = limit === 'all' ? available : Math.min(limit, available);
	const pageSize = limit === 'all' ? MAX_PAGE_SIZE : Math.min(limit, MAX_PAGE_SIZE);
	// A page short of page_size (or meta.total reached) ends the list: no request past the data.
	const pages = Math.max(1, Math.ceil(wanted / pageSize));
	return {
		queries: Array.from({ length: pages }, (_, i) => `page=${i + 1}&page_size=${pageSize}`),
		items: wanted,
	};
}

export async function benchLimit(options: LimitOptions): Promise<Section> {
	const cases: LimitCase[] = [];
	const section: Section = {
		id: 'limit',
		title: '2. Limit: requests and page sizes',
		inputs: [
			`${fmtInt(options.seed)} sessions seeded; Limit = ${options.limits.map(fmtInt).join(', ')}, and Return All`,
		],
		method: [
			'The Cellosign node (Get Many, Return All off, Limit L) through n8n-core\'s WorkflowExecute against an in-process simulator; every query string it received is recorded exactly.',
			'Minimum: page_size = min(L, 1000) on every page, ceil(L / page_size) pages, and exactly L sessions out.',
		],
		tables: [],
		goals: [],
		data: cases,
	};
	const sim = await CellosignSimulator.start();
	try {
		sim.seedSessions(options.seed);
		const listPath = `/api/v3/${sim.project}/sessions`;
		const runs: Array<{ label: string; limit: number | 'all' }> = [
			...options.limits.map((limit) => ({ label: `Limit ${fmtInt(limit)}`, limit })),
			{ label: 'Return All', limit: 'all' as const },
		];
		for (const { label, limit } of runs) {
			sim.clearRequests();
			const { items, error } = await runNode({
				nodeType: new Cellosign(),
				parameters:
					limit === 'all'
						? { resource: 'session', operation: 'getAll', returnAll: true }
						: { resource: 'session', operation: 'getAll', returnAll: false, limit },
				credentials: simulatorCredentials(sim, sim.project),
			});
			const queries = sim.requests.map((request) =>
				request.method === 'GET' && request.path === listPath ? request.query : `${request.method} ${request.path}?${request.query}`,
			);
			const expected = expectedFor(limit, options.seed);
			const pass =
				!error &&
				items.length === expected.items &&
				queries.length === expected.queries.length &&
				queries.every((query, i) => query === expected.queries[i]);
			cases.push({
				label,
				limit,
				items: items.length,
				queries,
				expectedQueries: expected.queries,
				expectedItems: expected.items,
				pass,
				error: error?.message,
			});
			options.log(`  ${label}: ${queries.length} request(s) ${queries.join(' | ')} -> ${items.length} items`);
		}
	} catch (error) {
		section.error = (error as Error).message;
	} finally {
		await sim.stop();
	}

	section.tables.push({
		headers: ['Limit', 'requests', 'query strings sent (exact)', 'sessions out', 'minimum'],
		rows: cases.map((c) => [
			c.label,
			String(c.queries.length),
			c.queries.map((query) => `\`${query}\``).join(', '),
			fmtInt(c.items),
			`${c.expectedQueries.length} × page_size=${c.expectedQueries[0]?.split('page_size=')[1]}, ${fmtInt(c.expectedItems)} out`,
		]),
	});
	for (const c of cases) {
		section.goals.push({
			figure: `requests for ${c.label} (${fmtInt(options.seed)} sessions)`,
			measured: `${c.queries.length} × ${[...new Set(c.queries.map((q) => q.split('&').find((p) => p.startsWith('page_size'))))].join(', ')}, ${fmtInt(c.items)} out${c.error ? ` (error: ${c.error})` : ''}`,
			goal: `${c.expectedQueries.length} × page_size=${c.expectedQueries[0]?.split('page_size=')[1]}, no extra page`,
			pass: c.pass,
		});
	}
	const limitCases = cases.filter((c) => c.limit !== 'all');
	section.readme = {
		rows: [
			{
				figure: `Get Many, Limit ${limitCases.map((c) => fmtInt(c.limit as number)).join(' / ')} of ${fmtInt(options.seed)} sessions`,
				measured: `${limitCases.map((c) => c.queries.length).join(' / ')} requests, page_size = ${limitCases.map((c) => c.queries[0]?.split('page_size=')[1] ?? '?').join(' / ')}`,
				goal: 'the minimum, no extra page',
				pass: cases.length > 0 && cases.every((c) => c.pass),
			},
		],
		notes: ['**Limit** asks for `page_size = min(Limit, 1000)` and stops as soon as Limit sessions are in hand: never a page it does not need.'],
	};
	return section;
}
