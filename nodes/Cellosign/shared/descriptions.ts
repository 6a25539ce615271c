import type { INodeProperties } from 'n8n-workflow';

import { validateReference } from './validation';

/** The session's UUID, used by Get and Delete. */
export const sessionReference: INodeProperties = {
	displayName: 'Session Reference',
	name: 'reference',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. e0711799-5086-4540-b65d-cdb1d3a380c0',
	description: 'The reference (a UUID) that Cellosign returned when the session was created',
	hint: 'Every session from Create, Get Many or the Cellosign Trigger carries it as "reference"',
	routing: {
		send: { preSend: [validateReference] },
	},
};

/**
 * Request options every operation shares. n8n's routing engine reads the collection named
 * `requestOptions` itself (its `timeout` replaces the default of 5 minutes).
 */
export const requestOptionsDescription: INodeProperties = {
	displayName: 'Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Timeout',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 30000,
			description: 'Milliseconds to wait for Cellosign to answer each request before giving up',
		},
	],
};
