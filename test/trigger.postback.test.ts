import { ALL_EVENTS, CELLOSIGN_EVENTS, isEventSelected } from '../nodes/CellosignTrigger/events';
import { parsePostback, safeHeaders, sessionReferences } from '../nodes/CellosignTrigger/postback';
import { DOCUMENTED_REFERENCE, EVENT_TYPES, postbackBody, SECOND_REFERENCE } from './harness/postbacks';

describe('parsePostback', () => {
	it.each(EVENT_TYPES)('should read the documented %s body', (eventType) => {
		const body = postbackBody(eventType);
		expect(parsePostback(body)).toEqual({ ok: true, body, eventType });
	});

	it('should read a JSON string (a text/plain body) and a raw body n8n did not parse', () => {
		const body = postbackBody('WHEF_CLIENT_FORM_SUBMITTED');
		expect(parsePostback(JSON.stringify(body))).toEqual({ ok: true, body, eventType: 'WHEF_CLIENT_FORM_SUBMITTED' });
		expect(parsePostback(undefined, Buffer.from(JSON.stringify(body)))).toEqual({
			ok: true,
			body,
			eventType: 'WHEF_CLIENT_FORM_SUBMITTED',
		});
		expect(parsePostback({}, Buffer.from(JSON.stringify(body))).ok).toBe(true);
	});

	it.each([
		['text that is not JSON', 'event=WHEF_SESSION_CREATED', 'not JSON'],
		['an empty body', undefined, 'empty'],
		['an empty object', {}, 'empty'],
		['an array', [postbackBody('WHEF_SESSION_CREATED')], 'an array'],
		['JSON text of an array', '[1, 2]', 'an array'],
		['a number', '42', 'a number'],
		['no event', { session: {} }, 'no event.type'],
		['an event without type', { event: { timestamp: '2025-01-26T09:35:39.829692' } }, 'no event.type'],
		['an empty event type', { event: { type: '  ' } }, 'no event.type'],
		['a numeric event type', { event: { type: 7 } }, 'no event.type'],
		['an event that is an array', { event: ['WHEF_SESSION_CREATED'] }, 'no event.type'],
	])('should refuse %s, naming the problem', (_, body, problem) => {
		const result = parsePostback(body);
		expect(result.ok).toBe(false);
		expect((result as { problem: string }).problem).toContain(problem);
	});
});

describe('safeHeaders', () => {
	it('should keep ordinary headers and drop credentials and cookies', () => {
		expect(
			safeHeaders({
				'content-type': 'application/json',
				'user-agent': 'Cellosign',
				authorization: 'Bearer secret',
				'proxy-authorization': 'Basic secret',
				cookie: 'n8n-auth=secret',
				'set-cookie': ['a=b'],
				'x-request-id': 'r-1',
			}),
		).toEqual({ 'content-type': 'application/json', 'user-agent': 'Cellosign', 'x-request-id': 'r-1' });
	});
});

describe('sessionReferences', () => {
	it('should find one reference, several for an archive, and none in odd shapes', () => {
		expect(sessionReferences(postbackBody('WHEF_SESSION_CREATED').session)).toEqual([DOCUMENTED_REFERENCE]);
		expect(sessionReferences(postbackBody('WHP_ARCHIVE').session)).toEqual([DOCUMENTED_REFERENCE, SECOND_REFERENCE]);
		expect(sessionReferences(undefined)).toEqual([]);
		expect(sessionReferences({ id: 'x' })).toEqual([]);
		expect(sessionReferences([{ reference: '' }, 'text'])).toEqual([]);
	});
});

describe('events', () => {
	it('should list the eight documented event types with a description each', () => {
		expect(CELLOSIGN_EVENTS.map((event) => event.type)).toEqual([...EVENT_TYPES]);
		for (const event of CELLOSIGN_EVENTS) expect(event.description.length).toBeGreaterThan(20);
	});

	it('should select every event type with "All Events", else only the chosen ones', () => {
		expect(isEventSelected([ALL_EVENTS], 'WHEF_SESSION_CREATED')).toBe(true);
		expect(isEventSelected([ALL_EVENTS], 'WHEF_SOMETHING_NEW')).toBe(true);
		expect(isEventSelected(['WHP_ARCHIVE'], 'WHP_ARCHIVE')).toBe(true);
		expect(isEventSelected(['WHP_ARCHIVE'], 'WHEF_SESSION_CREATED')).toBe(false);
		expect(isEventSelected([], 'WHP_ARCHIVE')).toBe(false);
	});
});
