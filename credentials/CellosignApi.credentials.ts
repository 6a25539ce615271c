import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import {
	DEFAULT_BASE_URL,
	PROJECT_URL_EXPRESSION,
	sessionsPathExpression,
} from '../nodes/Cellosign/shared/apiLayout';

export class CellosignApi implements ICredentialType {
	name = 'cellosignApi';

	displayName = 'Cellosign API';

	icon: Icon = { light: 'file:cellosign.svg', dark: 'file:cellosign.dark.svg' };

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-cellosign#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Access token of a Cellosign service user. A Cellosign administrator finds it in the Cellosign UI under the user\'s API settings.',
		},
		{
			displayName: 'Project Name',
			name: 'projectName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. acme-insurance',
			description:
				'Name (code) of the Cellosign project to work in. A token may reach several projects; create one credential per project.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			required: true,
			description:
				'Change it only for projects that require mutual TLS (https://api.cellosign.com/api/v3) or for a test host',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Token {{$credentials.accessToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: PROJECT_URL_EXPRESSION,
			url: sessionsPathExpression(),
			qs: { page_size: 1 },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Cellosign refused the access token for this project. Copy the token again from the Cellosign UI and check the Project Name.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: 'Cellosign does not know this project at this Base URL. Check the Project Name and the Base URL.',
				},
			},
		],
	};
}
