import type { INodeProperties } from 'n8n-workflow';

import { sessionsPathExpression } from '../../shared/apiLayout';
import { unwrapSessions } from '../../shared/responses';
import { buildSessionBody } from '../../shared/sessionBody';
import { paginateSessions, sendSessionRequest } from '../../shared/transport';
import { sessionCreateDescription } from './create';
import { sessionDeleteDescription } from './delete';
import { sessionGetDescription } from './get';
import { sessionGetManyDescription } from './getAll';

const showOnlyForSessions = {
	resource: ['session'],
};

const oneSessionPath = sessionsPathExpression('String($parameter.reference).trim()');

export const sessionDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForSessions },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a session from a template and optionally send it to a recipient',
				action: 'Create a session',
				routing: {
					request: { method: 'POST', url: sessionsPathExpression() },
					send: { paginate: true, preSend: [buildSessionBody] },
					operations: { pagination: sendSessionRequest },
					output: { postReceive: [unwrapSessions] },
				},
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a session and revoke its link',
				action: 'Delete a session',
				routing: {
					request: { method: 'DELETE', url: oneSessionPath },
					send: { paginate: true },
					operations: { pagination: sendSessionRequest },
					output: {
						postReceive: [
							{
								type: 'set',
								properties: { value: '={{ { "deleted": true, "reference": String($parameter.reference).trim() } }}' },
							},
						],
					},
				},
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a session with its status',
				action: 'Get a session',
				routing: {
					request: { method: 'GET', url: oneSessionPath },
					send: { paginate: true },
					operations: { pagination: sendSessionRequest },
					output: { postReceive: [unwrapSessions] },
				},
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the sessions of the project that match the filters',
				action: 'Get many sessions',
				routing: {
					request: { method: 'GET', url: sessionsPathExpression() },
					send: { paginate: true },
					operations: { pagination: paginateSessions },
				},
			},
		],
		default: 'getAll',
	},
	...sessionGetManyDescription,
	...sessionCreateDescription,
	...sessionGetDescription,
	...sessionDeleteDescription,
];
