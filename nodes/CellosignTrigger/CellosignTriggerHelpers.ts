import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_ACK_STATUS } from '../Cellosign/shared/apiLayout';
import { isEventSelected } from './events';
import { fetchFullSession, parsePostback, safeHeaders } from './postback';
import {
	readBearerToken,
	type SecretCredential,
	toSecretCredential,
	tokenAudience,
	type TokenFailure,
	verifyToken,
} from './token';
import { answerTokenRequest, type JsonReply, readTokenRequest } from './tokenEndpoint';

/** The Respond parameter: n8n's webhook response modes the trigger offers. */
export type RespondMode = 'onReceived' | 'lastNode' | 'responseNode';

/** The realm named in `WWW-Authenticate` challenges. */
const REALM = 'Cellosign Trigger';

/** What a failed bearer check answers (RFC 6750): never the token itself. */
const TOKEN_FAILURES: Record<TokenFailure, { error: string; description: string }> = {
	missing: {
		error: 'unauthorized',
		description:
			'This webhook requires "Authorization: Bearer <token>". Bind a Cellosign Secret whose URL is this URL with /token instead of /webhook.',
	},
	scheme: { error: 'invalid_request', description: 'The Authorization header is not a Bearer token' },
	malformed: { error: 'invalid_token', description: 'The bearer token is malformed' },
	signature: {
		error: 'invalid_token',
		description: 'The bearer token was not issued by this trigger with its current username and password',
	},
	expired: { error: 'invalid_token', description: 'The bearer token has expired' },
	audience: { error: 'invalid_token', description: 'The bearer token was issued for another trigger' },
};

/** Writes a JSON answer and tells n8n that the node answered itself. */
function sendJson(context: IWebhookFunctions, reply: JsonReply): IWebhookResponseData {
	const res = context.getResponseObject();
	for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
	res.status(reply.status).json(reply.body);
	return { noWebhookResponse: true };
}

function jsonError(status: number, error: string, description: string, headers: Record<string, string> = {}): JsonReply {
	return { status, body: { error, error_description: description }, headers };
}

function isSecretRequired(context: IWebhookFunctions): boolean {
	return context.getNodeParameter('authentication', 'none') === 'cellosignSecret';
}

/** This trigger's token audience: its workflow, its webhook ID and the postback path. */
function audienceOf(context: IWebhookFunctions): string {
	const node = context.getNode();
	return tokenAudience(context.getWorkflow().id ?? '', node.webhookId ?? node.id);
}

/** The Cellosign Webhook Secret credential; a missing or incomplete one is a configuration error. */
async function loadSecret(context: IWebhookFunctions): Promise<SecretCredential> {
	const credential = toSecretCredential(await context.getCredentials('cellosignSecretApi'));
	if (!credential) {
		throw new NodeOperationError(context.getNode(), 'The Cellosign Webhook Secret credential has no username or password', {
			description: 'Open the credential and fill in the username and password typed into the Cellosign Secret.',
		});
	}
	return credential;
}

function rawBodyOf(context: IWebhookFunctions): Buffer | undefined {
	const { rawBody } = context.getRequestObject() as { rawBody?: unknown };
	return Buffer.isBuffer(rawBody) ? rawBody : undefined;
}

/** The token URL: an OAuth2 token endpoint for the Cellosign Secret, active only with Authentication "Cellosign Secret". */
export async function answerTokenUrl(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	if (!isSecretRequired(this)) {
		return sendJson(
			this,
			jsonError(404, 'not_found', 'The token URL answers only when the trigger\'s Authentication is "Cellosign Secret"'),
		);
	}
	const credential = await loadSecret(this);
	const reply = answerTokenRequest(readTokenRequest(this.getBodyData(), rawBodyOf(this)), credential, audienceOf(this));
	if (reply.status !== 200) {
		this.logger.debug('Cellosign Trigger refused a token request', { error: reply.body.error });
	}
	return sendJson(this, reply);
}

/** Checks the bearer token of a postback; returns the 401 answer when it fails. */
async function authenticatePostback(context: IWebhookFunctions): Promise<JsonReply | undefined> {
	const credential = await loadSecret(context);
	const bearer = readBearerToken(context.getHeaderData().authorization);
	const check =
		'reason' in bearer
			? ({ ok: false, reason: bearer.reason } as const)
			: verifyToken(bearer.token, credential, audienceOf(context));
	if (check.ok) return undefined;
	const { error, description } = TOKEN_FAILURES[check.reason];
	context.logger.debug('Cellosign Trigger rejected a postback', { reason: check.reason });
	const challenge =
		check.reason === 'missing'
			? `Bearer realm="${REALM}"`
			: `Bearer realm="${REALM}", error="${error}", error_description="${description}"`;
	return jsonError(401, error, description, { 'WWW-Authenticate': challenge });
}

/**
 * The postback URL: checks the bearer token (Authentication "Cellosign Secret"), reads the body,
 * acknowledges events that are not selected without starting the workflow, and otherwise starts
 * one execution whose item is the postback plus `eventType`.
 */
export async function receivePostback(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	if (isSecretRequired(this)) {
		const rejection = await authenticatePostback(this);
		if (rejection) return sendJson(this, rejection);
	}

	const postback = parsePostback(this.getBodyData(), rawBodyOf(this));
	if (!postback.ok) {
		this.logger.debug('Cellosign Trigger rejected a malformed postback', { problem: postback.problem });
		return sendJson(this, jsonError(400, 'invalid_postback', postback.problem));
	}

	const ackStatus = String(this.getNodeParameter('ackStatus', DEFAULT_ACK_STATUS) || DEFAULT_ACK_STATUS);
	const ack = { status: ackStatus };
	const events = this.getNodeParameter('events', []) as string[];
	if (!isEventSelected(events, postback.eventType)) {
		return { webhookResponse: ack };
	}

	const item: IDataObject = { ...postback.body, eventType: postback.eventType };
	const options = this.getNodeParameter('options', {}) as { includeHeaders?: boolean };
	if (options.includeHeaders === true) {
		item.headers = safeHeaders(this.getHeaderData());
	}
	if (this.getNodeParameter('fetchFullSession', false) === true) {
		Object.assign(item, await fetchFullSession.call(this, postback.body.session));
	}

	const workflowData = [this.helpers.returnJsonArray([item])];
	const respond = this.getNodeParameter('respond', 'onReceived') as RespondMode;
	return respond === 'onReceived' ? { workflowData, webhookResponse: ack } : { workflowData };
}
