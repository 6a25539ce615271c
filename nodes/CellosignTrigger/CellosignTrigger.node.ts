import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IHookFunctions,
	INodeCredentialTestResult,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
	WebhookType,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { DEFAULT_ACK_STATUS } from '../Cellosign/shared/apiLayout';
import { answerTokenUrl, receivePostback } from './CellosignTriggerHelpers';
import { ALL_EVENTS, eventOptions } from './events';
import { POSTBACK_PATH, TOKEN_PATH, toSecretCredential } from './token';

/**
 * n8n-workflow types webhook names as 'default' | 'setup', but any name works at runtime: n8n
 * registers every entry of `webhooks` under the same webhook ID and tells them apart by name.
 */
const TOKEN_WEBHOOK = 'token' as WebhookType;

/** Shortest Secret password the credential test accepts: tokens are signed with a key derived from it. */
const MIN_PASSWORD_LENGTH = 16;

export class CellosignTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Cellosign Trigger',
		name: 'cellosignTrigger',
		icon: { light: 'file:../Cellosign/cellosign.svg', dark: 'file:../Cellosign/cellosign.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].includes("*") ? "All events" : $parameter["events"].join(", ")}}',
		description: 'Starts the workflow when Cellosign posts a form event (postback)',
		defaults: {
			name: 'Cellosign Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'cellosignSecretApi',
				required: true,
				displayOptions: { show: { authentication: ['cellosignSecret'] } },
				testedBy: 'cellosignSecretApiTest',
			},
			{
				name: 'cellosignApi',
				required: true,
				displayOptions: { show: { fetchFullSession: [true] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: '={{$parameter["respond"]}}',
				// Empty unless the workflow answers: n8n 2.x otherwise replies with the literal text
				// "firstEntryJson" instead of the acknowledgement this node returns.
				responseData: '={{$parameter["respond"] === "lastNode" ? "firstEntryJson" : ""}}',
				path: POSTBACK_PATH,
			},
			{
				name: TOKEN_WEBHOOK,
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: '',
				path: TOKEN_PATH,
			},
		],
		properties: [
			{
				displayName:
					'In Cellosign (Integrations → Webhooks), paste this trigger\'s Production URL (it ends in /webhook) as the endpoint, Implicit or Explicit. With Authentication "Cellosign Secret", also create a Secret (Secrets) whose URL is the same Production URL ending in /token instead of /webhook, with the username and password of the Cellosign Webhook Secret credential, and bind it to the webhook. Activate the workflow: the Test URL only listens while you wait for a test event.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: eventOptions,
				default: [ALL_EVENTS],
				description:
					'The postbacks that start the workflow. Others are acknowledged without starting it. Cellosign also chooses per webhook which events it sends.',
			},
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Cellosign Secret',
						value: 'cellosignSecret',
						description:
							'Require the bearer token Cellosign gets from this trigger\'s token URL with the Secret\'s username and password',
					},
					{
						name: 'None',
						value: 'none',
						description: 'Accept every postback; anyone who knows the URL can start the workflow',
					},
				],
				default: 'none',
				description: 'How Cellosign proves that a postback comes from it',
			},
			{
				displayName: 'Respond',
				name: 'respond',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Immediately',
						value: 'onReceived',
						description: 'Acknowledge with {"status": Ack Status} as soon as the postback arrives',
					},
					{
						name: "Using 'Respond to Webhook' Node",
						value: 'responseNode',
						description:
							'A Respond to Webhook node later in the workflow sends the reply. n8n runs only version 1 of that node behind triggers other than its own: copy it from the Live Field Lookup example.',
					},
					{
						name: 'When Last Node Finishes',
						value: 'lastNode',
						description:
							'Reply with the first item of the last node, e.g. field values for Form Field Changed, or an archive acknowledgement sent only once the data is stored. It must contain "status".',
					},
				],
				default: 'onReceived',
				description: 'When Cellosign gets its reply. Events that are not selected are always acknowledged at once.',
			},
			{
				displayName: 'Ack Status',
				name: 'ackStatus',
				type: 'string',
				default: DEFAULT_ACK_STATUS,
				placeholder: `e.g. ${DEFAULT_ACK_STATUS}`,
				description:
					'The value of "status" in the acknowledgement. Cellosign requires a top-level "status" key but does not document its value: "success" is an assumption, change it if Cellosign reports failed deliveries.',
			},
			{
				displayName: 'Fetch Full Session',
				name: 'fetchFullSession',
				type: 'boolean',
				default: false,
				description:
					'Whether to add the full session (GET the session by its reference with a Cellosign API credential) as "fullSession". If that request fails, the postback still starts the workflow, with "sessionError" instead: it is never lost.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Include Request Headers',
						name: 'includeHeaders',
						type: 'boolean',
						default: false,
						description:
							'Whether to add the request headers as "headers". Authorization, Proxy-Authorization and cookies are never included.',
					},
				],
			},
		],
	};

	methods = {
		credentialTest: {
			/**
			 * The Secret has no remote API to call: the trigger itself answers Cellosign's token
			 * requests. This checks locally that the credential can sign and verify tokens.
			 */
			async cellosignSecretApiTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const secret = toSecretCredential(credential.data ?? {});
				if (!secret) {
					return { status: 'Error', message: 'Fill in the username and password of the Cellosign Secret' };
				}
				if (secret.password.length < MIN_PASSWORD_LENGTH) {
					return {
						status: 'Error',
						message: `Use a password of at least ${MIN_PASSWORD_LENGTH} random characters: it keys the token signatures`,
					};
				}
				return { status: 'OK', message: 'The credential can sign tokens. Use the same values in the Cellosign Secret.' };
			},
		},
	};

	/**
	 * Cellosign has no API to register webhooks: the user pastes the URLs into Cellosign (see the
	 * notice). These hooks make no remote call and have nothing to clean up.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				// Nothing to look up remotely: the URL exists as soon as n8n registers it.
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				// The webhook stays configured in Cellosign; postbacks then get 404 until it is removed there.
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return this.getWebhookName() === TOKEN_WEBHOOK
			? await answerTokenUrl.call(this)
			: await receivePostback.call(this);
	}
}
