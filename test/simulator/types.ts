/** Shapes shared by the Cellosign simulator: the session resource, the request log and options. */

/** One invitation (where the session link was sent) as Cellosign reports it. */
export interface Invitation {
	address: string;
	type: 'email' | 'sms';
	provider: string | null;
	status: string;
}

/** The OTP destination of a recipient, same shape as an invitation. */
export type OtpDestination = Invitation;

/** The session's single recipient (full shape; the list endpoint shows only `id` and `name`). */
export interface SessionRecipient {
	id: number;
	name: string;
	is_system_user: boolean;
	is_require_otp: boolean;
	otp_destination: OtpDestination | null;
	invitations: Invitation[];
}

/** An `integrations` entry of a session. */
export interface Integration {
	type: string;
	payload: { url: string; [key: string]: unknown };
	[key: string]: unknown;
}

/**
 * A Cellosign session as the create/get endpoints return it. Timestamps are naive ISO 8601 with
 * microseconds ('2021-03-20T20:19:44.037958'); `id` has 10 characters; `reference` is a UUID v4.
 */
export interface Session {
	id: string;
	author: string;
	recipient: SessionRecipient;
	description: string;
	created_at: string;
	expired_at: string | null;
	deleted_at: string | null;
	submitted_at: string | null;
	form_loaded_at: string | null;
	process_id: string | null;
	reference: string;
	transaction_number: number;
	template: { id: string };
	integrations: Integration[];
	labels: Record<string, string>;
}

/** The list endpoint's item: the documented subset of a session, in the documented key order. */
export interface SessionListItem {
	id: string;
	author: string;
	recipient: { id: number; name: string };
	description: string;
	created_at: string;
	expired_at: string | null;
	deleted_at: string | null;
	submitted_at: string | null;
	form_loaded_at: string | null;
	process_id: string | null;
	reference: string;
	transaction_number: number;
	template: { id: string };
}

/**
 * What `addSession` / `seedSessions` accept: any part of a session, plus `assignee` (store-only:
 * the destination the session is assigned to; defaults to the first invitation address).
 */
export type SessionInput = Partial<Session> & { assignee?: string | null };

/** One HTTP request as the simulator received it (every request, including rejected ones). */
export interface RecordedRequest {
	method: string;
	/** Raw path without the query, exactly as sent, e.g. `/api/v3/demo-project/sessions`. */
	path: string;
	/** Raw query string without '?', '' if none. */
	query: string;
	/** Header names lower-cased; repeated headers joined with ', '. */
	headers: Record<string, string>;
	/** Parsed JSON, else the raw string, or undefined for an empty body. */
	body: unknown;
	rawBody: string;
}

/** Postback event types, in the order of the API doc's table. */
export const EVENT_TYPES = [
	'WHEF_SESSION_CREATED',
	'WHEF_CLIENT_LOGGED_IN',
	'WHEF_CLIENT_FORM_LOADED',
	'WHEF_FORM_FIELD_CHANGED',
	'WHEF_CLIENT_FORM_SUBMITTED',
	'WHEF_SESSION_EXPIRED',
	'WHEF_SESSION_DELETED',
	'WHP_ARCHIVE',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** How Cellosign obtains a bearer token before posting (a "Secret" bound to the webhook). */
export interface PostbackSecret {
	tokenUrl: string;
	username: string;
	password: string;
	/** 'password' (default): username/password grant; 'microsoftGraph': client credentials. */
	flavour?: 'password' | 'microsoftGraph';
	/** Sent as `scope`; default ''. */
	scope?: string;
}

export interface FirePostbackOptions {
	url: string;
	eventType: EventType;
	/** Session to describe; default: a new session is created (and stored) first. */
	reference?: string;
	project?: string;
	/** Merged (shallowly, last) into the JSON body, e.g. `change` / `fields`. */
	extra?: Record<string, unknown>;
	secret?: PostbackSecret;
	/** Extra request headers (override the defaults). */
	headers?: Record<string, string>;
	/** Send this string instead of the JSON body. */
	rawBody?: string;
	/** Content-Type of the postback; default 'application/json'. */
	contentType?: string;
}

export interface PostbackResult {
	/** Status of the receiver's answer; 0 when nothing was posted (token failure) or the post failed. */
	status: number;
	/** Parsed JSON reply, else the raw string, or undefined when empty. */
	body: unknown;
	rawBody: string;
	/** Reply headers, lower-cased names. */
	headers: Record<string, string>;
	/** Present when a token request was made by this call (absent when the cached token was used). */
	tokenResponse?: { status: number; body: unknown };
}

export interface SimulatorOptions {
	/** Access token expected in `Authorization: Token <token>`. Default 'sim-token-0123456789'. */
	token?: string;
	/** Project names the token reaches. Default ['demo-project']. */
	projects?: string[];
	/** Port on 127.0.0.1; 0 (default) picks a free one. */
	port?: number;
	/** Known (predefined) template ids. Default ['tpl-direct-debit']. */
	templates?: string[];
	/** Clock for created_at, is_expired, event timestamps and token expiry. Default: real time. */
	now?: () => Date;
	/** Called with one line per answered request (`GET /path?query -> 200`), e.g. for the CLI. */
	log?: (line: string) => void;
}
