import type {
	IDataObject,
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INode,
	INodeExecutionData,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

/** One page of the session list as Cellosign returns it. */
export interface SessionPage {
	sessions: IDataObject[];
	/** `meta.total`: all sessions matching the filters, when Cellosign sends it. */
	total?: number;
	/** `meta.links.next`: null on the last page; undefined when Cellosign leaves links out. */
	next?: string | null;
}

function unexpectedResponse(node: INode, body: unknown, why: string): NodeApiError {
	return new NodeApiError(node, { body } as unknown as JsonObject, {
		message: `Unexpected response from Cellosign: ${why}`,
		description: 'The answer did not have the documented { meta, data } shape. Check that the Base URL in the credential points at the Cellosign API v3.',
	});
}

/** Reads the `{ meta, data }` envelope; the list and the single-session answers share it. */
export function readSessionPage(node: INode, body: unknown): SessionPage {
	if (typeof body !== 'object' || body === null || !Array.isArray((body as IDataObject).data)) {
		throw unexpectedResponse(node, body, 'no "data" list');
	}
	const { data, meta } = body as { data: IDataObject[]; meta?: IDataObject };
	const links = meta?.links as IDataObject | undefined;
	return {
		sessions: data,
		total: typeof meta?.total === 'number' ? meta.total : undefined,
		next: links && 'next' in links ? ((links.next as string | null) ?? null) : undefined,
	};
}

/** postReceive: one item per session of a single-session answer (Create, Get), never the envelope. */
export async function unwrapSessions(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	return readSessionPage(this.getNode(), response.body).sessions.map((json) => ({ json }));
}
