import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { createProductionFetch, ProxySetupError, proxySettings } from '../../src/oauth/production-fetch.js';
import { directFetch } from '../../src/oauth/direct-fetch.js';

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

/** 127.0.0.2 is loopback too on Linux; elsewhere it may not be bindable, and that test is skipped. */
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
  it('is the direct node:http fetch when no proxy is configured, never the global one (which loads undici)', () => {
    expect(createProductionFetch({ PATH: '/usr/bin' })).toBe(directFetch);
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

  it('goes straight to loopback hosts even with a proxy set (a proxy cannot reach this machine), without loading undici', async () => {
    const target = await startTarget('127.0.0.1');
    track(target.server);
    const proxy = await startTunnelProxy('127.0.0.1', () => target.port);
    track(proxy.server, proxy.sockets);
    let loads = 0;
    const proxiedFetch = createProductionFetch({ https_proxy: proxy.url, http_proxy: proxy.url }, { loadUndici: () => (loads++, import('undici')) });
    expect((await proxiedFetch(`http://127.0.0.1:${target.port}/x`, { redirect: 'manual' })).status).toBe(200);
    expect((await proxiedFetch(`http://localhost:${target.port}/x`, { redirect: 'manual' })).status).toBe(200);
    expect(proxy.seen).toEqual([]);
    expect(loads).toBe(0);
  });

  it.runIf(secondLoopbackUsable)('treats all of 127.0.0.0/8 as loopback, as Go does', async () => {
    const target = await startTarget('127.0.0.2');
    track(target.server);
    const proxy = await startTunnelProxy('127.0.0.2', () => target.port);
    track(proxy.server, proxy.sockets);
    expect((await createProductionFetch({ HTTP_PROXY: proxy.url })(`http://127.0.0.2:${target.port}/x`, { redirect: 'manual' })).status).toBe(200);
    expect(proxy.seen).toEqual([]);
  });

  it('honours NO_PROXY: a host it names goes direct', async () => {
    const target = await startTarget('127.0.0.1');
    track(target.server);
    const proxy = await startTunnelProxy('127.0.0.1', () => target.port);
    track(proxy.server, proxy.sockets);

    await createProductionFetch({ HTTP_PROXY: proxy.url, NO_PROXY: 'example.com' })('http://service.invalid/x');
    expect(proxy.seen).toEqual(['service.invalid:80']);

    // Direct, `service.invalid` cannot be looked up: the request fails without the proxy seeing it.
    const direct = createProductionFetch({ HTTP_PROXY: proxy.url, no_proxy: 'example.com, .invalid' })('http://service.invalid/x');
    await expect(direct).rejects.toMatchObject({ cause: { code: expect.stringMatching(/^(ENOTFOUND|EAI_AGAIN)$/) } });
    expect(proxy.seen).toEqual(['service.invalid:80']);
  });

  it('works with undici as a bundle hands it over: a single `default` export (issue 9)', async () => {
    const target = await startTarget('127.0.0.1');
    track(target.server);
    const proxy = await startTunnelProxy('127.0.0.1', () => target.port);
    track(proxy.server, proxy.sockets);
    const { default: moduleExports } = (await import('undici')) as unknown as { default: unknown };
    const proxiedFetch = createProductionFetch({ HTTP_PROXY: proxy.url }, { loadUndici: async () => ({ default: moduleExports }) });
    expect(await (await proxiedFetch('http://service.invalid/data')).json()).toEqual({ via: 'target' });
    expect(proxy.seen).toEqual(['service.invalid:80']);
  });

  it('says that the proxy could not be set up, as a bug, when undici lacks the agent — with the cause in the stack', async () => {
    const proxiedFetch = createProductionFetch({ HTTPS_PROXY: 'http://127.0.0.1:9' }, { loadUndici: async () => ({ default: {} }) });
    const failure = await proxiedFetch('https://api.example.com/token').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProxySetupError);
    expect(failure).toMatchObject({ exitCode: ExitCode.bug, message: expect.stringContaining('could not set up the proxy from HTTPS_PROXY/HTTP_PROXY') });
    expect((failure as Error).stack).toMatch(/\nCaused by: TypeError: undici exports: default/);
  });

  it('says which variable holds a proxy address it cannot use, without repeating the value (it may hold a password)', async () => {
    const proxiedFetch = createProductionFetch({ https_proxy: 'http://me:s3cret-pass@proxy corp:3128' });
    const failure = await proxiedFetch('https://api.example.com/token').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProxySetupError);
    expect(failure).toMatchObject({ exitCode: ExitCode.usage, message: 'https_proxy is not a proxy address reauth can use.' });
    expect(JSON.stringify({ message: (failure as Error).message, next: (failure as ProxySetupError).nextStep })).not.toContain('s3cret');
  });
});

describe('proxySettings', () => {
  it('prefers the lower-case spelling, falls back to HTTP_PROXY for https, and reads NO_PROXY', () => {
    expect(proxySettings({ https_proxy: 'http://a:1', HTTPS_PROXY: 'http://b:2', NO_PROXY: '.corp' })).toEqual({ httpProxy: '', httpsProxy: 'http://a:1', noProxy: '.corp' });
    expect(proxySettings({ HTTP_PROXY: 'http://c:3' })).toEqual({ httpProxy: 'http://c:3', httpsProxy: 'http://c:3', noProxy: '' });
  });

  it('reads an address without a scheme as http://, as curl and Go do', () => {
    expect(proxySettings({ HTTPS_PROXY: 'proxy.corp:3128' }).httpsProxy).toBe('http://proxy.corp:3128');
  });
});
