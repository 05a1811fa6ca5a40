import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createAuthorizationRequest } from '../../src/oauth/authorization-request.js';
import { pkceChallenge } from '../../src/oauth/pkce.js';
import { netatmoPreset } from '../../src/providers/netatmo.js';
import { resolved } from './fixtures.js';

const deps = { randomBytes: (size: number) => new Uint8Array(randomBytes(size)) };
const args = { clientId: 'fake-client-0001', redirectUri: 'https://localhost/callback', scopes: ['read_station', 'read_thermostat'] };

describe('the sign-in link', () => {
  it('carries response_type=code, the client id, redirect URI, space-joined scopes and a state (Netatmo)', () => {
    const request = createAuthorizationRequest(resolved(netatmoPreset), args, deps);
    const url = new URL(request.url);
    expect(url.origin + url.pathname).toBe('https://api.netatmo.com/oauth2/authorize');
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('client_id')).toBe('fake-client-0001');
    expect(url.searchParams.get('redirect_uri')).toBe('https://localhost/callback');
    expect(url.searchParams.get('scope')).toBe('read_station read_thermostat');
    expect(request.url).toContain('scope=read_station%20read_thermostat');
    expect(url.searchParams.get('state')).toBe(request.state);
    expect(url.searchParams.has('code_challenge')).toBe(false);
    expect(request.codeVerifier).toBeUndefined();
  });

  it('makes a fresh, URL-safe state of at least 128 bits each time', () => {
    const first = createAuthorizationRequest(resolved(netatmoPreset), args, deps);
    const second = createAuthorizationRequest(resolved(netatmoPreset), args, deps);
    expect(first.state).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(first.state).not.toBe(second.state);
  });

  it('names the client id as the preset says and joins scopes with commas (TikTok)', () => {
    const tiktokLike = resolved(netatmoPreset, {
      authorizeUrl: 'https://www.tiktok.com/v2/auth/authorize/',
      clientIdParam: 'client_key',
      scopeSeparator: ',',
      pkce: 'S256-hex',
    });
    const request = createAuthorizationRequest(tiktokLike, { ...args, scopes: ['user.info.basic', 'video.publish'] }, deps);
    const url = new URL(request.url);
    expect(url.pathname).toBe('/v2/auth/authorize/');
    expect(url.searchParams.get('client_key')).toBe('fake-client-0001');
    expect(url.searchParams.has('client_id')).toBe(false);
    expect(request.url).toContain('scope=user.info.basic,video.publish');
    expect(request.codeVerifier).toBeDefined();
    expect(url.searchParams.get('code_challenge')).toBe(pkceChallenge('S256-hex', request.codeVerifier ?? ''));
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  });

  it('sends an RFC 7636 base64url challenge for S256', () => {
    const request = createAuthorizationRequest(resolved(netatmoPreset, { pkce: 'S256' }), args, deps);
    const url = new URL(request.url);
    expect(url.searchParams.get('code_challenge')).toBe(pkceChallenge('S256', request.codeVerifier ?? ''));
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('adds the preset’s extra parameters and fills URL templates from the region (Zoho)', () => {
    const zohoLike = resolved(netatmoPreset, {
      authorizeUrl: '{accounts_url}/oauth/v2/auth',
      authorizeParams: { access_type: 'offline', prompt: 'consent', state: 'must-not-win' },
      vars: { accounts_url: 'https://accounts.zoho.in' },
    });
    const request = createAuthorizationRequest(zohoLike, args, deps);
    const url = new URL(request.url);
    expect(url.origin + url.pathname).toBe('https://accounts.zoho.in/oauth/v2/auth');
    expect(url.searchParams.get('access_type')).toBe('offline');
    expect(url.searchParams.get('prompt')).toBe('consent');
    expect(url.searchParams.getAll('state')).toEqual([request.state]);
  });

  it('keeps a query the authorize URL already has', () => {
    const request = createAuthorizationRequest(resolved(netatmoPreset, { authorizeUrl: 'https://id.example.com/authorize?tenant=acme' }), args, deps);
    expect(new URL(request.url).searchParams.get('tenant')).toBe('acme');
  });

  it('leaves scope out when none are chosen', () => {
    const request = createAuthorizationRequest(resolved(netatmoPreset), { ...args, scopes: [] }, deps);
    expect(new URL(request.url).searchParams.has('scope')).toBe(false);
  });

  it('refuses a preset without a browser sign-in, plainly', () => {
    const noBrowser = resolved(netatmoPreset, { authorizeUrl: undefined, flows: ['password'] });
    expect(() => createAuthorizationRequest(noBrowser, args, deps)).toThrow(/no browser sign-in/);
  });

  it('says which setting is missing when a URL template cannot be filled', () => {
    const unfilled = resolved(netatmoPreset, { authorizeUrl: '{accounts_url}/oauth/v2/auth' });
    expect(() => createAuthorizationRequest(unfilled, args, deps)).toThrow(/accounts_url/);
  });
});
