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
 *
 * The layout is split into `projectUrl` + `sessionsPath` because n8n 1.x resolves an operation's
 * routing URL without `$credentials`: the project has to sit in the node's base URL. Each function
 * has an n8n-expression twin for declarative routing and the credential test, which cannot call
 * TypeScript; tests keep the twins in step.
 */
export const SESSIONS_COLLECTION = 'sessions';

/** The credential's base URL without trailing slashes (users paste it with or without one). */
export function trimBaseUrl(baseUrl: string): string {
	return baseUrl.replace(/\/+$/, '');
}

/** The project's root, `{base}/{project}`, with the project name URL-encoded. */
export function projectUrl(baseUrl: string, projectName: string): string {
	return `${trimBaseUrl(baseUrl)}/${encodeURIComponent(projectName)}`;
}

/** `projectUrl` as an n8n expression over the Cellosign API credential. */
export const PROJECT_URL_EXPRESSION =
	'={{$credentials.baseUrl.replace(new RegExp("/+$"), "") + "/" + encodeURIComponent($credentials.projectName)}}';

/** The sessions collection or one session, relative to `projectUrl`, with the reference URL-encoded. */
export function sessionsPath(reference?: string): string {
	return reference === undefined
		? `/${SESSIONS_COLLECTION}`
		: `/${SESSIONS_COLLECTION}/${encodeURIComponent(reference)}`;
}

/**
 * `sessionsPath` as a routing URL; `referenceExpression` is an expression body such as
 * `$parameter.reference`.
 */
export function sessionsPathExpression(referenceExpression?: string): string {
	return referenceExpression === undefined
		? `/${SESSIONS_COLLECTION}`
		: `=/${SESSIONS_COLLECTION}/{{encodeURIComponent(${referenceExpression})}}`;
}

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
