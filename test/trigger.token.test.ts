// The module object itself (not an ES namespace copy), so jest can spy on its functions.
import crypto = require('crypto');

import {
	checkClientCredentials,
	clampTokenLifetime,
	issueToken,
	readBearerToken,
	safeEqual,
	signingKey,
	toSecretCredential,
	tokenAudience,
	verifyToken,
	type SecretCredential,
} from '../nodes/CellosignTrigger/token';
import { answerTokenRequest, readTokenRequest } from '../nodes/CellosignTrigger/tokenEndpoint';

const credential: SecretCredential = {
	username: 'cellosign-postbacks',
	password: 'a-long-random-secret-0123456789',
	tokenLifetime: 3600,
};
const audience = tokenAudience('wf-1', 'hook-1');
const T0 = Date.UTC(2025, 0, 26, 9, 35, 39);

function decodePayload(token: string): Record<string, unknown> {
	return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Changes one character of the signature, keeping its length and alphabet. */
function forgeSignature(token: string): string {
	const [prefix, payload, signature] = token.split('.');
	const first = signature[0] === 'A' ? 'B' : 'A';
	return `${prefix}.${payload}.${first}${signature.slice(1)}`;
}

afterEach(() => jest.restoreAllMocks());

describe('safeEqual', () => {
	it('should tell equal from different values, including values of different lengths', () => {
		expect(safeEqual('same secret', 'same secret')).toBe(true);
		expect(safeEqual('same secret', 'same secreT')).toBe(false);
		expect(safeEqual('short', 'a much longer value')).toBe(false);
		expect(safeEqual('', '')).toBe(true);
		expect(safeEqual(Buffer.from('bytes'), 'bytes')).toBe(true);
	});

	it('should decide through crypto.timingSafeEqual on equal-length digests', () => {
		const spy = jest.spyOn(crypto, 'timingSafeEqual');
		safeEqual('short', 'a much longer value');
		expect(spy).toHaveBeenCalledTimes(1);
		const [a, b] = spy.mock.calls[0] as [Buffer, Buffer];
		expect(a.length).toBe(32);
		expect(b.length).toBe(32);
		spy.mockReturnValue(true);
		expect(safeEqual('short', 'a much longer value')).toBe(true);
	});
});

describe('issueToken', () => {
	it('should mint cst1.<payload>.<signature> with audience, issue time, expiry and a random ID', () => {
		const { accessToken, expiresIn } = issueToken(credential, audience, T0);
		expect(accessToken).toMatch(/^cst1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
		expect(expiresIn).toBe(3600);
		const claims = decodePayload(accessToken);
		expect(claims).toEqual({
			aud: 'wf-1/hook-1/webhook',
			iat: T0 / 1000,
			exp: T0 / 1000 + 3600,
			jti: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/),
		});
		expect(issueToken(credential, audience, T0).accessToken).not.toBe(accessToken);
	});

	it('should sign with HMAC-SHA256 under a key derived from the username and password', () => {
		const { accessToken } = issueToken(credential, audience, T0);
		const [prefix, payload, signature] = accessToken.split('.');
		const expected = crypto.createHmac('sha256', signingKey(credential)).update(`${prefix}.${payload}`).digest('base64url');
		expect(signature).toBe(expected);
		expect(signingKey({ username: 'ab', password: 'c' }).equals(signingKey({ username: 'a', password: 'bc' }))).toBe(false);
		expect(signingKey(credential).equals(signingKey({ ...credential, password: `${credential.password}!` }))).toBe(false);
	});
});

describe('verifyToken', () => {
	it('should accept a token for this trigger until it expires', () => {
		const { accessToken } = issueToken(credential, audience, T0);
		const check = verifyToken(accessToken, credential, audience, T0 + 3599_999);
		expect(check).toEqual({ ok: true, claims: expect.objectContaining({ aud: audience }) });
	});

	it('should reject a token at and after its expiry', () => {
		const { accessToken } = issueToken(credential, audience, T0);
		expect(verifyToken(accessToken, credential, audience, T0 + 3600_000)).toEqual({ ok: false, reason: 'expired' });
		expect(verifyToken(accessToken, credential, audience, T0 + 86400_000)).toEqual({ ok: false, reason: 'expired' });
	});

	it('should reject a token issued for another trigger or workflow', () => {
		const { accessToken } = issueToken(credential, tokenAudience('wf-1', 'hook-2'), T0);
		expect(verifyToken(accessToken, credential, audience, T0)).toEqual({ ok: false, reason: 'audience' });
		const other = issueToken(credential, tokenAudience('wf-2', 'hook-1'), T0).accessToken;
		expect(verifyToken(other, credential, audience, T0)).toEqual({ ok: false, reason: 'audience' });
	});

	it('should reject a forged signature of the same length', () => {
		const { accessToken } = issueToken(credential, audience, T0);
		const forged = forgeSignature(accessToken);
		expect(forged).toHaveLength(accessToken.length);
		expect(verifyToken(forged, credential, audience, T0)).toEqual({ ok: false, reason: 'signature' });
	});

	it('should reject a payload changed after signing (e.g. a later expiry)', () => {
		const { accessToken } = issueToken(credential, audience, T0);
		const [prefix, , signature] = accessToken.split('.');
		const claims = { ...decodePayload(accessToken), exp: T0 / 1000 + 999999 };
		const tampered = `${prefix}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
		expect(verifyToken(tampered, credential, audience, T0)).toEqual({ ok: false, reason: 'signature' });
	});

	it('should reject every token once the password or the username changes', () => {
		const { accessToken } = issueToken(credential, audience, T0);
		expect(verifyToken(accessToken, { ...credential, password: 'a-new-random-secret-9876543210' }, audience, T0)).toEqual({
			ok: false,
			reason: 'signature',
		});
		expect(verifyToken(accessToken, { ...credential, username: 'someone-else' }, audience, T0)).toEqual({
			ok: false,
			reason: 'signature',
		});
	});

	it.each([
		['an empty string', ''],
		['two parts', 'cst1.abc'],
		['four parts', 'cst1.a.b.c'],
		['another prefix', 'jwt1.abc.def'],
		['characters outside base64url', 'cst1.ab+c.de/f'],
		['an empty payload', 'cst1..def'],
	])('should reject a token with %s as malformed', (_, token) => {
		expect(verifyToken(token, credential, audience, T0)).toEqual({ ok: false, reason: 'malformed' });
	});

	it('should report a correctly signed payload that is not a claim set as malformed', () => {
		const payload = Buffer.from('["not", "claims"]').toString('base64url');
		const signed = `cst1.${payload}`;
		const token = `${signed}.${crypto.createHmac('sha256', signingKey(credential)).update(signed).digest('base64url')}`;
		expect(verifyToken(token, credential, audience, T0)).toEqual({ ok: false, reason: 'malformed' });
	});

	it('should compare the signature with crypto.timingSafeEqual, not ===', () => {
		const spy = jest.spyOn(crypto, 'timingSafeEqual');
		const { accessToken } = issueToken(credential, audience, T0);
		expect(verifyToken(forgeSignature(accessToken), credential, audience, T0).ok).toBe(false);
		expect(spy).toHaveBeenCalled();

		// The verdict is timingSafeEqual's: forcing it to "equal" lets the forged signature through.
		spy.mockReturnValue(true);
		expect(verifyToken(forgeSignature(accessToken), credential, audience, T0).ok).toBe(true);
	});
});

describe('readBearerToken', () => {
	it.each([
		[undefined, { reason: 'missing' }],
		['', { reason: 'missing' }],
		['Basic dXNlcjpwYXNz', { reason: 'scheme' }],
		['Token abc', { reason: 'scheme' }],
		['Bearer', { reason: 'malformed' }],
		['Bearer    ', { reason: 'malformed' }],
		['Bearer two words', { reason: 'malformed' }],
		[['Bearer a', 'Bearer b'], { reason: 'malformed' }],
		['Bearer cst1.abc.def', { token: 'cst1.abc.def' }],
		['bearer   cst1.abc.def  ', { token: 'cst1.abc.def' }],
	])('should read %p as %p', (header, expected) => {
		expect(readBearerToken(header as string | string[] | undefined)).toEqual(expected);
	});
});

describe('credential helpers', () => {
	it('should clamp the token lifetime to 60..86400 seconds and default to 3600', () => {
		expect(clampTokenLifetime(3600)).toBe(3600);
		expect(clampTokenLifetime(10)).toBe(60);
		expect(clampTokenLifetime(1e9)).toBe(86400);
		expect(clampTokenLifetime(undefined)).toBe(3600);
		expect(clampTokenLifetime('abc')).toBe(3600);
		expect(clampTokenLifetime(120.4)).toBe(120);
	});

	it('should refuse a credential without username or password', () => {
		expect(toSecretCredential({ username: 'u', password: '' })).toBeUndefined();
		expect(toSecretCredential({ username: '', password: 'p' })).toBeUndefined();
		expect(toSecretCredential({ username: 'u', password: 'p', lifetimeSeconds: 600 })).toEqual({
			username: 'u',
			password: 'p',
			tokenLifetime: 600,
		});
	});

	it('should check both posted values against the credential in constant time', () => {
		const spy = jest.spyOn(crypto, 'timingSafeEqual');
		expect(checkClientCredentials(credential.username, credential.password, credential)).toBe(true);
		expect(checkClientCredentials('wrong-user', credential.password, credential)).toBe(false);
		expect(checkClientCredentials(credential.username, 'wrong-password', credential)).toBe(false);
		// Both comparisons run even when the username is already wrong.
		expect(spy).toHaveBeenCalledTimes(6);
	});
});

describe('token endpoint', () => {
	it('should read JSON objects, JSON text, form-encoded text and raw bodies', () => {
		expect(readTokenRequest({ grant_type: 'password', username: 'u' })).toEqual({ grant_type: 'password', username: 'u' });
		expect(readTokenRequest('{"grant_type":"password"}')).toEqual({ grant_type: 'password' });
		expect(readTokenRequest('grant_type=password&username=a%20b')).toEqual({ grant_type: 'password', username: 'a b' });
		expect(readTokenRequest(undefined, Buffer.from('{"grant_type":"client_credentials"}'))).toEqual({
			grant_type: 'client_credentials',
		});
		expect(readTokenRequest({}, Buffer.from('grant_type=password'))).toEqual({ grant_type: 'password' });
		expect(readTokenRequest(['grant_type'])).toBeUndefined();
		expect(readTokenRequest('{not json')).toBeUndefined();
		expect(readTokenRequest(undefined)).toBeUndefined();
	});

	it('should answer a good password grant with a bearer token that must not be cached', () => {
		const fields = { grant_type: 'password', username: credential.username, password: credential.password, scope: '' };
		const reply = answerTokenRequest(fields, credential, audience, T0);
		expect(reply).toEqual({
			status: 200,
			body: { access_token: expect.stringMatching(/^cst1\./), token_type: 'Bearer', expires_in: 3600 },
			headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
		});
		expect(verifyToken(reply.body.access_token as string, credential, audience, T0).ok).toBe(true);
	});

	it('should answer a good client-credentials grant (Microsoft Graph flavour)', () => {
		const fields = { grant_type: 'client_credentials', client_id: credential.username, client_secret: credential.password };
		expect(answerTokenRequest(fields, credential, audience, T0).status).toBe(200);
	});

	it.each([
		['no body', undefined, 400, 'invalid_request'],
		['no grant type', { username: 'cellosign-postbacks', password: 'x' }, 400, 'invalid_request'],
		['an unknown grant type', { grant_type: 'authorization_code', code: 'x' }, 400, 'unsupported_grant_type'],
		['a password grant without password', { grant_type: 'password', username: 'cellosign-postbacks' }, 400, 'invalid_request'],
		['a wrong password', { grant_type: 'password', username: 'cellosign-postbacks', password: 'wrong' }, 400, 'invalid_grant'],
		['a wrong username', { grant_type: 'password', username: 'intruder', password: 'a-long-random-secret-0123456789' }, 400, 'invalid_grant'],
		['a wrong client secret', { grant_type: 'client_credentials', client_id: 'cellosign-postbacks', client_secret: 'wrong' }, 401, 'invalid_client'],
		['client credentials under a password grant', { grant_type: 'password', client_id: 'cellosign-postbacks', client_secret: 'a-long-random-secret-0123456789' }, 400, 'invalid_request'],
	])('should refuse %s like an OAuth2 server', (_, fields, status, error) => {
		const reply = answerTokenRequest(fields as Record<string, string> | undefined, credential, audience, T0);
		expect(reply.status).toBe(status);
		expect(reply.body).toEqual({ error, error_description: expect.any(String) });
		expect(JSON.stringify(reply)).not.toContain(credential.password);
	});
});
