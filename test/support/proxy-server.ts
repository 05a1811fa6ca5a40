/**
 * A company's HTTP proxy, on loopback: it answers CONNECT for the host names it was told
 * about by opening a tunnel to a local port, and refuses everything else (there is no internet
 * behind it). It records every CONNECT, so a test can tell that a request went through it.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ProxyServer {
  /** `http://127.0.0.1:PORT`, what HTTPS_PROXY is set to. */
  readonly url: string;
  /** Every CONNECT target asked for (`host:port`), in order, answered or not. */
  readonly connects: string[];
  /** Requests that were not CONNECT (a client sending plain http through the proxy). */
  readonly plainRequests: string[];
  close(): Promise<void>;
}

/** `routes`: `host:port` as the client names it → the loopback port the tunnel really goes to. */
export async function startProxyServer(routes: Readonly<Record<string, number>>): Promise<ProxyServer> {
  const connects: string[] = [];
  const plainRequests: string[] = [];
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };

  const server = createServer((req, res) => {
    plainRequests.push(`${req.method} ${req.url}`);
    res.writeHead(405, { 'content-type': 'text/plain' }).end('This proxy only tunnels (CONNECT).\n');
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    track(client);
    const target = (req.url ?? '').toLowerCase();
    connects.push(target);
    const port = routes[target];
    if (port === undefined) {
      client.end('HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connects,
    plainRequests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
