/**
 * Every assumption this package makes about the parts of the Cellosign API that are not
 * documented lives in this file. The README ("Assumptions") lists them; change them here only.
 */

/** Documented public base URL. mTLS projects use api.cellosign.com (and preprod-/stage- hosts). */
export const DEFAULT_BASE_URL = 'https://app.cellosign.com/api/v3';

/**
 * ASSUMED: the project name is the first path segment after the base URL and the collection has
 * no trailing slash: `{base}/{project}/sessions` and `{base}/{project}/sessions/{reference}`.
 * Cellosign only says "the project code is in the URL"; the legacy API used `/<project>/rep/...`.
 */
export const SESSIONS_COLLECTION = 'sessions';

/** Path of the sessions collection or of one session, relative to the base URL, each segment URL-encoded. */
export function sessionsPath(projectName: string, reference?: string): string {
	const collection = `/${encodeURIComponent(projectName)}/${SESSIONS_COLLECTION}`;
	return reference === undefined ? collection : `${collection}/${encodeURIComponent(reference)}`;
}

/**
 * The same layout as `sessionsPath`, as an n8n expression for declarative routing and the
 * credential test, which cannot call TypeScript. `referenceExpression` is an expression body
 * such as `$parameter.reference`. A unit test keeps the two in step.
 */
export function sessionsPathExpression(referenceExpression?: string): string {
	const collection = `=/{{encodeURIComponent($credentials.projectName)}}/${SESSIONS_COLLECTION}`;
	return referenceExpression === undefined
		? collection
		: `${collection}/{{encodeURIComponent(${referenceExpression})}}`;
}

/** The credential's base URL without trailing slashes (users paste it with or without one). */
export function trimBaseUrl(baseUrl: string): string {
	return baseUrl.replace(/\/+$/, '');
}

/** `trimBaseUrl` as an n8n expression, for declarative routing and the credential test. */
export const BASE_URL_EXPRESSION = '={{$credentials.baseUrl.replace(new RegExp("/+$"), "")}}';

/**
 * ASSUMED: the value of `status` in the reply Cellosign expects from a postback receiver. The
 * documentation is cut off before the value; the trigger lets users override it (Ack Status).
 */
export const DEFAULT_ACK_STATUS = 'success';

/**
 * ASSUMED: Cellosign's timestamps carry no zone and are read as UTC. Date filters given with a
 * zone or offset are converted to UTC; values without one are sent unchanged.
 */
export const CELLOSIGN_TIME_ZONE = 'UTC';

/** Largest page the list endpoint accepts (documented). Return All always asks for this size. */
export const MAX_PAGE_SIZE = 1000;
