/**
 * Naive timestamps as Cellosign writes them ('2021-03-20T20:19:44.037958': no zone, microseconds).
 * The simulator reads and writes them as UTC wall time and computes with integer microseconds
 * since the epoch (exact in a double for any realistic date). Parsing and formatting are done by
 * hand (no Date objects, no regular expressions) because seeding 100,000 sessions runs them a
 * million times.
 */

const MICROS_PER_SECOND = 1_000_000;
export const MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
export const MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
const SECONDS_PER_DAY = 86_400;
const FRACTION_SCALE = [1, 100_000, 10_000, 1_000, 100, 10, 1];

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
	const y = month <= 2 ? year - 1 : year;
	const era = Math.floor(y / 400);
	const yearOfEra = y - era * 400;
	const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
	const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
	return era * 146_097 + dayOfEra - 719_468;
}

/** [year, month, day] of days since 1970-01-01 (H. Hinnant's civil_from_days). */
function civilFromDays(days: number): [number, number, number] {
	const z = days + 719_468;
	const era = Math.floor(z / 146_097);
	const dayOfEra = z - era * 146_097;
	const yearOfEra = Math.floor(
		(dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
	);
	const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
	const mp = Math.floor((5 * dayOfYear + 2) / 153);
	const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
	const month = mp < 10 ? mp + 3 : mp - 9;
	return [yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

function daysInMonth(year: number, month: number): number {
	if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
	return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The number written by `count` ASCII digits at `start`, or -1. */
function digits(text: string, start: number, count: number): number {
	let value = 0;
	for (let i = start; i < start + count; i++) {
		const code = text.charCodeAt(i) - 48;
		if (code < 0 || code > 9) return -1;
		value = value * 10 + code;
	}
	return value;
}

/** Epoch seconds of the `YYYY-MM-DDTHH:MM:SS` at the start of `text`, or undefined. */
function parseSeconds(text: string): number | undefined {
	if (text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':' || text[16] !== ':') return undefined;
	const year = digits(text, 0, 4);
	const month = digits(text, 5, 2);
	const day = digits(text, 8, 2);
	const hour = digits(text, 11, 2);
	const minute = digits(text, 14, 2);
	const second = digits(text, 17, 2);
	if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
	if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
	return daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
}

/** Parses a naive timestamp with 0 to 6 fraction digits into epoch microseconds. */
export function parseTimestamp(text: string): number | undefined {
	const length = text.length;
	if (length !== 19 && (length < 21 || length > 26 || text[19] !== '.')) return undefined;
	const seconds = parseSeconds(text);
	if (seconds === undefined) return undefined;
	if (length === 19) return seconds * MICROS_PER_SECOND;
	const fraction = digits(text, 20, length - 20);
	return fraction < 0 ? undefined : seconds * MICROS_PER_SECOND + fraction * FRACTION_SCALE[length - 20];
}

/** Parses a list filter value: exactly `YYYY-MM-DDTHH:MM:SS`, a real date; epoch seconds. */
export function parseFilterDate(text: string): number | undefined {
	return text.length === 19 ? parseSeconds(text) : undefined;
}

function two(value: number): string {
	return value < 10 ? `0${value}` : String(value);
}

/** Formats epoch microseconds as a naive timestamp with six fraction digits. */
export function formatTimestamp(micros: number): string {
	const seconds = Math.floor(micros / MICROS_PER_SECOND);
	const fraction = micros - seconds * MICROS_PER_SECOND;
	const days = Math.floor(seconds / SECONDS_PER_DAY);
	const secondOfDay = seconds - days * SECONDS_PER_DAY;
	const [year, month, day] = civilFromDays(days);
	const hour = Math.floor(secondOfDay / 3600);
	const minute = Math.floor((secondOfDay % 3600) / 60);
	return (
		`${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T` +
		`${two(hour)}:${two(minute)}:${two(secondOfDay % 60)}.${String(fraction).padStart(6, '0')}`
	);
}

/** Epoch microseconds of a Date (millisecond precision). */
export function dateToMicros(date: Date): number {
	return date.getTime() * 1000;
}

/** Whole epoch seconds of epoch microseconds (what the date filters compare). */
export function microsToSeconds(micros: number): number {
	return Math.floor(micros / MICROS_PER_SECOND);
}

/** The same wall time `years` later (Feb 29 becomes Mar 1 in a common year). */
export function addYears(micros: number, years: number): number {
	const seconds = Math.floor(micros / MICROS_PER_SECOND);
	const days = Math.floor(seconds / SECONDS_PER_DAY);
	const [year, month, day] = civilFromDays(days);
	const shifted = daysFromCivil(year + years, month, day);
	return micros + (shifted - days) * SECONDS_PER_DAY * MICROS_PER_SECOND;
}

/** Normalizes a naive timestamp to six fraction digits; throws on anything else. */
export function normalizeTimestamp(text: string, field: string): string {
	const micros = parseTimestamp(text);
	if (micros === undefined) {
		throw new Error(
			`${field} must be a naive ISO timestamp like 2025-01-01T00:00:00.000000, got ${JSON.stringify(text)}`,
		);
	}
	return text.length === 26 ? text : formatTimestamp(micros);
}
