/** Free TCP ports on 127.0.0.1, found by letting the OS pick (bind to port 0). */
import * as net from 'net';

export async function freePorts(count: number): Promise<number[]> {
	// Hold every socket open until all are picked, so the OS cannot hand out the same port twice.
	const servers: net.Server[] = [];
	try {
		const ports: number[] = [];
		for (let i = 0; i < count; i++) {
			const server = net.createServer();
			servers.push(server);
			await new Promise<void>((resolve, reject) => {
				server.once('error', reject);
				server.listen(0, '127.0.0.1', () => resolve());
			});
			ports.push((server.address() as net.AddressInfo).port);
		}
		return ports;
	} finally {
		await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
	}
}
