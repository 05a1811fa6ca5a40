/**
 * The node:http fetch reauth uses without a proxy, on what http.test.ts does not cover: https
 * with a certificate this machine does not trust (and does, through NODE_EXTRA_CA_CERTS, in a
 * child process as Node reads it only at start-up), an answer that stalls after its headers,
 * and the request as it arrives.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode, UserError } from '../../src/errors.js';
import { directFetch } from '../../src/oauth/direct-fetch.js';
import { requestJson } from '../../src/oauth/http.js';
import { json, startLoopbackServer } from '../support/loopback-server.js';
import { makeTestCertificates, startTlsEndpoint } from '../support/proxy-tls-endpoint.js';

const direct = directFetch as unknown as typeof fetch;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function failure(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof UserError)) throw new Error(`expected a UserError, got ${String(error)}`);
  return error;
}

/** https://localhost:PORT answering {"via":"tls"} with a certificate from a throwaway CA. */
async function tlsService() {
  const service = await startLoopbackServer(() => json(200, { via: 'tls' }));
  cleanups.push(() => service.close());
  const certificates = makeTestCertificates('localhost');
  cleanups.push(() => certificates.remove());
  const endpoint = await startTlsEndpoint(certificates, service.origin);
  cleanups.push(() => endpoint.close());
  return { url: `https://localhost:${endpoint.port}/token`, caFile: certificates.caFile };
}

describe('the direct fetch', () => {
  it('sends the method, headers and body as given, with its length and fetch’s user-agent', async () => {
    const server = await startLoopbackServer(() => json(200, { ok: true }));
    cleanups.push(() => server.close());
    const response = await directFetch(`${server.origin}/token`, {
      method: 'POST',
      headers: { Accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=%C3%A9t%C3%A9&b=2',
      redirect: 'manual',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toMatch(/application\/json/);
    expect(JSON.parse(await response.text())).toEqual({ ok: true });
    const seen = server.requests[0]!;
    expect(seen.method).toBe('POST');
    expect(seen.headers['content-length']).toBe(String(Buffer.byteLength('a=%C3%A9t%C3%A9&b=2')));
    expect(seen.headers['user-agent']).toBe('node');
    expect(seen.headers.accept).toBe('application/json');
    expect(seen.form.get('a')).toBe('été');
  });

  it('refuses what it does not do rather than doing it differently from fetch', async () => {
    await expect(directFetch('http://127.0.0.1:9/x')).rejects.toThrow(/redirect: "manual"/);
    await expect(directFetch('http://127.0.0.1:9/x', { redirect: 'manual', body: new URLSearchParams({ a: 'b' }) })).rejects.toThrow(/string bodies/);
    await expect(directFetch('http://127.0.0.1:9/x', { redirect: 'manual', headers: new Headers({ a: 'b' }) })).rejects.toThrow(/plain object/);
  });

  it('words an untrusted certificate exactly as with fetch: a company proxy, NODE_EXTRA_CA_CERTS (exit 4)', async () => {
    const { url } = await tlsService();
    const viaDirect = await failure(requestJson({ fetch: direct }, { method: 'POST', url, form: {} }));
    const viaFetch = await failure(requestJson({ fetch: globalThis.fetch }, { method: 'POST', url, form: {} }));
    expect(viaDirect.exitCode).toBe(ExitCode.unavailable);
    expect(viaDirect.message).toMatch(/is not trusted \(certificate problem: [A-Z_]+\)/);
    expect(viaDirect.nextStep).toMatch(/NODE_EXTRA_CA_CERTS/);
    expect(viaDirect.message).toBe(viaFetch.message);
  });

  it('trusts the CA in NODE_EXTRA_CA_CERTS, as Node reads it at start-up', async () => {
    const { url, caFile } = await tlsService();
    const module = fileURLToPath(new URL('../../src/oauth/direct-fetch.ts', import.meta.url));
    const script = `const { directFetch } = await import(${JSON.stringify(module)}); const r = await directFetch(${JSON.stringify(url)}, { method: 'POST', body: 'a=b', redirect: 'manual' }); process.stdout.write(r.status + ' ' + (await r.text()));`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toBe('200 {"via":"tls"}');
  }, 30_000);

  it('times out an answer that sends its headers and then stalls, as fetch does (exit 4)', async () => {
    const sockets = new Set<Socket>();
    const stalling: Server = createServer((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"access_to');
    });
    stalling.on('connection', (s) => sockets.add(s));
    await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => { for (const s of sockets) s.destroy(); stalling.close(() => resolve()); }));
    const port = (stalling.address() as AddressInfo).port;
    const error = await failure(requestJson({ fetch: direct }, { method: 'GET', url: `http://127.0.0.1:${port}/slow`, timeoutMs: 300 }));
    expect(error.exitCode).toBe(ExitCode.unavailable);
    expect(error.message).toBe(`127.0.0.1:${port} did not answer within 300 ms.`);
  });

  it('says the connection was cut when the answer ends half-way', async () => {
    const cutting: Server = createServer((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"access_to', () => res.socket?.destroy());
    });
    await new Promise<void>((resolve) => cutting.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => cutting.close(() => resolve())));
    const port = (cutting.address() as AddressInfo).port;
    const error = await failure(requestJson({ fetch: direct }, { method: 'GET', url: `http://127.0.0.1:${port}/cut` }));
    expect(error.exitCode).toBe(ExitCode.unavailable);
    expect(error.message).toBe(`Could not reach 127.0.0.1:${port}: the connection was cut.`);
  });
});
