import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode, UserError } from '../../src/errors.js';
import { directFetch } from '../../src/oauth/direct-fetch.js';
import { UnreadableAnswerError, assertAllowedUrl, requestJson, requestNotSent } from '../../src/oauth/http.js';
import { html, json, startLoopbackServer, type LoopbackHandler, type LoopbackServer } from '../support/loopback-server.js';

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: LoopbackHandler): Promise<LoopbackServer> {
  const server = await startLoopbackServer(handler);
  servers.push(server);
  return server;
}

async function failure(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof UserError)) throw new Error(`expected a UserError, got ${String(error)}`);
  return error;
}

describe('refusing addresses', () => {
  it.each(['https://api.netatmo.com/oauth2/token', 'http://127.0.0.1:8080/x', 'http://127.5.6.7/x', 'http://localhost:3000/x', 'http://[::1]:9/x'])(
    'allows %s',
    (url) => {
      expect(assertAllowedUrl(url).href).toBe(new URL(url).href);
    },
  );

  it.each(['http://api.netatmo.com/oauth2/token', 'http://192.168.1.10/token', 'http://127.0.0.1.example.com/x', 'ftp://example.com/x', 'not a url'])(
    'refuses %s with a usage error',
    (url) => {
      expect(() => assertAllowedUrl(url)).toThrow(UserError);
      try {
        assertAllowedUrl(url);
      } catch (error) {
        expect((error as UserError).exitCode).toBe(ExitCode.usage);
      }
    },
  );

  it('never sends a request over plain http to a non-loopback host', async () => {
    let called = false;
    const spy = (async () => {
      called = true;
      return new Response('{}');
    }) as typeof fetch;
    const error = await failure(requestJson({ fetch: spy }, { method: 'GET', url: 'http://api.example.com/x' }));
    expect(error.message).toMatch(/plain http/);
    expect(called).toBe(false);
  });
});

// Every answer and failure worded alike whichever fetch makes the request: Node's global one
// (tests, and the proxy's undici) and the node:http one reauth uses when it connects directly.
const FETCHES = [
  ['global fetch', globalThis.fetch],
  ['direct node:http fetch', directFetch as unknown as typeof fetch],
] as const;

describe.each(FETCHES)('form-encoded token answers (%s)', (_, fetchImpl) => {
  const deps = { fetch: fetchImpl };
  const answer = 'access_token=fake-form-access-0001&token_type=bearer&expires_in=3600&refresh_token=fake%2Fform%2Brefresh%3D1';
  const fields = { access_token: 'fake-form-access-0001', token_type: 'bearer', expires_in: '3600', refresh_token: 'fake/form+refresh=1' };

  it.each(['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=utf-8', 'text/plain', 'text/plain; charset=utf-8'])(
    'reads a form answer sent as %s like JSON',
    async (type) => {
      const server = await serve(() => ({ status: 200, headers: { 'content-type': type }, body: answer }));
      const response = await requestJson(deps, { method: 'POST', url: `${server.origin}/token`, form: {} });
      expect(response).toMatchObject({ status: 200, body: fields });
    },
  );

  it('reads a labelled form error answer too (error=invalid_grant)', async () => {
    const server = await serve(() => ({ status: 400, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'error=invalid_grant&error_description=used+code' }));
    expect(await requestJson(deps, { method: 'POST', url: `${server.origin}/token`, form: {} })).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_description: 'used code' } });
  });

  it('does not take text/plain that holds no access token for a form', async () => {
    const server = await serve(() => ({ status: 400, headers: { 'content-type': 'text/plain' }, body: 'status=broken&why=gateway' }));
    const error = await failure(requestJson(deps, { method: 'POST', url: `${server.origin}/token`, form: {} }));
    expect(error.message).toMatch(/not data/);
  });

  it('never prints a token it finds in an answer it cannot read, even one it did not know (a cut-off JSON answer)', async () => {
    const fresh = 'fake-unknown-fresh-access-0001';
    const server = await serve(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: `{"access_token":"${fresh}","refresh_token":"fake-unknown-fresh-refresh-1","exp` }));
    const error = await failure(requestJson(deps, { method: 'POST', url: `${server.origin}/token`, form: {} }));
    expect(error.message).toMatch(/not data/);
    expect(error.message).not.toContain(fresh);
    expect(error.message).not.toContain('fake-unknown-fresh-refresh-1');
    // …and hands the tokens it recognised to the caller, to keep.
    expect(error).toBeInstanceOf(UnreadableAnswerError);
    expect((error as UnreadableAnswerError).tokensFound).toEqual({ access_token: fresh, refresh_token: 'fake-unknown-fresh-refresh-1' });
  });

  it('marks a request that never reached the service (connection refused), so a code it carried is still good', async () => {
    const server = await serve(() => json(200, {}));
    const url = `${server.origin}/token`;
    await server.close();
    servers.pop();
    const error = await failure(requestJson(deps, { method: 'POST', url, form: { code: 'fake-code-1' } }));
    expect(requestNotSent(error)).toBe(true);
    const answered = await serve(() => ({ status: 502, headers: { 'content-type': 'text/plain' }, body: 'Bad Gateway' }));
    expect(requestNotSent(await failure(requestJson(deps, { method: 'POST', url: `${answered.origin}/token`, form: {} })))).toBe(false);
  });
});

describe.each(FETCHES)('requesting JSON (%s)', (_, fetchImpl) => {
  const deps = { fetch: fetchImpl };
  it('posts a form and reads the JSON answer', async () => {
    const server = await serve(() => json(200, { ok: true }));
    const response = await requestJson(deps, { method: 'POST', url: `${server.origin}/token`, form: { grant_type: 'refresh_token', a: 'b c' } });
    expect(response).toMatchObject({ status: 200, body: { ok: true } });
    expect(server.requests[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(server.requests[0]?.form.get('a')).toBe('b c');
  });

  it('returns the status and body of an error answer for the caller to explain', async () => {
    const server = await serve(() => json(400, { error: 'invalid_grant' }));
    const response = await requestJson(deps, { method: 'POST', url: `${server.origin}/token`, form: {} });
    expect(response).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('treats an empty answer as no body rather than a failure', async () => {
    const server = await serve(() => ({ status: 200 }));
    expect(await requestJson(deps, { method: 'POST', url: `${server.origin}/revoke` })).toMatchObject({ status: 200, body: undefined });
  });

  it('explains a web page answer as a proxy, captive portal or wrong URL, with the status (exit 4)', async () => {
    const server = await serve(() => html(200, '<!DOCTYPE html><html><head><title>Hotel Wi-Fi login</title></head><body>accept terms</body></html>'));
    const error = await failure(requestJson(deps, { method: 'POST', url: `${server.origin}/token`, form: {} }));
    expect(error.exitCode).toBe(ExitCode.unavailable);
    expect(error.message).toMatch(/answered with a web page instead of data/);
    expect(error.message).toMatch(/captive portal/);
    expect(error.message).toContain('HTTP 200');
    expect(error.message).toContain(`127.0.0.1:${server.port}`);
    expect(error.message).not.toContain('accept terms');
  });

  it('recognises HTML even when it is labelled as JSON (a 404 page)', async () => {
    const server = await serve(() => ({ status: 404, headers: { 'content-type': 'application/json' }, body: '<html><body>Not Found</body></html>' }));
    const error = await failure(requestJson(deps, { method: 'GET', url: `${server.origin}/nope` }));
    expect(error.message).toMatch(/web page instead of data \(HTTP 404/);
  });

  it('explains non-JSON with a short, redacted snippet, never the whole body or a secret', async () => {
    const secret = 'fake-netatmo-secret-0001';
    const server = await serve(() => ({ status: 400, headers: { 'content-type': 'text/plain' }, body: `bad gateway echo ${secret} ${'x'.repeat(500)}` }));
    const error = await failure(requestJson(deps, { method: 'POST', url: `${server.origin}/token`, form: { client_secret: secret }, secrets: [secret] }));
    expect(error.exitCode).toBe(ExitCode.unavailable);
    expect(error.message).toContain('HTTP 400');
    expect(error.message).toContain('bad gateway echo');
    expect(error.message).not.toContain(secret);
    expect(error.message.length).toBeLessThan(300);
  });

  it.each([
    [503, 'text/plain', 'Service Unavailable', /HTTP 503 Service Unavailable/],
    [502, 'text/html', '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>', /HTTP 502 Bad Gateway/],
    [504, 'text/html', '<html><body>upstream timed out</body></html>', /HTTP 504 Gateway Timeout/],
    [500, 'text/plain', '', /HTTP 500 Internal Server Error/],
  ])('calls a %i with a %s body an outage, not a proxy or a wrong URL (exit 4)', async (status, type, body, said) => {
    const server = await serve(() => ({ status, headers: { 'content-type': type }, body }));
    const error = await failure(requestJson(deps, { method: 'POST', url: `${server.origin}/token`, form: {} }));
    expect(error.exitCode).toBe(ExitCode.unavailable);
    expect(error.message).toMatch(said);
    expect(error.message).toMatch(/is down right now/);
    expect(`${error.message} ${error.nextStep}`).not.toMatch(/proxy|captive portal|wrong URL/);
    expect(error.nextStep).toMatch(/^Try again in a few minutes;/);
  });

  it('passes on how long a down service asks to wait (Retry-After), and leaves a JSON 5xx to the service\'s own words', async () => {
    const down = await serve(() => ({ status: 503, headers: { 'content-type': 'text/plain', 'retry-after': '120' }, body: 'maintenance' }));
    expect((await failure(requestJson(deps, { method: 'GET', url: `${down.origin}/x` }))).nextStep).toContain('(it asks to wait about 2 minutes)');
    const speaking = await serve(() => json(503, { error: 'temporarily_unavailable' }));
    expect(await requestJson(deps, { method: 'GET', url: `${speaking.origin}/x` })).toMatchObject({ status: 503, body: { error: 'temporarily_unavailable' } });
  });

  it('does not follow a redirect (a portal), so a secret is never re-sent elsewhere', async () => {
    const elsewhere = await serve(() => json(200, { access_token: 'should-not-be-reached' }));
    const server = await serve(() => ({ status: 307, headers: { location: `${elsewhere.origin}/login` } }));
    const error = await failure(requestJson(deps, { method: 'POST', url: `${server.origin}/token`, form: { client_secret: 'fake-secret-0001' } }));
    expect(error.message).toMatch(/redirect to 127\.0\.0\.1:\d+ instead of data/);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('gives up after the timeout when the service never answers (exit 4)', async () => {
    const sockets = new Set<import('node:net').Socket>();
    const silent: Server = createServer(() => {});
    silent.on('connection', (s) => sockets.add(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    servers.push({ close: () => new Promise<void>((resolve) => { for (const s of sockets) s.destroy(); silent.close(() => resolve()); }) });
    const port = (silent.address() as AddressInfo).port;
    const started = Date.now();
    const error = await failure(requestJson(deps, { method: 'GET', url: `http://127.0.0.1:${port}/slow`, timeoutMs: 300 }));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error.exitCode).toBe(ExitCode.unavailable);
    expect(error.message).toBe(`127.0.0.1:${port} did not answer within 300 ms.`);
  });

  it('names the host when nothing listens there (exit 4)', async () => {
    const server = await serve(() => json(200, {}));
    const origin = server.origin;
    await server.close();
    servers.pop();
    const error = await failure(requestJson(deps, { method: 'GET', url: `${origin}/x` }));
    expect(error.exitCode).toBe(ExitCode.unavailable);
    expect(error.message).toMatch(/^Could not reach 127\.0\.0\.1:\d+: nothing is listening there/);
    expect(error.nextStep).toMatch(/HTTPS_PROXY/);
  });

  // No test may reach a real resolver, so these hand in a fetch that fails the way undici does.
  const failingFetch = (code: string) =>
    (async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error(`getaddrinfo ${code}`), { code }) });
    }) as typeof fetch;

  it('names the host when its name does not resolve (exit 4)', async () => {
    const error = await failure(requestJson({ fetch: failingFetch('ENOTFOUND') }, { method: 'GET', url: 'https://api.netatmo.com/x' }));
    expect(error.exitCode).toBe(ExitCode.unavailable);
    expect(error.message).toBe('Could not reach api.netatmo.com: the name api.netatmo.com could not be looked up (DNS).');
  });

  it('points at a company proxy when the certificate is not trusted', async () => {
    const error = await failure(requestJson({ fetch: failingFetch('SELF_SIGNED_CERT_IN_CHAIN') }, { method: 'GET', url: 'https://api.netatmo.com/x' }));
    expect(error.exitCode).toBe(ExitCode.unavailable);
    expect(error.message).toMatch(/not trusted/);
    expect(error.nextStep).toMatch(/NODE_EXTRA_CA_CERTS/);
  });
});
