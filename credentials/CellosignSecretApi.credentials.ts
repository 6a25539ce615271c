import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The values of a Cellosign "Secret": the OAuth2-style username and password that Cellosign posts
 * to the Cellosign Trigger's token URL before it sends postbacks. Nothing here calls a remote API:
 * the trigger itself is the token server, so the credential is checked locally by the trigger's
 * `testedBy` function (CellosignTrigger.node.ts, methods.credentialTest).
 */
export class CellosignSecretApi implements ICredentialType {
	name = 'cellosignSecretApi';

	// Not an API credential: it holds what Cellosign sends to the trigger, so no "API" in the name.
	// eslint-disable-next-line n8n-nodes-base/cred-class-field-display-name-missing-api
	displayName = 'Cellosign Webhook Secret';

	icon: Icon = { light: 'file:cellosign.svg', dark: 'file:cellosign.dark.svg' };

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-cellosign#cellosign-trigger';

	properties: INodeProperties[] = [
		{
			displayName:
				'Type the same username and password into the Cellosign Secret (Cellosign: Secrets). Cellosign trades them for a bearer token at the trigger\'s token URL, then sends that token with every postback.',
			name: 'setupNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. cellosign-postbacks',
			description:
				'The username of the Cellosign Secret. A Secret of the "Microsoft Graph" kind calls it Client ID; the trigger accepts both.',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The password of the Cellosign Secret ("Client Secret" in the Microsoft Graph kind). Use at least 16 random characters: the trigger signs its tokens with a key derived from it, and changing it revokes every token already issued.',
		},
		{
			displayName: 'Token Lifetime (Seconds)',
			name: 'lifetimeSeconds',
			type: 'number',
			typeOptions: { minValue: 60, maxValue: 86400 },
			default: 3600,
			description:
				'How long a token from the token URL stays valid (60 to 86400 seconds). Cellosign asks for a new one when it expires.',
		},
	];
}
