/**
 * The Netatmo preset read by the mechanism, end to end against the emulator (PROVIDERS.md
 * "Netatmo"), plus the emulator's own browser-facing checks.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuthorizationRequest } from '../../src/oauth/authorization-request.js';
import { runLiveCheck } from '../../src/oauth/live-check.js';
import { startLoopbackCatch } from '../../src/oauth/loopback-catch.js';
import type { PasteResult } from '../../src/oauth/parse-pasted-callback.js';
import { exchangeCode } from '../../src/oauth/token-grants.js';
import { netatmoPreset } from '../../src/providers/netatmo.js';
import { startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { netatmoAt, testDeps } from './fixtures.js';

const interpret = netatmoPreset.liveCheck?.interpret ?? (() => ({ ok: false, problem: { kind: 'config', message: 'no check' } }) as const);

describe('the Netatmo preset', () => {
  it('describes Netatmo as PROVIDERS.md does', () => {
    expect(netatmoPreset).toMatchObject({
      id: 'netatmo',
      authorizeUrl: 'https://api.netatmo.com/oauth2/authorize',
      tokenUrl: 'https://api.netatmo.com/oauth2/token',
      scopeSeparator: ' ',
      scopeInCodeExchange: true,
      pkce: 'none',
      redirectRule: 'any',
      defaultRedirectUri: 'https://localhost/callback',
      codeLifetimeSeconds: 600,
      codeLifetimeConfirmed: false,
      rotatesRefreshToken: 'always',
      errorShape: 'oauth',
      defaultScopes: ['read_station'],
    });
    expect(netatmoPreset.knownScopes).toHaveLength(26);
    expect(netatmoPreset.liveCheck?.url).toBe('https://api.netatmo.com/api/getstationsdata');
    expect(netatmoPreset.defaultEnvKeys.refresh_token).toBe('NETATMO_REFRESH_TOKEN');
  });

  it.each([
    [200, { body: { devices: [{ station_name: 'Home' }] }, status: 'ok' }, true, '1 weather station found (Home)'],
    [200, { body: { devices: [] }, status: 'ok' }, true, 'the token works, but this account has no weather stations (0 found)'],
    [403, { error: { code: 2, message: 'Invalid access token' } }, false, 'error 2'],
    [403, { error: { code: 3, message: 'Access token expired' } }, false, 'expired'],
    [403, { error: { code: 26, message: 'User usage reached' } }, false, 'throttling'],
    [403, { error: { code: 13, message: 'Application does not have the good scope rights' } }, false, 'error 13: Application does not have'],
    [503, undefined, false, 'HTTP 503'],
  ])('reads a getstationsdata answer: HTTP %i %j', (status, body, ok, words) => {
    const result = interpret(status, body);
    expect(result.ok).toBe(ok);
    expect(result.ok ? result.summary : result.problem.message).toContain(words);
  });
});

describe('Netatmo end to end on loopback', () => {
  let emu: NetatmoEmulator;
  beforeEach(async () => {
    emu = await startNetatmoEmulator();
  });
  afterEach(() => emu.close());
  const deps = testDeps({ now: Date.now });

  it('catches the code on a loopback redirect, exchanges it and checks the station', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const redirectUri = `http://127.0.0.1:${port}/callback`;
    emu.redirectUris.push(redirectUri);

    const provider = netatmoAt(emu);
    const request = createAuthorizationRequest(provider, { clientId: emu.clientId, redirectUri, scopes: ['read_station'] }, deps);
    let caught: PasteResult | undefined;
    const listener = await startLoopbackCatch(redirectUri, { state: request.state, onCallback: (r) => (caught = r) });
    try {
      // fetch follows the emulator's 302 to the listener, as the browser would.
      const page = await fetch(request.url);
      expect(await page.text()).toMatch(/Signed in/);
    } finally {
      await listener.close();
    }
    if (!caught?.ok) throw new Error('no code caught');
    const tokens = await exchangeCode(provider, { clientId: emu.clientId, clientSecret: emu.clientSecret, code: caught.code, redirectUri, scopes: ['read_station'] }, deps);
    expect(await runLiveCheck(provider, tokens.access_token, {}, deps)).toEqual({ ok: true, summary: '1 weather station found (Home)' });
  });

  it('the emulator refuses an unknown client or an unregistered redirect URI with a page, not a redirect', async () => {
    const base = `${emu.origin}/oauth2/authorize?response_type=code&state=s`;
    const badClient = await fetch(`${base}&client_id=nobody&redirect_uri=${encodeURIComponent('https://localhost/callback')}`, { redirect: 'manual' });
    expect(badClient.status).toBe(400);
    const badRedirect = await fetch(`${base}&client_id=${emu.clientId}&redirect_uri=${encodeURIComponent('https://evil.example/cb')}`, { redirect: 'manual' });
    expect(badRedirect.status).toBe(400);
    expect(badRedirect.headers.get('location')).toBeNull();
  });
});
