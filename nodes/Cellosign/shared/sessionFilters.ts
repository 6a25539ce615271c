import type { IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { toCellosignTimestamp } from './dates';
import { invalidField, quote } from './validation';

/** One of the nine documented date filters, e.g. Created After → `created_at__gt`. */
export interface DateFilter {
	name: string;
	displayName: string;
	queryParameter: string;
	description: string;
}

const DATE_FIELDS = [
	{ field: 'created', label: 'Created', what: 'created' },
	{ field: 'expired', label: 'Expired', what: 'expired' },
	{ field: 'submitted', label: 'Submitted', what: 'submitted' },
];

const COMPARISONS = [
	{ suffix: 'At', queryParameterSuffix: '', phrase: 'at exactly this second' },
	{ suffix: 'After', queryParameterSuffix: '__gt', phrase: 'strictly after this time' },
	{ suffix: 'Before', queryParameterSuffix: '__lt', phrase: 'strictly before this time' },
];

export const DATE_FILTERS: DateFilter[] = DATE_FIELDS.flatMap(({ field, label, what }) =>
	COMPARISONS.map(({ suffix, queryParameterSuffix, phrase }) => ({
		name: `${field}${suffix}`,
		displayName: `${label} ${suffix}`,
		queryParameter: `${field}_at${queryParameterSuffix}`,
		description: `Only sessions ${what} ${phrase}. A time with a zone is converted to UTC; one without is sent as written.`,
	})),
);

/**
 * preSend (Get Many): rewrites the date filters into Cellosign's `YYYY-MM-DDTHH:MM:SS` and joins
 * the Sent To addresses into one comma-separated `sent_to`, failing on a value it cannot send.
 */
export async function normalizeSessionFilters(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const qs = { ...(requestOptions.qs ?? {}) };
	for (const { queryParameter, displayName } of DATE_FILTERS) {
		if (!(queryParameter in qs)) continue;
		const formatted = toCellosignTimestamp(qs[queryParameter]);
		if (formatted === undefined) {
			throw invalidField(
				this,
				displayName,
				`${quote(qs[queryParameter])} is not a date`,
				'Pick a date, or give an ISO 8601 date such as 2025-01-31T13:45:00 (no zone: sent as written) or 2025-01-31T13:45:00+02:00 (converted to UTC).',
			);
		}
		qs[queryParameter] = formatted;
	}
	if ('sent_to' in qs) {
		const addresses = ([] as unknown[])
			.concat(qs.sent_to)
			.flatMap((entry) => String(entry ?? '').split(','))
			.map((address) => address.trim())
			.filter((address) => address !== '');
		if (addresses.length === 0) {
			throw invalidField(
				this,
				'Sent To',
				'no address given',
				'Enter at least one email address or phone number, or remove the Sent To filter.',
			);
		}
		qs.sent_to = addresses.join(',');
	}
	return { ...requestOptions, qs };
}
