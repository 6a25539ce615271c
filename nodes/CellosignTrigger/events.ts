import type { INodePropertyOptions } from 'n8n-workflow';

/** The value of the "All Events" choice: every event type, including ones Cellosign adds later. */
export const ALL_EVENTS = '*';

/** A postback event type Cellosign documents, with what it means for a workflow. */
export interface CellosignEvent {
	type: string;
	name: string;
	description: string;
}

/** The eight documented postback event types (`event.type`), in the order of Cellosign's table. */
export const CELLOSIGN_EVENTS: readonly CellosignEvent[] = [
	{
		type: 'WHEF_SESSION_CREATED',
		name: 'Session Created',
		description: 'A session (transaction) was created. No "client" block.',
	},
	{
		type: 'WHEF_CLIENT_LOGGED_IN',
		name: 'Client Logged In',
		description: 'The recipient logged in to the form. Carries "client" (IP address, user agent).',
	},
	{
		type: 'WHEF_CLIENT_FORM_LOADED',
		name: 'Client Form Loaded',
		description: 'The form finished loading in the recipient\'s browser. Carries "client".',
	},
	{
		type: 'WHEF_FORM_FIELD_CHANGED',
		name: 'Form Field Changed',
		description:
			'A mapped field changed in a live form. Synchronous: the reply carries data back into the form, so set Respond to "When Last Node Finishes". Carries "client", "change" {id, type, value} and "fields".',
	},
	{
		type: 'WHEF_CLIENT_FORM_SUBMITTED',
		name: 'Client Form Submitted',
		description:
			'The recipient submitted the form and Cellosign verified it. A notification only: no documents.',
	},
	{
		type: 'WHEF_SESSION_EXPIRED',
		name: 'Session Expired',
		description: 'The session expired: still stored, no longer usable. No "client" block.',
	},
	{
		type: 'WHEF_SESSION_DELETED',
		name: 'Session Deleted',
		description: 'The session was deleted. No "client" block.',
	},
	{
		type: 'WHP_ARCHIVE',
		name: 'Process Archived',
		description:
			'The business process finished: all its sessions, form data, attachments and signed PDF (can be megabytes). A failed reply makes Cellosign fail over and alert, so acknowledge only once the data is stored.',
	},
];

/** The Events parameter's choices: "All Events" first, then every event type by name. */
export const eventOptions: INodePropertyOptions[] = [
	{
		name: 'All Events',
		value: ALL_EVENTS,
		description: 'Every postback, including event types Cellosign may add later',
	},
	...[...CELLOSIGN_EVENTS]
		.sort((a, b) => a.name.localeCompare(b.name))
		.map(({ type, name, description }) => ({ name: `${name} (${type})`, value: type, description })),
];

/** Whether a postback of this event type starts the workflow, given the Events parameter. */
export function isEventSelected(selected: readonly string[], eventType: string): boolean {
	return selected.includes(ALL_EVENTS) || selected.includes(eventType);
}
