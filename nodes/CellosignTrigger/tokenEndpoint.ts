import type { IDataObject } from 'n8n-workflow';

import { checkClientCredentials, issueToken, type SecretCredential } from './token';

/** An HTTP answer the trigger writes itself: status, JSON body and extra headers. */
export interface JsonReply {
	status: number;
	body: IDataObject;
	headers: Record<string, string>;
}

/** Token answers must never be cached (RFC 6749, section 5.1). */
const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

/** The grant types Cellosign's two Secret flavours send, with the fields that carry the secret. */
const GRANTS: Record<string, { user: string; secret: string }> = {
	password: { user: 'username', secret: 'password' },
	// The "Microsoft Graph" flavour: client credentials in the body.
	client_credentials: { user: 'client_id', secret: 'client_secret' },
};

function oauthError(status: number, error: string, description: string): JsonReply {
	return { status, body: { error, error_description: description }, headers: { ...NO_STORE } };
}

function decodeForm(text: string): Record<string, string> | undefined {
	const params = new URLSearchParams(text);
	const fields: Record<string, string> = {};
	for (const [key, value] of params) fields[key] = value;
	return Object.keys(fields).length > 0 ? fields : undefined;
}

/**
 * The fields of a token request. n8n hands JSON and form-encoded bodies over as objects and
 * `text/plain` as a string; a string (or an unparsed raw body) is read as JSON, then as a form.
 */
export function readTokenRequest(body: unknown, rawBody?: Buffer): Record<string, string> | undefined {
	let value = body;
	const isEmptyObject =
		typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
	if ((value === undefined || value === null || isEmptyObject) && rawBody && rawBody.length > 0) {
		value = rawBody.toString('utf8');
	}
	if (typeof value === 'string') {
		const text = value.trim();
		if (text.startsWith('{')) {
			try {
				value = JSON.parse(text);
			} catch {
				return undefined; // neither JSON nor a form
			}
		} else {
			return decodeForm(text);
		}
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
	const fields: Record<string, string> = {};
	for (const [key, field] of Object.entries(value)) {
		if (typeof field === 'string') fields[key] = field;
		else if (typeof field === 'number' || typeof field === 'boolean') fields[key] = String(field);
	}
	return fields;
}

/**
 * Answers a token request like an OAuth2 token endpoint: 200 with a bearer token for the right
 * username and password (or client ID and client secret), otherwise 400/401 with `error`
 * (`invalid_request`, `unsupported_grant_type`, `invalid_grant`, `invalid_client`) and
 * `error_description`. The posted values are compared in constant time and never echoed.
 */
export function answerTokenRequest(
	fields: Record<string, string> | undefined,
	credential: SecretCredential,
	audience: string,
	nowMs?: number,
): JsonReply {
	if (!fields) {
		return oauthError(400, 'invalid_request', 'The token request must be a JSON or form-encoded object');
	}
	const grantType = fields.grant_type;
	if (!grantType) {
		return oauthError(400, 'invalid_request', 'The token request has no grant_type');
	}
	const grant = Object.prototype.hasOwnProperty.call(GRANTS, grantType) ? GRANTS[grantType] : undefined;
	if (!grant) {
		return oauthError(
			400,
			'unsupported_grant_type',
			'Use grant_type "password" (username and password) or "client_credentials" (client_id and client_secret)',
		);
	}
	const user = fields[grant.user];
	const secret = fields[grant.secret];
	if (!user || !secret) {
		return oauthError(400, 'invalid_request', `grant_type "${grantType}" needs ${grant.user} and ${grant.secret}`);
	}
	if (!checkClientCredentials(user, secret, credential)) {
		return grantType === 'password'
			? oauthError(400, 'invalid_grant', 'The username or password does not match the trigger\'s Cellosign Webhook Secret credential')
			: oauthError(401, 'invalid_client', 'The client ID or client secret does not match the trigger\'s Cellosign Webhook Secret credential');
	}
	const { accessToken, expiresIn } = issueToken(credential, audience, nowMs);
	return {
		status: 200,
		body: { access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn },
		headers: { ...NO_STORE },
	};
}
