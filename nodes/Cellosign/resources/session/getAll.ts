import type { INodeProperties } from 'n8n-workflow';

import { DATE_FILTERS, normalizeSessionFilters } from '../../shared/sessionFilters';

const showOnlyForSessionGetMany = {
	resource: ['session'],
	operation: ['getAll'],
};

const filters: INodeProperties[] = [
	{
		displayName: 'Assignee',
		name: 'assignee',
		type: 'string',
		default: '',
		placeholder: 'e.g. nathan@example.com',
		description: 'Only sessions assigned to this destination (email address or phone number)',
		routing: { send: { type: 'query', property: 'assignee' } },
	},
	{
		displayName: 'Author',
		name: 'author',
		type: 'string',
		default: '',
		placeholder: 'e.g. agent@example.com',
		description: 'Only sessions created by this agent (email address)',
		routing: { send: { type: 'query', property: 'author' } },
	},
	{
		displayName: 'Is Expired',
		name: 'isExpired',
		type: 'boolean',
		default: false,
		description: 'Whether to return only expired sessions (on) or only sessions that have not expired (off)',
		routing: { send: { type: 'query', property: 'is_expired' } },
	},
	{
		displayName: 'Is Submitted',
		name: 'isSubmitted',
		type: 'boolean',
		default: false,
		description: 'Whether to return only submitted sessions (on) or only sessions not yet submitted (off)',
		routing: { send: { type: 'query', property: 'is_submitted' } },
	},
	{
		displayName: 'Process ID',
		name: 'process',
		type: 'string',
		default: '',
		placeholder: 'e.g. 7932390e-ee95-4888-ba64-9c7e6f2f5908',
		description: 'Only sessions of this workflow or process (UUID)',
		routing: { send: { type: 'query', property: 'process' } },
	},
	{
		displayName: 'Sent To',
		name: 'sentTo',
		type: 'string',
		typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Address' },
		default: [],
		placeholder: 'e.g. client@example.com',
		description: 'Only sessions sent to any of these email addresses or phone numbers',
		routing: { send: { type: 'query', property: 'sent_to' } },
	},
	...DATE_FILTERS.map(
		({ name, displayName, queryParameter, description }): INodeProperties => ({
			displayName,
			name,
			type: 'dateTime',
			default: '',
			description,
			routing: { send: { type: 'query', property: queryParameter } },
		}),
	),
];

export const sessionGetManyDescription: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		displayOptions: { show: showOnlyForSessionGetMany },
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		displayOptions: { show: { ...showOnlyForSessionGetMany, returnAll: [false] } },
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		displayOptions: { show: showOnlyForSessionGetMany },
		default: {},
		options: filters.sort((a, b) => a.displayName.localeCompare(b.displayName)),
		routing: { send: { preSend: [normalizeSessionFilters] } },
	},
];
