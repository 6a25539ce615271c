import type { INodeProperties } from 'n8n-workflow';

import { sessionReference } from '../../shared/descriptions';

const showOnlyForSessionGet = {
	resource: ['session'],
	operation: ['get'],
};

export const sessionGetDescription: INodeProperties[] = [
	{ ...sessionReference, displayOptions: { show: showOnlyForSessionGet } },
];
