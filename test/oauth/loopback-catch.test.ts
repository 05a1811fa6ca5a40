import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { isLoopbackRedirect, startLoopbackCatch, type LoopbackCatch } from '../../src/oauth/loopback-catch.js';
import type { PasteResult } from '../../src/oauth/parse-pasted-callback.js';

const STATE = 'fake-state-0001-abcdefghijklmnopqrstuvwxyz';

/** A free port: bind to 0, note it, let it go. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const open: LoopbackCatch[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

async function catchAt(path = '/callback', earlierStates: string[] = []) {
  const port = await freePort();
  const redirectUri = `http://127.0.0.1:${port}${path}`;
  const results: PasteResult[] = [];
  const caught = await startLoopbackCatch(redirectUri, { state: STATE, earlierStates, onCallback: (r) => results.push(r) });
  open.push(caught);
  return { port, redirectUri, results, caught };
}

describe('recognising a loopback redirect URI', () => {
  it.each([
    ['http://localhost:8080/callback', true],
    ['http://127.0.0.1:53682/', true],
    ['http://localhost/callback', false],
    ['https://localhost:8443/callback', false],
    ['https://localhost/callback', false],
    ['http://192.168.1.2:8080/callback', false],
    ['not a uri', false],
  ])('%s → %s', (uri, expected) => {
    expect(isLoopbackRedirect(uri)).toBe(expected);
  });
});

describe('catching the browser’s redirect', () => {
  it('takes the code from the request with the right state, thanks the person, and stops listening', async () => {
    const { redirectUri, results, caught } = await catchAt();
    const response = await fetch(`${redirectUri}?state=${STATE}&code=fake-code-0001`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Signed in — you can close this tab and go back to the terminal');
    expect(results).toEqual([{ ok: true, code: 'fake-code-0001' }]);
    await caught.close();
    await expect(fetch(`${redirectUri}?state=${STATE}&code=again`)).rejects.toThrow();
  });

  it('answers a wrong state with an explaining page and keeps waiting', async () => {
    const { redirectUri, results } = await catchAt('/callback', ['fake-earlier-state-0001-abcdefghijklmnop']);
    const stranger = await fetch(`${redirectUri}?state=somebody-else&code=x`);
    expect(stranger.status).toBe(400);
    expect(await stranger.text()).toMatch(/not the sign-in reauth is waiting for/);
    const earlier = await fetch(`${redirectUri}?state=fake-earlier-state-0001-abcdefghijklmnop&code=x`);
    expect(await earlier.text()).toMatch(/earlier sign-in attempt/);
    expect(results).toEqual([]);

    await fetch(`${redirectUri}?state=${STATE}&code=fake-code-0002`);
    expect(results).toEqual([{ ok: true, code: 'fake-code-0002' }]);
  });

  it('ignores other paths such as /favicon.ico', async () => {
    const { port, results } = await catchAt('/cb');
    expect((await fetch(`http://127.0.0.1:${port}/favicon.ico`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/callback?state=${STATE}&code=x`)).status).toBe(404);
    expect(results).toEqual([]);
  });

  it('passes a pressed Deny on and keeps listening, so Allow on the same link is still caught', async () => {
    const { redirectUri, results } = await catchAt();
    const response = await fetch(`${redirectUri}?state=${STATE}&error=access_denied`);
    expect(await response.text()).toMatch(/Sign-in did not finish/);
    expect(results).toMatchObject([{ ok: false, problem: 'denied' }]);
    const second = await fetch(`${redirectUri}?state=${STATE}&code=fake-code-after-deny`);
    expect(await second.text()).toMatch(/Signed in/);
    expect(results).toMatchObject([{ ok: false, problem: 'denied' }, { ok: true, code: 'fake-code-after-deny' }]);
  });

  it('refuses a caught answer without iss when the service promised one (RFC 9207), and keeps listening', async () => {
    const port = await freePort();
    const redirectUri = `http://127.0.0.1:${port}/callback`;
    const results: PasteResult[] = [];
    const issuer = 'https://id.example.com';
    open.push(await startLoopbackCatch(redirectUri, { state: STATE, issuer, requireIssuer: true, onCallback: (r) => results.push(r) }));
    const missing = await fetch(`${redirectUri}?state=${STATE}&code=fake-code-no-iss`);
    expect(await missing.text()).toMatch(/Sign-in did not finish/);
    expect(results).toMatchObject([{ ok: false, problem: 'wrong-issuer' }]);
    await fetch(`${redirectUri}?state=${STATE}&code=fake-code-with-iss&iss=${encodeURIComponent(issuer)}`);
    expect(results).toMatchObject([{ ok: false }, { ok: true, code: 'fake-code-with-iss' }]);
  });

  it('listens on 127.0.0.1 only, even for a localhost redirect URI', async () => {
    const port = await freePort();
    const caught = await startLoopbackCatch(`http://localhost:${port}/callback`, { state: STATE, onCallback: () => {} });
    open.push(caught);
    expect(caught.port).toBe(port);
    await expect(fetch(`http://[::1]:${port}/callback?state=${STATE}&code=x`)).rejects.toThrow();
  });

  it('says the port is busy, so the caller can fall back to a paste', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as AddressInfo).port;
    try {
      const attempt = startLoopbackCatch(`http://127.0.0.1:${port}/callback`, { state: STATE, onCallback: () => {} });
      await expect(attempt).rejects.toBeInstanceOf(UserError);
      await expect(attempt).rejects.toThrow(`port ${port} is in use by another program, so reauth cannot catch the sign-in by itself; paste the address instead`);
    } finally {
      busy.close();
    }
  });

  it('refuses a redirect URI it cannot listen on', async () => {
    await expect(startLoopbackCatch('https://localhost/callback', { state: STATE, onCallback: () => {} })).rejects.toBeInstanceOf(UserError);
  });
});
