/**
 * The package's node classes for in-process runs. tsx resolves `nodes/Cellosign/Cellosign.node` to
 * the codex file `Cellosign.node.json` next to it (jest and tsc pick the .ts), so the .ts files are
 * named explicitly; the types come from the ordinary imports.
 */
import type * as CellosignModule from '../../nodes/Cellosign/Cellosign.node';
import type * as CellosignTriggerModule from '../../nodes/CellosignTrigger/CellosignTrigger.node';

export const { Cellosign } = require('../../nodes/Cellosign/Cellosign.node.ts') as typeof CellosignModule;
export const { CellosignTrigger } = require('../../nodes/CellosignTrigger/CellosignTrigger.node.ts') as typeof CellosignTriggerModule;

/** The Cellosign API credential data for a simulator. */
export function simulatorCredentials(sim: { baseUrl: string; token: string }, projectName: string) {
	return { cellosignApi: { accessToken: sim.token, projectName, baseUrl: sim.baseUrl } };
}
