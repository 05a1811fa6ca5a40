/**
 * One loopback Zoho data centre (PROVIDERS.md "Zoho"): the accounts server plus SalesIQ
 * (`/salesiq/…`) and Desk (`/desk/…`) on one origin. Quirks included: every token error as
 * HTTP 200, Self Client codes exchanged without redirect_uri, single-use short-lived codes,
 * refresh answers with no refresh_token, the 20-refresh-token cap that silently deletes the
 * oldest, and services that accept only tokens minted with their own scopes.
 */
import { html, json, redirect, startLoopbackServer, type LoopbackReply, type LoopbackRequest } from './loopback-server.js';
import { recordSecret } from './secret-audit.js';

export interface ZohoEmulatorOptions {
  /** Zoho's `location` value in callbacks (`in`, `us`, `eu`…). */
  readonly location?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly redirectUris?: readonly string[];
  /** Browser codes; "1–3 minutes by source". */
  readonly codeLifetimeMs?: number;
  readonly screenName?: string;
  readonly now?: () => number;
}

interface Client {
  readonly id: string;
  readonly secret: string;
  readonly redirectUris: readonly string[];
}

interface Code {
  readonly code: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  /** Absent for Self Client codes, which are exchanged without redirect_uri. */
  readonly redirectUri?: string;
  readonly withRefreshToken: boolean;
  readonly expiresAt: number;
  used: boolean;
}

interface RefreshToken {
  readonly token: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  alive: boolean;
}

interface AccessToken {
  readonly token: string;
  readonly scopes: readonly string[];
  readonly refreshToken?: string;
  expiresAt: number;
  alive: boolean;
}

export const ZOHO_REFRESH_TOKEN_CAP = 20;
const ACCESS_LIFETIME_S = 3600;
const SCOPE = /^(SalesIQ|Desk)\.[A-Za-z]+(\.[A-Za-z]+)*$/;

export async function startZohoEmulator(options: ZohoEmulatorOptions = {}) {
  const location = options.location ?? 'in';
  const now = options.now ?? Date.now;
  const codeLifetimeMs = options.codeLifetimeMs ?? 120_000;
  const screenName = options.screenName ?? 'acme';
  const server: Client = {
    id: options.clientId ?? 'fake-zoho-client-0001',
    secret: options.clientSecret ?? 'fake-zoho-secret-0001',
    redirectUris: options.redirectUris ?? ['http://127.0.0.1:8976/callback'],
  };
  const self: Client = { id: `${server.id}-self`, secret: `${server.secret}-self`, redirectUris: [] };
  const clients = [server, self];
  recordSecret(server.secret, self.secret);
  const codes: Code[] = [];
  const refreshTokens: RefreshToken[] = [];
  const accessTokens: AccessToken[] = [];
  const consented = new Set<string>();
  let serial = 0;
  // Filled in once the server listens: the callback names this origin as the accounts server.
  const switches = { deny: false, rateLimited: false, callbackAccountsServer: '' };

  const fresh = (kind: string) => `1000.fake-zoho-${kind}-${String(++serial).padStart(4, '0')}`;
  /** Zoho answers token errors with HTTP 200. */
  const tokenError = (error: string): LoopbackReply => json(200, { error });

  function authorize(req: LoopbackRequest): LoopbackReply {
    const q = req.url.searchParams;
    const client = clients.find((c) => c.id === q.get('client_id'));
    if (!client) return html(400, '<html><head><title>Zoho Accounts</title></head><body>Invalid Client</body></html>');
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!client.redirectUris.includes(redirectUri)) {
      return html(400, '<html><head><title>Zoho Accounts</title></head><body>Invalid Redirect Uri</body></html>');
    }
    const scopes = (q.get('scope') ?? '').split(',');
    if (q.get('response_type') !== 'code' || !scopes.every((s) => SCOPE.test(s))) {
      return html(400, '<html><head><title>Zoho Accounts</title></head><body>Invalid OAuth Scope</body></html>');
    }
    const back = new URL(redirectUri);
    const state = q.get('state') ?? '';
    if (switches.deny) {
      back.search = new URLSearchParams({ error: 'access_denied', state }).toString();
      return redirect(back.toString());
    }
    // A repeat consent without prompt=consent hands out no refresh token.
    const withRefreshToken = q.get('access_type') === 'offline' && (q.get('prompt') === 'consent' || !consented.has(client.id));
    consented.add(client.id);
    const code = fresh('code');
    codes.push({ code, clientId: client.id, scopes, redirectUri, withRefreshToken, expiresAt: now() + codeLifetimeMs, used: false });
    back.search = new URLSearchParams({ state, code, location, 'accounts-server': switches.callbackAccountsServer }).toString();
    return redirect(back.toString());
  }

  function mint(clientId: string, scopes: readonly string[], withRefreshToken: boolean): Record<string, unknown> {
    let refresh: RefreshToken | undefined;
    if (withRefreshToken) {
      refresh = { token: fresh('refresh'), clientId, scopes, alive: true };
      refreshTokens.push(refresh);
      // The cap: a new refresh token silently deletes the oldest live one of this client.
      const live = refreshTokens.filter((r) => r.clientId === clientId && r.alive);
      if (live.length > ZOHO_REFRESH_TOKEN_CAP) (live[0] as RefreshToken).alive = false;
    }
    return { ...issueAccess(scopes, refresh?.token), ...(refresh ? { refresh_token: refresh.token } : {}) };
  }

  function issueAccess(scopes: readonly string[], refreshToken: string | undefined): Record<string, unknown> {
    const access: AccessToken = { token: fresh('access'), scopes, refreshToken, expiresAt: now() + ACCESS_LIFETIME_S * 1000, alive: true };
    accessTokens.push(access);
    return {
      access_token: access.token,
      scope: scopes.join(' '),
      api_domain: `https://www.zohoapis.${location}`,
      token_type: 'Bearer',
      expires_in: ACCESS_LIFETIME_S,
    };
  }

  function token(req: LoopbackRequest): LoopbackReply {
    // Zoho's docs put these parameters in the query string of the POST; a form works too.
    const p = new URLSearchParams([...req.url.searchParams, ...req.form]);
    if (switches.rateLimited) return tokenError('Access Denied');
    const client = clients.find((c) => c.id === p.get('client_id'));
    // A client made in another data centre is simply unknown here.
    if (!client) return tokenError('invalid_client');
    if (p.get('client_secret') !== client.secret) return tokenError('invalid_client_secret');
    const grantType = p.get('grant_type');
    if (grantType === 'authorization_code') {
      const code = codes.find((c) => c.code === p.get('code'));
      if (!code || code.used || code.expiresAt < now() || code.clientId !== client.id) return tokenError('invalid_code');
      if (code.redirectUri !== undefined && p.get('redirect_uri') !== code.redirectUri) return tokenError('invalid_redirect_uri');
      code.used = true;
      return json(200, mint(client.id, code.scopes, code.withRefreshToken));
    }
    if (grantType === 'refresh_token') {
      const refresh = refreshTokens.find((r) => r.token === p.get('refresh_token') && r.clientId === client.id && r.alive);
      // A dead refresh token is reported as invalid_code, like a dead grant code.
      if (!refresh) return tokenError('invalid_code');
      // No refresh_token in the answer: the client keeps the one it has.
      return json(200, issueAccess(refresh.scopes, refresh.token));
    }
    return tokenError('unsupported_grant_type');
  }

  function revoke(req: LoopbackRequest): LoopbackReply {
    const presented = req.url.searchParams.get('token') ?? req.form.get('token');
    const refresh = refreshTokens.find((r) => r.token === presented && r.alive);
    // Assumed shape: Zoho documents the call, not its answer.
    if (!refresh) return json(200, { error: 'invalid_token' });
    refresh.alive = false;
    for (const a of accessTokens) if (a.refreshToken === refresh.token) a.alive = false;
    return json(200, { status: 'success' });
  }

  function bearer(req: LoopbackRequest): AccessToken | undefined {
    const header = String(req.headers.authorization ?? '');
    if (!header.startsWith('Zoho-oauthtoken ')) return undefined;
    return accessTokens.find((a) => a.token === header.slice('Zoho-oauthtoken '.length) && a.alive);
  }

  function departments(req: LoopbackRequest, screen: string): LoopbackReply {
    const access = bearer(req);
    const unknown = { error: { code: 1001, message: 'Unknown authentication error occurred' } };
    if (!access || !access.scopes.some((s) => s.startsWith('SalesIQ.'))) return json(200, unknown);
    // Scenario 4: an expired SalesIQ token was seen as HTTP 400 with the same body.
    if (access.expiresAt < now()) return json(400, unknown);
    // Assumed shape for an unknown portal: SalesIQ documents no code for it.
    if (decodeURIComponent(screen) !== screenName) return json(200, { error: { code: 1020, message: 'Invalid screen name' } });
    return json(200, { data: [{ id: '5001', name: 'Support' }, { id: '5002', name: 'Sales' }] });
  }

  function organizations(req: LoopbackRequest): LoopbackReply {
    const access = bearer(req);
    if (!access || access.expiresAt < now() || !access.scopes.some((s) => s.startsWith('Desk.'))) {
      return json(401, { errorCode: 'INVALID_OAUTH', message: 'The OAuth Token you provided is invalid.' });
    }
    return json(200, { data: [{ id: '600001', companyName: 'Acme Support', portalName: 'acmesupport', isDefault: true }] });
  }

  const loopback = await startLoopbackServer((req) => {
    const path = req.url.pathname;
    const salesiq = /^\/salesiq\/api\/v2\/([^/]+)\/departments$/.exec(path);
    if (req.method === 'GET' && path === '/oauth/v2/auth') return authorize(req);
    if (req.method === 'POST' && path === '/oauth/v2/token') return token(req);
    if (req.method === 'POST' && path === '/oauth/v2/token/revoke') return revoke(req);
    if (req.method === 'GET' && salesiq) return departments(req, salesiq[1] as string);
    if (req.method === 'GET' && path === '/desk/api/v1/organizations') return organizations(req);
    return html(404, '<html><head><title>404</title></head><body>Not Found</body></html>');
  });
  switches.callbackAccountsServer = loopback.origin;

  return {
    origin: loopback.origin,
    requests: loopback.requests,
    close: () => loopback.close(),
    credentials: {
      clientId: server.id,
      clientSecret: server.secret,
      redirectUri: server.redirectUris[0] as string,
      selfClientId: self.id,
      selfClientSecret: self.secret,
      screenName,
    },
    switches,
    /** API Console → Self Client → Generate Code, with the duration the person picked. */
    issueSelfClientCode(args: { scopes: readonly string[]; minutes?: number }): string {
      const code = fresh('code');
      const minutes = args.minutes ?? 3;
      codes.push({ code, clientId: self.id, scopes: args.scopes, withRefreshToken: true, expiresAt: now() + minutes * 60_000, used: false });
      return code;
    },
    /** Live refresh tokens of a client, oldest first. */
    liveRefreshTokens: (clientId: string = server.id) => refreshTokens.filter((r) => r.clientId === clientId && r.alive).map((r) => r.token),
    isRefreshTokenAlive: (tokenValue: string) => refreshTokens.some((r) => r.token === tokenValue && r.alive),
    /** As after an hour: SalesIQ then answers HTTP 400 code 1001, Desk INVALID_OAUTH. */
    expireAccessTokens(): void {
      for (const a of accessTokens) a.expiresAt = now() - 1;
    },
  };
}

export type ZohoEmulator = Awaited<ReturnType<typeof startZohoEmulator>>;

/** `providers: { zoho-salesiq | zoho-desk: … }` values that point a preset at this emulator. */
export function zohoOverride(emu: Pick<ZohoEmulator, 'origin'>, service: 'salesiq' | 'desk'): { accounts_url: string; api_url: string } {
  return { accounts_url: emu.origin, api_url: `${emu.origin}/${service}` };
}
