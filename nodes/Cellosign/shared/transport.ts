import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { MAX_PAGE_SIZE } from './apiLayout';
import { type RequestContext, type SessionOperation, toCellosignError } from './errors';
import { readSessionPage } from './responses';
import { readLimit } from './validation';

async function requestContext(context: IExecuteSingleFunctions): Promise<RequestContext> {
	const operation = context.getNodeParameter('operation') as SessionOperation;
	const { projectName } = await context.getCredentials<{ projectName: string }>('cellosignApi');
	const reference =
		operation === 'get' || operation === 'delete'
			? String(context.getNodeParameter('reference')).trim()
			: undefined;
	return { operation, projectName, reference };
}

/** Ties every output item to the input item it came from (the items are fresh from the response). */
function pairWithInput(context: IExecuteSingleFunctions, items: INodeExecutionData[]): INodeExecutionData[] {
	const item = context.getItemIndex();
	for (const entry of items) entry.pairedItem = { item };
	return items;
}

/**
 * Sends a single-request operation (Create, Get, Delete). n8n's routing engine lets a node own
 * the request loop through `operations.pagination`; every operation uses it so that every failure,
 * timeouts included, is turned into an actionable error in one place (errors.ts).
 */
export async function sendSessionRequest(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const context = await requestContext(this);
	try {
		return pairWithInput(this, await this.makeRoutingRequest(requestData));
	} catch (error) {
		throw toCellosignError(this.getNode(), error, context);
	}
}

/**
 * Get Many: walks the session list page by page with every filter on every page. Return All asks
 * for the largest page; Limit N asks for min(N, 1000) per page and stops as soon as N sessions are
 * in hand. The last page is known from `links.next`, `meta.total` or a short page, whichever comes
 * first, so no request is made past it. A failed page fails the item: no partial result.
 */
export async function paginateSessions(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const context = await requestContext(this);
	const returnAll = this.getNodeParameter('returnAll', false) as boolean;
	const limit = returnAll ? Infinity : readLimit(this);
	const pageSize = Math.min(limit, MAX_PAGE_SIZE);
	const sessions: INodeExecutionData[] = [];

	for (let page = 1; ; page++) {
		const pageRequest = {
			...requestData,
			options: { ...requestData.options, qs: { ...requestData.options.qs, page, page_size: pageSize } },
		};
		let body: unknown;
		try {
			[{ json: body }] = await this.makeRoutingRequest(pageRequest);
		} catch (error) {
			throw toCellosignError(this.getNode(), error, { ...context, page });
		}
		const { sessions: pageSessions, total, next } = readSessionPage(this.getNode(), body);
		for (const json of pageSessions.slice(0, limit - sessions.length)) {
			sessions.push({ json });
		}

		const isLastPage =
			pageSessions.length < pageSize ||
			next === null ||
			(total !== undefined && page * pageSize >= total);
		if (sessions.length >= limit || isLastPage) break;
	}
	return pairWithInput(this, sessions);
}
