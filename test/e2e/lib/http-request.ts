/** A bounded HTTP request with Node's own http module (no keep-alive, nothing left open). */
import * as http from 'http';

export interface HttpResponse {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: string;
}

export function httpRequest(
	method: string,
	url: string,
	{ body, headers = {}, timeoutMs = 10_000 }: { body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<HttpResponse> {
	const payload = body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
	const allHeaders: Record<string, string | number> = { ...headers };
	if (payload !== undefined) {
		if (!Object.keys(allHeaders).some((name) => name.toLowerCase() === 'content-type')) {
			allHeaders['content-type'] = 'application/json';
		}
		allHeaders['content-length'] = Buffer.byteLength(payload);
	}
	return new Promise((resolve, reject) => {
		const request = http.request(url, { method, headers: allHeaders, agent: false, timeout: timeoutMs }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () =>
				resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }),
			);
			response.on('error', reject);
		});
		request.on('timeout', () => request.destroy(new Error(`${method} ${url} timed out after ${timeoutMs} ms`)));
		request.on('error', reject);
		request.end(payload);
	});
}
