import type { INodeProperties } from 'n8n-workflow';

import { sessionReference } from '../../shared/descriptions';

const showOnlyForSessionDelete = {
	resource: ['session'],
	operation: ['delete'],
};

export const sessionDeleteDescription: INodeProperties[] = [
	{
		...sessionReference,
		description: 'The reference (a UUID) of the session to delete. Its link stops working at once.',
		displayOptions: { show: showOnlyForSessionDelete },
	},
];
