/**
 * Validation of the list endpoint's query string into a store filter, with DRF / django-filter
 * style error details (`{param: [message]}`, every bad parameter reported at once).
 * Rules: the last value of a repeated parameter wins; an empty value counts as absent;
 * parameters the API does not document are ignored.
 */
import type { DateFilter, ListFilter } from './store';
import { parseFilterDate } from './time';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

const BOOLEANS: Record<string, boolean> = { true: true, True: true, '1': true, false: false, False: false, '0': false };
const DATE_FIELDS = ['created_at', 'submitted_at', 'expired_at'] as const;
const DATE_OPS = [
	['', 'eq'],
	['__gt', 'gt'],
	['__lt', 'lt'],
] as const;
const INTEGER = /^[+-]?\d+$/;

export type ErrorDetails = Record<string, string[]>;

export interface ListQuery {
	filter: ListFilter;
	page: number;
	pageSize: number;
}

/** Last non-empty value of a parameter, or undefined. */
function valueOf(params: URLSearchParams, name: string): string | undefined {
	const values = params.getAll(name);
	const last = values[values.length - 1];
	return last === undefined || last === '' ? undefined : last;
}

/** DRF IntegerField with bounds: returns the value or pushes the DRF message. */
function parseBoundedInteger(raw: string, min: number, max: number | undefined, errors: string[]): number | undefined {
	if (!INTEGER.test(raw)) {
		errors.push('A valid integer is required.');
		return undefined;
	}
	const value = Number(raw);
	if (value < min) errors.push(`Ensure this value is greater than or equal to ${min}.`);
	else if (max !== undefined && value > max) errors.push(`Ensure this value is less than or equal to ${max}.`);
	else return value;
	return undefined;
}

/** The effective `page` of a raw query (default 1), or undefined when it is not a valid page. */
export function pageOf(rawQuery: string): number | undefined {
	const raw = valueOf(new URLSearchParams(rawQuery), 'page');
	if (raw === undefined) return 1;
	return parseBoundedInteger(raw, 1, undefined, []);
}

/** Parses and validates a list query; `errors` is set when anything is invalid. */
export function parseListQuery(rawQuery: string): { query?: ListQuery; errors?: ErrorDetails } {
	const params = new URLSearchParams(rawQuery);
	const errors: ErrorDetails = {};
	const fail = (name: string, messages: string[]) => {
		if (messages.length > 0) errors[name] = messages;
	};

	let page = 1;
	let pageSize = DEFAULT_PAGE_SIZE;
	for (const [name, min, max] of [
		['page', 1, undefined],
		['page_size', 1, MAX_PAGE_SIZE],
	] as const) {
		const raw = valueOf(params, name);
		if (raw === undefined) continue;
		const messages: string[] = [];
		const value = parseBoundedInteger(raw, min, max, messages);
		fail(name, messages);
		if (value !== undefined && name === 'page') page = value;
		if (value !== undefined && name === 'page_size') pageSize = value;
	}

	const filter: ListFilter = { dates: [] };
	for (const name of ['author', 'assignee', 'process'] as const) {
		const value = valueOf(params, name);
		if (value !== undefined) filter[name] = value;
	}
	const sentTo = valueOf(params, 'sent_to')
		?.split(',')
		.map((address) => address.trim())
		.filter((address) => address !== '');
	if (sentTo && sentTo.length > 0) filter.sentTo = sentTo;

	for (const name of ['is_expired', 'is_submitted'] as const) {
		const raw = valueOf(params, name);
		if (raw === undefined) continue;
		if (raw in BOOLEANS) {
			if (name === 'is_expired') filter.isExpired = BOOLEANS[raw];
			else filter.isSubmitted = BOOLEANS[raw];
		} else {
			fail(name, [`Select a valid choice. ${raw} is not one of the available choices.`]);
		}
	}

	for (const field of DATE_FIELDS) {
		for (const [suffix, op] of DATE_OPS) {
			const name = field + suffix;
			const raw = valueOf(params, name);
			if (raw === undefined) continue;
			const seconds = parseFilterDate(raw);
			if (seconds === undefined) fail(name, ['Enter a valid date/time in the format YYYY-MM-DDTHH:MM:SS.']);
			else filter.dates.push({ field, op, seconds } satisfies DateFilter);
		}
	}

	if (Object.keys(errors).length > 0) return { errors };
	return { query: { filter, page, pageSize } };
}

/**
 * The raw query with `page` set to `page`: the other parameters keep their raw text and order,
 * every existing `page` parameter is dropped and `page=N` takes the first one's place (or is
 * appended).
 */
export function withPage(rawQuery: string, page: number): string {
	const parts = rawQuery === '' ? [] : rawQuery.split('&');
	const out: string[] = [];
	let placed = false;
	for (const part of parts) {
		const key = part.split('=')[0];
		let decoded: string;
		try {
			decoded = decodeURIComponent(key.replace(/\+/g, ' '));
		} catch {
			decoded = key; // undecodable key: keep it as it is
		}
		if (decoded === 'page') {
			if (!placed) out.push(`page=${page}`);
			placed = true;
		} else {
			out.push(part);
		}
	}
	if (!placed) out.push(`page=${page}`);
	return out.join('&');
}
