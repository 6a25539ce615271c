/** Shared set-up for the Cellosign node tests: one simulator per test file, fresh state per test. */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { Cellosign } from '../../nodes/Cellosign/Cellosign.node';
import { runNode, type RunNodeResult } from '../harness/runNode';
import { CellosignSimulator } from '../simulator';

export const REFERENCE_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export interface SimulatorFixture {
	sim: CellosignSimulator;
	credentials: () => { cellosignApi: { accessToken: string; projectName: string; baseUrl: string } };
	run: (
		parameters: INodeParameters,
		options?: { input?: INodeExecutionData[]; continueOnFail?: boolean; credentials?: Partial<{ accessToken: string; projectName: string; baseUrl: string }> },
	) => Promise<RunNodeResult>;
}

/** Gives every test a fresh simulator (empty store, log and faults), stopped after the test. */
export function useSimulator(options: Parameters<typeof CellosignSimulator.start>[0] = {}): SimulatorFixture {
	const fixture = {} as SimulatorFixture;
	beforeEach(async () => {
		fixture.sim = await CellosignSimulator.start(options);
	});
	afterEach(async () => {
		await fixture.sim?.stop();
	});
	fixture.credentials = () => ({
		cellosignApi: {
			accessToken: fixture.sim.token,
			projectName: fixture.sim.project,
			baseUrl: fixture.sim.baseUrl,
		},
	});
	fixture.run = async (parameters, runOptions = {}) =>
		await runNode({
			nodeType: new Cellosign(),
			parameters: { resource: 'session', ...parameters },
			credentials: { cellosignApi: { ...fixture.credentials().cellosignApi, ...runOptions.credentials } },
			input: runOptions.input,
			continueOnFail: runOptions.continueOnFail,
		});
	return fixture;
}

/** The request log as `METHOD path?query` lines, the shape most assertions compare. */
export function requestLines(sim: CellosignSimulator): string[] {
	return sim.requests.map(({ method, path, query }) => `${method} ${path}${query ? `?${query}` : ''}`);
}

/** Everything an error carries, serialized, to prove no secret leaks into it. */
export function serialize(value: unknown): string {
	return JSON.stringify(value, (_key, inner) =>
		inner instanceof Error ? { ...inner, message: inner.message, stack: inner.stack } : inner,
	);
}
