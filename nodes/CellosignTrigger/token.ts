/**
 * Bearer tokens for Cellosign Secrets: stateless, HMAC-signed, bound to one trigger node.
 *
 * Cellosign has no signature header. A webhook bound to a "Secret" first posts the Secret's
 * username and password to a token URL (an OAuth2 password grant), then sends
 * `Authorization: Bearer <access_token>` with every postback until the token expires. The
 * Cellosign Trigger is that token server, and it keeps no state:
 *
 * Token: `cst1.<payload>.<signature>`, three base64url parts (a compact JWS-like layout).
 * - payload: JSON `{"aud", "iat", "exp", "jti"}`. `aud` is the postback URL of one trigger node,
 *   `<workflow id>/<webhook id>/webhook`; `iat` and `exp` are Unix seconds; `jti` is 96 random
 *   bits so no two tokens are alike.
 * - signature: HMAC-SHA256 over `cst1.<payload>` with the signing key.
 * - signing key: HMAC-SHA256 keyed with SIGNING_DOMAIN_LABEL over `JSON.stringify([username,
 *   password])` of the Cellosign Webhook Secret credential. Every n8n process that can read the
 *   credential can verify a token (no workflow static data, no shared cache), and changing the
 *   username or the password revokes every token already issued.
 *
 * Verification, in this order; each failure is a reason, never an exception:
 * 1. exactly one `Authorization` header with the scheme `Bearer` ('missing', 'scheme');
 * 2. the `cst1` prefix and three non-empty base64url parts ('malformed');
 * 3. the signature, recomputed and compared in constant time with `safeEqual` ('signature'):
 *    only a correctly signed payload is parsed ('malformed' if it is not the expected JSON);
 * 4. the expiry: valid while now < exp ('expired');
 * 5. the audience: equal to this trigger's postback URL ('audience').
 *
 * Nothing here logs or returns a token, a password or a header.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/** The clock used to issue and check tokens. Tests replace `now` (milliseconds since the epoch). */
export const clock = { now: (): number => Date.now() };

/** Path of the postback webhook; the token audience names it. */
export const POSTBACK_PATH = 'webhook';

/** Path of the token webhook (the URL of the Cellosign Secret). */
export const TOKEN_PATH = 'token';

export const TOKEN_PREFIX = 'cst1';

/** Domain separation for the signing key: a key derived here signs nothing else. */
const SIGNING_DOMAIN_LABEL = 'n8n-nodes-cellosign/cellosign-trigger/token-signing-key/v1';

export const DEFAULT_TOKEN_LIFETIME = 3600;
export const MIN_TOKEN_LIFETIME = 60;
export const MAX_TOKEN_LIFETIME = 86400;

/** Longest Authorization value read; a real token is about 200 characters. */
const MAX_TOKEN_LENGTH = 4096;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The Cellosign Webhook Secret credential, checked for completeness. */
export interface SecretCredential {
	username: string;
	password: string;
	/** Seconds, already clamped to MIN_TOKEN_LIFETIME..MAX_TOKEN_LIFETIME. */
	tokenLifetime: number;
}

/** What a verified token says. */
export interface TokenClaims {
	aud: string;
	iat: number;
	exp: number;
	jti: string;
}

export type TokenFailure = 'missing' | 'scheme' | 'malformed' | 'signature' | 'expired' | 'audience';

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: TokenFailure };

/** What the token URL hands out. */
export interface IssuedToken {
	accessToken: string;
	/** Seconds until the token expires. */
	expiresIn: number;
}

/**
 * Compares two secrets in constant time. Both sides are hashed first, so `timingSafeEqual` always
 * sees equal lengths: the time taken depends neither on where the values differ nor on their length.
 */
export function safeEqual(a: string | Buffer, b: string | Buffer): boolean {
	const digestA = createHash('sha256').update(a).digest();
	const digestB = createHash('sha256').update(b).digest();
	return timingSafeEqual(digestA, digestB);
}

/** The credential's token lifetime in whole seconds, within the allowed range. */
export function clampTokenLifetime(value: unknown): number {
	const seconds = Number(value);
	if (!Number.isFinite(seconds) || seconds <= 0) return DEFAULT_TOKEN_LIFETIME;
	return Math.min(MAX_TOKEN_LIFETIME, Math.max(MIN_TOKEN_LIFETIME, Math.round(seconds)));
}

/** Reads the Cellosign Webhook Secret credential; undefined when the username or password is empty. */
export function toSecretCredential(data: ICredentialDataDecryptedObject): SecretCredential | undefined {
	const username = typeof data.username === 'string' ? data.username : '';
	const password = typeof data.password === 'string' ? data.password : '';
	if (username === '' || password === '') return undefined;
	return { username, password, tokenLifetime: clampTokenLifetime(data.lifetimeSeconds) };
}

/** The audience of tokens for one trigger node: its postback URL without the host. */
export function tokenAudience(workflowId: string, webhookId: string): string {
	return `${workflowId}/${webhookId}/${POSTBACK_PATH}`;
}

/** The HMAC key that signs this credential's tokens (see the file comment). */
export function signingKey(credential: Pick<SecretCredential, 'username' | 'password'>): Buffer {
	return createHmac('sha256', SIGNING_DOMAIN_LABEL)
		.update(JSON.stringify([credential.username, credential.password]))
		.digest();
}

function sign(key: Buffer, signedPart: string): string {
	return createHmac('sha256', key).update(signedPart).digest('base64url');
}

/** Mints a token for `audience` that expires after the credential's token lifetime. */
export function issueToken(
	credential: SecretCredential,
	audience: string,
	nowMs: number = clock.now(),
): IssuedToken {
	const iat = Math.floor(nowMs / 1000);
	const claims: TokenClaims = {
		aud: audience,
		iat,
		exp: iat + credential.tokenLifetime,
		jti: randomBytes(12).toString('base64url'),
	};
	const signedPart = `${TOKEN_PREFIX}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
	return {
		accessToken: `${signedPart}.${sign(signingKey(credential), signedPart)}`,
		expiresIn: credential.tokenLifetime,
	};
}

/** Takes the token out of an `Authorization: Bearer <token>` header (step 1 of verification). */
export function readBearerToken(
	header: string | string[] | undefined,
): { token: string } | { reason: TokenFailure } {
	if (header === undefined || header === '') return { reason: 'missing' };
	if (Array.isArray(header)) return { reason: 'malformed' };
	const match = /^(\S+)(?:\s+(.*))?$/.exec(header.trim());
	if (!match || match[1].toLowerCase() !== 'bearer') return { reason: 'scheme' };
	const token = (match[2] ?? '').trim();
	if (token === '' || /\s/.test(token) || token.length > MAX_TOKEN_LENGTH) return { reason: 'malformed' };
	return { token };
}

function readClaims(payloadPart: string): TokenClaims | undefined {
	let claims: unknown;
	try {
		claims = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
	} catch {
		return undefined; // a correctly signed but unreadable payload is reported as malformed
	}
	const { aud, iat, exp, jti } = (claims ?? {}) as Record<string, unknown>;
	if (typeof aud !== 'string' || typeof iat !== 'number' || typeof exp !== 'number' || typeof jti !== 'string') {
		return undefined;
	}
	return { aud, iat, exp, jti };
}

/** Checks a token against the credential and this trigger's audience (steps 2-5 of verification). */
export function verifyToken(
	token: string,
	credential: Pick<SecretCredential, 'username' | 'password'>,
	audience: string,
	nowMs: number = clock.now(),
): TokenCheck {
	const parts = token.split('.');
	if (
		parts.length !== 3 ||
		parts[0] !== TOKEN_PREFIX ||
		!BASE64URL.test(parts[1]) ||
		!BASE64URL.test(parts[2])
	) {
		return { ok: false, reason: 'malformed' };
	}
	const signedPart = `${parts[0]}.${parts[1]}`;
	if (!safeEqual(sign(signingKey(credential), signedPart), parts[2])) {
		return { ok: false, reason: 'signature' };
	}
	const claims = readClaims(parts[1]);
	if (!claims) return { ok: false, reason: 'malformed' };
	if (Math.floor(nowMs / 1000) >= claims.exp) return { ok: false, reason: 'expired' };
	if (!safeEqual(claims.aud, audience)) return { ok: false, reason: 'audience' };
	return { ok: true, claims };
}

/**
 * Whether posted client credentials match the credential. Both comparisons always run, so the
 * answer takes as long for a wrong username as for a wrong password.
 */
export function checkClientCredentials(
	username: string,
	password: string,
	credential: Pick<SecretCredential, 'username' | 'password'>,
): boolean {
	const usernameMatches = safeEqual(username, credential.username);
	const passwordMatches = safeEqual(password, credential.password);
	return usernameMatches && passwordMatches;
}
