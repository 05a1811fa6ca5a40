/**
 * A loopback TikTok Login Kit v2 (PROVIDERS.md "TikTok"), quirks included: `client_key`,
 * comma-separated scopes, hex SHA-256 PKCE for Desktop apps (a base64url challenge fails),
 * trailing slashes on every path, codes with characters that get percent-encoded, refresh
 * tokens that may rotate, and — on a switch — errors answered with HTTP 200.
 */
import { createHash } from 'node:crypto';
import { html, json, redirect, startLoopbackServer, type LoopbackReply, type LoopbackRequest } from './loopback-server.js';
import { recordSecret } from './secret-audit.js';

export const TIKTOK_SCOPES = ['user.info.basic', 'video.upload', 'video.publish', 'video.list'] as const;

export interface TiktokEmulatorOptions {
  readonly clientKey?: string;
  readonly clientSecret?: string;
  /** Desktop apps must use hex PKCE and loopback redirects; Web apps use neither PKCE nor http. */
  readonly appKind?: 'desktop' | 'web';
  /** Registered redirect URIs; matched exactly. */
  readonly redirectUris?: readonly string[];
  readonly displayName?: string;
  /** Code lifetime; TikTok does not document it. */
  readonly codeLifetimeMs?: number;
  readonly now?: () => number;
}

interface IssuedCode {
  readonly code: string;
  readonly clientKey: string;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly challenge?: string;
  readonly expiresAt: number;
  used: boolean;
}

interface Grant {
  readonly scopes: readonly string[];
  /** Refresh tokens live 365 days from the first sign-in, not from the last refresh. */
  readonly firstIssuedAt: number;
  refreshToken: string;
  refreshAlive: boolean;
  accessToken: string;
  accessAlive: boolean;
}

const ACCESS_LIFETIME_S = 86_400;
const REFRESH_LIFETIME_S = 31_536_000;
const UNRESERVED = /^[A-Za-z0-9\-._~]{43,128}$/;

function hexSha256(text: string): string {
  return createHash('sha256').update(text, 'ascii').digest('hex');
}

/** Like TikTok's own links: `*` and `!` are percent-encoded too, not only what encodeURIComponent escapes. */
function encodeStrict(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export async function startTiktokEmulator(options: TiktokEmulatorOptions = {}) {
  const clientKey = options.clientKey ?? 'fakeclientkey0001';
  const clientSecret = options.clientSecret ?? 'fake-tiktok-secret-0001';
  recordSecret(clientSecret);
  const appKind = options.appKind ?? 'desktop';
  const redirectUris = options.redirectUris ?? ['http://127.0.0.1:8976/callback'];
  const now = options.now ?? Date.now;
  const codeLifetimeMs = options.codeLifetimeMs ?? 600_000;
  const codes: IssuedCode[] = [];
  const grants: Grant[] = [];
  const switches = { deny: false, rotateRefreshTokens: true, errorsWithHttp200: false, withheldScopes: [] as string[] };
  let serial = 0;
  let nextCode: string | undefined;

  const logId = () => `20240101000000FAKELOG${String(++serial).padStart(4, '0')}`;
  const fresh = (prefix: string) => `${prefix}fake-tiktok-${String(++serial).padStart(4, '0')}`;

  function tokenError(error: string, description: string): LoopbackReply {
    return json(switches.errorsWithHttp200 ? 200 : 400, { error, error_description: description, log_id: logId() });
  }

  function errorPage(what: string): LoopbackReply {
    return html(400, `<html><head><title>TikTok</title></head><body>Something went wrong: ${what}</body></html>`);
  }

  function authorize(req: LoopbackRequest): LoopbackReply {
    const q = req.url.searchParams;
    if (q.get('client_key') !== clientKey) return errorPage('client_key');
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!redirectUris.includes(redirectUri)) return errorPage('redirect_uri');
    if (q.get('response_type') !== 'code') return errorPage('response_type');
    const scopes = (q.get('scope') ?? '').split(',');
    if (scopes.some((s) => !(TIKTOK_SCOPES as readonly string[]).includes(s))) return errorPage('scope');
    const state = q.get('state');
    if (!state) return errorPage('state');
    let challenge: string | undefined;
    if (appKind === 'desktop') {
      challenge = q.get('code_challenge') ?? undefined;
      if (!challenge || q.get('code_challenge_method') !== 'S256') return errorPage('code_challenge');
    }
    const back = new URL(redirectUri);
    if (switches.deny) {
      back.search = `error=access_denied&error_description=${encodeStrict('The user denied the request.')}&state=${encodeStrict(state)}`;
      return redirect(back.toString());
    }
    const granted = scopes.filter((s) => !switches.withheldScopes.includes(s));
    // Real codes carry `*` and `!`, which arrive percent-encoded and must be decoded exactly once.
    const code = nextCode ?? `fake*tiktok!code-${String(++serial).padStart(4, '0')}`;
    nextCode = undefined;
    codes.push({ code, clientKey, redirectUri, scopes: granted, challenge, expiresAt: now() + codeLifetimeMs, used: false });
    back.search = `code=${encodeStrict(code)}&scopes=${granted.join(',')}&state=${encodeStrict(state)}`;
    return redirect(back.toString());
  }

  function tokenAnswer(grant: Grant): LoopbackReply {
    const left = Math.max(0, REFRESH_LIFETIME_S - Math.floor((now() - grant.firstIssuedAt) / 1000));
    return json(200, {
      access_token: grant.accessToken,
      expires_in: ACCESS_LIFETIME_S,
      open_id: 'fake-open-id-0001',
      refresh_token: grant.refreshToken,
      refresh_expires_in: left,
      scope: grant.scopes.join(','),
      token_type: 'Bearer',
    });
  }

  function token(req: LoopbackRequest): LoopbackReply {
    const form = req.form;
    if (!form.get('client_key')) return tokenError('invalid_request', 'Missing client_key.');
    if (form.get('client_key') !== clientKey || form.get('client_secret') !== clientSecret) {
      return tokenError('invalid_client', 'Client key or secret is incorrect.');
    }
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') {
      const issued = codes.find((c) => c.code === form.get('code'));
      if (!issued || issued.used || issued.expiresAt < now()) return tokenError('invalid_grant', 'Authorization code is expired.');
      if (form.get('redirect_uri') !== issued.redirectUri) return tokenError('invalid_grant', 'Redirect URI does not match.');
      if (issued.challenge !== undefined) {
        const verifier = form.get('code_verifier') ?? '';
        if (!UNRESERVED.test(verifier)) return tokenError('invalid_request', 'Code verifier is malformed.');
        // TikTok compares the hex SHA-256: a base64url (RFC 7636) challenge never matches.
        if (hexSha256(verifier) !== issued.challenge) return tokenError('invalid_grant', 'Code verifier or code challenge is invalid.');
      }
      issued.used = true;
      const grant: Grant = {
        scopes: issued.scopes,
        firstIssuedAt: now(),
        refreshToken: fresh('rft.'),
        refreshAlive: true,
        accessToken: fresh('act.'),
        accessAlive: true,
      };
      grants.push(grant);
      return tokenAnswer(grant);
    }
    if (grantType === 'refresh_token') {
      const grant = grants.find((g) => g.refreshToken === form.get('refresh_token'));
      if (!grant || !grant.refreshAlive || now() - grant.firstIssuedAt > REFRESH_LIFETIME_S * 1000) {
        return tokenError('invalid_grant', 'Refresh token is invalid or expired.');
      }
      grant.accessToken = fresh('act.');
      grant.accessAlive = true;
      // The old refresh token dies with the rotation: a client that does not store the new one is locked out.
      if (switches.rotateRefreshTokens) grant.refreshToken = fresh('rft.');
      return tokenAnswer(grant);
    }
    return tokenError('unsupported_grant_type', 'Unsupported grant type.');
  }

  function userInfo(req: LoopbackRequest): LoopbackReply {
    const header = String(req.headers.authorization ?? '');
    const presented = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    const grant = grants.find((g) => g.accessToken === presented && g.accessAlive);
    const log_id = logId();
    if (!grant) {
      return json(401, {
        data: {},
        error: { code: 'access_token_invalid', message: 'The access token is invalid or not found in the request.', log_id },
      });
    }
    if (!grant.scopes.includes('user.info.basic')) {
      return json(401, {
        data: {},
        error: { code: 'scope_not_authorized', message: 'The user did not authorize the scope required for completing this request.', log_id },
      });
    }
    const fields = (req.url.searchParams.get('fields') ?? '').split(',');
    const everything: Record<string, string> = { open_id: 'fake-open-id-0001', display_name: options.displayName ?? 'Fake Creator' };
    const user = Object.fromEntries(Object.entries(everything).filter(([k]) => fields.includes(k)));
    return json(200, { data: { user }, error: { code: 'ok', message: '', log_id } });
  }

  const server = await startLoopbackServer((req) => {
    const path = req.url.pathname;
    if (req.method === 'GET' && path === '/v2/auth/authorize/') return authorize(req);
    if (req.method === 'POST' && path === '/v2/oauth/token/') return token(req);
    if (req.method === 'GET' && path === '/v2/user/info/') return userInfo(req);
    return html(404, '<html><head><title>404</title></head><body>Not Found</body></html>');
  });

  return {
    origin: server.origin,
    requests: server.requests,
    close: () => server.close(),
    credentials: { clientKey, clientSecret, redirectUri: redirectUris[0] as string },
    switches,
    /** The code the next approval hands out (e.g. one with a literal `%`). */
    setNextCode(code: string): void {
      nextCode = code;
    },
    /** Every code handed out, oldest first (decoded, as TikTok stores them). */
    issuedCodes: () => codes.map((c) => c.code),
    issuedTokens: () => grants.map((g) => ({ accessToken: g.accessToken, refreshToken: g.refreshToken })),
    expireAccessTokens(): void {
      for (const g of grants) g.accessAlive = false;
    },
    /** As when 365 days have passed, or the user removed the app. */
    revokeRefreshTokens(): void {
      for (const g of grants) g.refreshAlive = false;
    },
  };
}

export type TiktokEmulator = Awaited<ReturnType<typeof startTiktokEmulator>>;

/** `providers: { tiktok: … }` values that point the preset at this emulator. */
export function tiktokOverride(emu: Pick<TiktokEmulator, 'origin'>): { authorize_url: string; token_url: string; verify_url: string } {
  return {
    authorize_url: `${emu.origin}/v2/auth/authorize/`,
    token_url: `${emu.origin}/v2/oauth/token/`,
    verify_url: `${emu.origin}/v2/user/info/`,
  };
}
