import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createProductionFetch } from '../../src/oauth/production-fetch.js';

/** A real HTTP CONNECT proxy on loopback that tunnels every request to `targetPort`. */
async function startTunnelProxy(targetHost: string, targetPort: () => number) {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((_req, res) => {
    res.writeHead(405).end();
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    seen.push(req.url ?? '');
    const upstream = connect(targetPort(), targetHost, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => s.destroy());
    }
  });
  await listen(server, '127.0.0.1');
  return { server, seen, sockets, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function startTarget(host: string) {
  const hosts: string[] = [];
  const server = createServer((req, res) => {
    hosts.push(req.headers.host ?? '');
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"via":"target"}');
  });
  await listen(server, host);
  return { server, hosts, port: (server.address() as AddressInfo).port };
}

function listen(server: Server, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});
function track(server: Server, sockets?: Set<Socket>) {
  cleanups.push(() => {
    for (const s of sockets ?? []) s.destroy();
    server.closeAllConnections();
    server.close();
  });
}

/** 127.0.0.2 is loopback too on Linux; elsewhere it may not be bindable, and the NO_PROXY test is skipped. */
async function canBind(host: string): Promise<boolean> {
  const probe = createServer();
  try {
    await listen(probe, host);
    probe.close();
    return true;
  } catch {
    return false;
  }
}

const secondLoopbackUsable = await canBind('127.0.0.2');

describe('the production fetch', () => {
  it('is the plain global fetch when no proxy is configured', () => {
    expect(createProductionFetch({ PATH: '/usr/bin' })).toBe(globalThis.fetch);
  });

  it('goes through HTTP_PROXY when one is set', async () => {
    const target = await startTarget('127.0.0.1');
    track(target.server);
    const proxy = await startTunnelProxy('127.0.0.1', () => target.port);
    track(proxy.server, proxy.sockets);
    const proxiedFetch = createProductionFetch({ HTTP_PROXY: proxy.url });
    const response = await proxiedFetch('http://service.invalid/data');
    expect(await response.json()).toEqual({ via: 'target' });
    expect(proxy.seen).toEqual(['service.invalid:80']);
    expect(target.hosts).toEqual(['service.invalid']);
  });

  it('goes straight to loopback hosts even with a proxy set (a proxy cannot reach this machine)', async () => {
    const target = await startTarget('127.0.0.1');
    track(target.server);
    const proxy = await startTunnelProxy('127.0.0.1', () => target.port);
    track(proxy.server, proxy.sockets);
    const response = await createProductionFetch({ https_proxy: proxy.url, http_proxy: proxy.url })(`http://127.0.0.1:${target.port}/x`);
    expect(response.status).toBe(200);
    expect(proxy.seen).toEqual([]);
  });

  it.runIf(secondLoopbackUsable)('honours NO_PROXY', async () => {
    const target = await startTarget('127.0.0.2');
    track(target.server);
    const proxy = await startTunnelProxy('127.0.0.2', () => target.port);
    track(proxy.server, proxy.sockets);
    const url = `http://127.0.0.2:${target.port}/x`;

    await createProductionFetch({ HTTP_PROXY: proxy.url })(url);
    expect(proxy.seen).toEqual([`127.0.0.2:${target.port}`]);

    await createProductionFetch({ HTTP_PROXY: proxy.url, NO_PROXY: 'example.com,127.0.0.2' })(url);
    expect(proxy.seen).toHaveLength(1);
    expect(target.hosts).toHaveLength(2);
  });
});
