const NAIVE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;
const WITH_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/i;

function pad(value: number): string {
	return String(value).padStart(2, '0');
}

/** A date as Cellosign's filters want it: `YYYY-MM-DDTHH:MM:SS`, in UTC when a zone is given. */
export function formatUtc(date: Date): string {
	return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

/**
 * Converts what n8n date pickers and expressions produce (ISO text with or without a zone, a
 * Luxon DateTime, a JS Date) into Cellosign's `YYYY-MM-DDTHH:MM:SS`. Text without a zone is sent
 * as written (seconds added, fractions dropped); anything with a zone is converted to UTC, which
 * is how we read Cellosign's zone-less timestamps (apiLayout.ts, CELLOSIGN_TIME_ZONE).
 * Returns undefined when the value cannot be read as a date.
 */
export function toCellosignTimestamp(value: unknown): string | undefined {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : formatUtc(value);
	if (typeof value === 'object' && value !== null && typeof (value as { toISO?: unknown }).toISO === 'function') {
		return toCellosignTimestamp((value as { toISO: () => string | null }).toISO());
	}
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	const naive = NAIVE.exec(text);
	if (naive) {
		const [, day, hours = '00', minutes = '00', seconds = '00'] = naive;
		const candidate = `${day}T${hours}:${minutes}:${seconds}`;
		return Number.isNaN(Date.parse(`${candidate}Z`)) ? undefined : candidate;
	}
	if (WITH_ZONE.test(text) && /^\d{4}-\d{2}-\d{2}T/.test(text)) {
		const parsed = new Date(text);
		return Number.isNaN(parsed.getTime()) ? undefined : formatUtc(parsed);
	}
	return undefined;
}
