import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { sessionDescription } from './resources/session';
import { PROJECT_URL_EXPRESSION } from './shared/apiLayout';
import { requestOptionsDescription } from './shared/descriptions';

export class Cellosign implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Cellosign',
		name: 'cellosign',
		icon: { light: 'file:cellosign.svg', dark: 'file:cellosign.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create, find and delete Cellosign form sessions',
		defaults: {
			name: 'Cellosign',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'cellosignApi',
				required: true,
			},
		],
		requestDefaults: {
			baseURL: PROJECT_URL_EXPRESSION,
			headers: {
				Accept: 'application/json',
				'Content-Type': 'application/json',
			},
			json: true,
		},
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Session',
						value: 'session',
						description: 'A form process sent to one recipient',
					},
				],
				default: 'session',
			},
			...sessionDescription,
			requestOptionsDescription,
		],
	};
}
