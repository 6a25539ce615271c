/**
 * Postback bodies built from Cellosign's documented example (API doc, "Postbacks"): `event`,
 * `session`, `client` for the events a browser causes, `change` and `fields` for a field change,
 * and several sessions for WHP_ARCHIVE.
 */
import { EVENT_TYPES, type EventType } from '../simulator';

export { EVENT_TYPES, type EventType };

const CLIENT_EVENTS = new Set<EventType>([
	'WHEF_CLIENT_LOGGED_IN',
	'WHEF_CLIENT_FORM_LOADED',
	'WHEF_FORM_FIELD_CHANGED',
	'WHEF_CLIENT_FORM_SUBMITTED',
]);

export const DOCUMENTED_REFERENCE = '7932390e-ee95-4888-ba64-9c7e6f2f5908';
export const SECOND_REFERENCE = 'e0711799-5086-4540-b65d-cdb1d3a380c0';

/** The documented `session` block. */
export function sessionBlock(reference = DOCUMENTED_REFERENCE): Record<string, unknown> {
	return {
		id: '5Wkt78ciJc',
		reference,
		process_id: DOCUMENTED_REFERENCE,
		process_number: 51,
		transaction_number: 53,
		recipient: { id: 1, name: 'client' },
		labels: { CUSTOMER_TAG: 'CUSTOMER_VALUE' },
	};
}

/** A documented postback body for one event type. */
export function postbackBody(eventType: EventType, reference = DOCUMENTED_REFERENCE): Record<string, unknown> {
	const body: Record<string, unknown> = {
		event: { type: eventType, timestamp: '2025-01-26T09:35:39.829692' },
		session:
			eventType === 'WHP_ARCHIVE'
				? [sessionBlock(reference), { ...sessionBlock(SECOND_REFERENCE), id: 'Xq81LmPz0a' }]
				: sessionBlock(reference),
	};
	if (CLIENT_EVENTS.has(eventType)) body.client = { ip: '127.0.0.1', user_agent: 'Mozilla/5.0 (X11; Linux x86_64)' };
	if (eventType === 'WHEF_FORM_FIELD_CHANGED') {
		body.change = { id: 'id_number', type: 'text', value: '123456782' };
		body.fields = [
			{ id: 'id_number', type: 'text', value: '123456782' },
			{ id: 'first_name', type: 'text', value: 'Dana' },
		];
	}
	return body;
}
