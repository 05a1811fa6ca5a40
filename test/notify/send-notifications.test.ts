import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSummary } from '../../src/notify/notify-payload.js';
import { hitPingUrl, postWebhook } from '../../src/notify/send-notifications.js';
import { startLoopbackServer, redirect, type LoopbackServer } from '../support/loopback-server.js';
import { freeLoopbackPort } from '../../src/demo/free-loopback-port.js';

let server: LoopbackServer;
let elsewhere: LoopbackServer;
beforeEach(async () => {
  elsewhere = await startLoopbackServer(() => ({ status: 200, body: 'ok' }));
  server = await startLoopbackServer((request) => (request.url.pathname === '/moved' ? redirect(`${elsewhere.origin}/stolen`) : { status: 200, body: '{"id":"x"}' }));
});
afterEach(async () => {
  await server.close();
  await elsewhere.close();
});

const deps = { fetch: globalThis.fetch };
const summary = buildSummary(
  { profile: 'weather', provider: 'Netatmo', outcome: 'failed', exitCode: 3, writes: [], warnings: [], error: { message: 'Netatmo refused the refresh token.', next: 'Run `reauth setup weather`.' } },
  { event: 'alert', state: 'sign-in-again', previous: 'ok', nowMs: 0, host: 'box' },
);

describe('sending', () => {
  it('posts ntfy its plain text with title, tags and priority headers', async () => {
    expect(await postWebhook(`${server.origin}/my-topic`, summary, 'text', deps)).toEqual({ ok: true });
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.body).toBe(summary.text);
    expect(request?.headers).toMatchObject({ title: 'reauth: weather needs you', tags: 'warning', priority: 'high' });
  });

  it('pings with a plain GET', async () => {
    expect(await hitPingUrl(`${server.origin}/ping/fake-uuid`, deps)).toEqual({ ok: true });
    expect(server.requests.map((r) => [r.method, r.url.pathname])).toEqual([['GET', '/ping/fake-uuid']]);
  });

  it('never follows a redirect with the alert', async () => {
    const outcome = await postWebhook(`${server.origin}/moved`, summary, 'json', deps);
    expect(outcome).toEqual({ ok: false, detail: `${server.origin}/… answered HTTP 302` });
    expect(elsewhere.requests).toEqual([]);
  });

  it('says plainly, by origin only, when nothing listens there', async () => {
    const port = await freeLoopbackPort();
    const outcome = await hitPingUrl(`http://127.0.0.1:${port}/fake-uuid-secret`, deps);
    expect(outcome).toEqual({ ok: false, detail: `http://127.0.0.1:${port}/… could not be reached (ECONNREFUSED)` });
  });
});
