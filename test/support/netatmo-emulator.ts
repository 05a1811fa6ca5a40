/**
 * Netatmo on loopback, reproducing PROVIDERS.md "Netatmo" exactly: space-separated scopes,
 * single-use codes that expire, `scope` answered as an array next to `expires_in` and the
 * legacy `expire_in`, refresh that rotates the pair and kills the old one at once, HTTP 400
 * `{"error":"invalid_grant"}` token errors and HTTP 403 numbered API errors.
 */
import { randomBytes } from 'node:crypto';
import { html, json, redirect, startLoopbackServer, type LoopbackReply, type LoopbackRequest } from './loopback-server.js';
import { recordSecret } from './secret-audit.js';

export interface NetatmoEmulatorOptions {
  /** How long a code stays usable; PROVIDERS.md: about 10 minutes (unconfirmed). */
  readonly codeLifetimeMs?: number;
  readonly now?: () => number;
  /** Redirect URIs registered for the app; default `https://localhost/callback`. */
  readonly redirectUris?: readonly string[];
}

export interface NetatmoEmulator {
  readonly origin: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Registered redirect URIs: tests may add one (a loopback catch's address). */
  readonly redirectUris: string[];
  /** Station names `getstationsdata` reports. */
  stations: string[];
  /** The next consent is answered this way, then it goes back to `approve`. */
  nextConsent: 'approve' | 'deny';
  /** Every endpoint answers a 200 captive-portal page (hotel Wi-Fi) while set. */
  answerHtml: boolean;
  /** The API answers 403 code 26 (throttled) while set. */
  throttle: boolean;
  readonly requests: LoopbackRequest[];
  /** A code as if the person had pressed Allow, for tests that skip the browser. */
  issueCode(redirectUri: string, scope?: readonly string[]): string;
  liveRefreshTokens(): string[];
  liveAccessTokens(): string[];
  /** Makes every live access token expired (API error 3), as if 3 hours had passed. */
  expireAccessTokens(): void;
  close(): Promise<void>;
}

const ACCESS_LIFETIME_S = 10_800;

interface CodeRecord {
  readonly redirectUri: string;
  readonly scope: readonly string[];
  readonly expiresAt: number;
  used: boolean;
}

interface AccessRecord {
  expiresAt: number;
  live: boolean;
}

interface RefreshRecord {
  readonly accessToken: string;
  readonly scope: readonly string[];
  live: boolean;
}

const CAPTIVE_PORTAL_PAGE =
  '<!DOCTYPE html><html><head><title>Welcome to Hotel Guest Wi-Fi</title></head><body><h1>Please accept the terms to continue</h1><form><button>Connect</button></form></body></html>';

export async function startNetatmoEmulator(options: NetatmoEmulatorOptions = {}): Promise<NetatmoEmulator> {
  const now = options.now ?? Date.now;
  const codeLifetimeMs = options.codeLifetimeMs ?? 600_000;
  const codes = new Map<string, CodeRecord>();
  const accessTokens = new Map<string, AccessRecord>();
  const refreshTokens = new Map<string, RefreshRecord>();
  let serial = 0;

  // Real Netatmo tokens are `<24 hex>|<32 hex>`: the `|` matters to files that a shell sources.
  const token = (kind: string): string => `fake-netatmo-${kind}-${String(++serial).padStart(4, '0')}|${randomBytes(8).toString('hex')}`;

  const issueCode = (redirectUri: string, scope: readonly string[] = ['read_station']): string => {
    const code = `fake-netatmo-code-${String(++serial).padStart(4, '0')}-${randomBytes(6).toString('hex')}`;
    codes.set(code, { redirectUri, scope, expiresAt: now() + codeLifetimeMs, used: false });
    return code;
  };

  const issuePair = (scope: readonly string[]): LoopbackReply => {
    const accessToken = token('access');
    const refreshToken = token('refresh');
    accessTokens.set(accessToken, { expiresAt: now() + ACCESS_LIFETIME_S * 1000, live: true });
    refreshTokens.set(refreshToken, { accessToken, scope, live: true });
    return json(200, {
      access_token: accessToken,
      refresh_token: refreshToken,
      expires_in: ACCESS_LIFETIME_S,
      expire_in: ACCESS_LIFETIME_S,
      scope: [...scope],
    });
  };

  const emulator = {
    clientId: 'fake-netatmo-client-0001',
    clientSecret: 'fake-netatmo-secret-0001',
    redirectUris: [...(options.redirectUris ?? ['https://localhost/callback'])],
    stations: ['Home'],
    nextConsent: 'approve' as 'approve' | 'deny',
    answerHtml: false,
    throttle: false,
  };
  recordSecret(emulator.clientSecret);

  function authorize(req: LoopbackRequest): LoopbackReply {
    const q = req.url.searchParams;
    if (q.get('client_id') !== emulator.clientId) return html(400, '<html><body><h1>Invalid client_id</h1></body></html>');
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!emulator.redirectUris.includes(redirectUri)) return html(400, '<html><body><h1>Invalid redirect_uri</h1></body></html>');
    const state = q.get('state');
    const back = new URL(redirectUri);
    // Netatmo puts `state` before `code` in the redirect.
    if (state !== null) back.searchParams.set('state', state);
    if (emulator.nextConsent === 'deny') {
      emulator.nextConsent = 'approve';
      back.searchParams.set('error', 'access_denied');
      return redirect(back.toString());
    }
    const scope = (q.get('scope') ?? '').split(' ').filter(Boolean);
    back.searchParams.set('code', issueCode(redirectUri, scope.length > 0 ? scope : ['read_station']));
    return redirect(back.toString());
  }

  function tokenEndpoint(req: LoopbackRequest): LoopbackReply {
    const form = req.form;
    const grantType = form.get('grant_type');
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token') return json(400, { error: 'unsupported_grant_type' });
    if (form.get('client_id') !== emulator.clientId || form.get('client_secret') !== emulator.clientSecret) {
      return json(400, { error: 'invalid_client' });
    }
    if (grantType === 'authorization_code') {
      const record = codes.get(form.get('code') ?? '');
      if (!record || record.used || now() > record.expiresAt || record.redirectUri !== form.get('redirect_uri')) {
        return json(400, { error: 'invalid_grant' });
      }
      record.used = true;
      return issuePair(record.scope);
    }
    const old = refreshTokens.get(form.get('refresh_token') ?? '');
    if (!old || !old.live) return json(400, { error: 'invalid_grant' });
    // Rotation: the new pair replaces the old one, and both old tokens die at once.
    old.live = false;
    const oldAccess = accessTokens.get(old.accessToken);
    if (oldAccess) oldAccess.live = false;
    return issuePair(old.scope);
  }

  function stationsData(req: LoopbackRequest): LoopbackReply {
    const auth = String(req.headers.authorization ?? '');
    const presented = auth.startsWith('Bearer ') ? auth.slice('Bearer '.length) : '';
    const record = accessTokens.get(presented);
    if (!record || !record.live) return json(403, { error: { code: 2, message: 'Invalid access token' } });
    if (now() >= record.expiresAt) return json(403, { error: { code: 3, message: 'Access token expired' } });
    if (emulator.throttle) return json(403, { error: { code: 26, message: 'User usage reached' } });
    return json(200, {
      body: {
        devices: emulator.stations.map((name, i) => ({
          _id: `70:ee:50:00:00:${String(i + 1).padStart(2, '0')}`,
          station_name: name,
          module_name: 'Indoor',
          type: 'NAMain',
          modules: [],
        })),
        user: { mail: 'someone@example.invalid', administrative: { lang: 'en' } },
      },
      status: 'ok',
      time_exec: 0.01,
      time_server: Math.floor(now() / 1000),
    });
  }

  const server = await startLoopbackServer((req) => {
    if (emulator.answerHtml) return html(200, CAPTIVE_PORTAL_PAGE);
    const path = req.url.pathname;
    if (path === '/oauth2/authorize' && req.method === 'GET') return authorize(req);
    if (path === '/oauth2/token' && req.method === 'POST') return tokenEndpoint(req);
    if (path === '/api/getstationsdata') return stationsData(req);
    return html(404, '<html><body><h1>404 Not Found</h1></body></html>');
  });

  return Object.assign(emulator, {
    origin: server.origin,
    requests: server.requests,
    issueCode,
    liveRefreshTokens: () => [...refreshTokens].filter(([, r]) => r.live).map(([t]) => t),
    liveAccessTokens: () => [...accessTokens].filter(([, r]) => r.live && now() < r.expiresAt).map(([t]) => t),
    expireAccessTokens: () => {
      for (const record of accessTokens.values()) record.expiresAt = now() - 1;
    },
    close: () => server.close(),
  });
}

/** The `providers: { netatmo: … }` override values that point the preset at an emulator. */
export function netatmoOverride(emulator: Pick<NetatmoEmulator, 'origin'>): { authorize_url: string; token_url: string; verify_url: string } {
  return {
    authorize_url: `${emulator.origin}/oauth2/authorize`,
    token_url: `${emulator.origin}/oauth2/token`,
    verify_url: `${emulator.origin}/api/getstationsdata`,
  };
}
