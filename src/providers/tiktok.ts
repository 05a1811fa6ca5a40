/**
 * TikTok Login Kit v2 and the Content Posting API (PROVIDERS.md "TikTok"). Quirks carried as
 * data: `client_key` instead of `client_id`, comma-separated scopes, hex (not base64url) PKCE
 * for Desktop apps, a trailing slash on the token URL, and errors that may arrive with HTTP 200.
 */
import type { ErrorExplanation, LiveCheckResult, ProviderPreset } from './types.js';

const SCOPES = ['user.info.basic', 'video.upload', 'video.publish', 'video.list'] as const;

const tiktokErrors: Readonly<Record<string, ErrorExplanation>> = {
  invalid_grant: {
    kind: 'code',
    message:
      'TikTok did not accept the code: it was already used, it expired, or (Desktop apps) the PKCE verifier did not match.',
    next: 'Open a fresh sign-in link and paste the new code straight away.',
  },
  // A dead refresh token is `invalid_grant` too; at refresh it means a person must sign in.
  'refresh:invalid_grant': {
    kind: 'sign-in-again',
    // The preset's refreshRejectedHint (the likely causes) is appended by the mechanism.
    message: 'TikTok no longer accepts the stored refresh token (invalid_grant).',
    next: 'Run `reauth setup PROFILE` and sign in with TikTok again.',
  },
  invalid_client: {
    kind: 'config',
    message: 'TikTok did not accept the client key or client secret.',
    next: 'Copy both again from the TikTok developer portal (your app → App details).',
  },
  invalid_request: {
    kind: 'config',
    message:
      'TikTok says the request was malformed — often a redirect URI that differs from the portal, or a Desktop app sent without PKCE.',
    next: 'Check that the redirect URI matches the developer portal exactly and that the app type (Desktop or Web) is right.',
  },
  access_denied: {
    kind: 'code',
    message: 'The TikTok sign-in was cancelled or the app was not authorized.',
    next: 'Open the link again and press Authorize (keep the scopes the app needs ticked).',
  },
  unauthorized_client: {
    kind: 'config',
    message: 'TikTok does not allow this app to use this sign-in yet (unauthorized client).',
    next: 'Check in the developer portal that Login Kit is added to the app and the app is approved or in sandbox with your account as a tester.',
  },
  unsupported_grant_type: {
    kind: 'config',
    message: 'TikTok refused the grant type for this app.',
    next: 'Check that Login Kit is enabled for the app in the TikTok developer portal.',
  },
  invalid_scope: {
    kind: 'config',
    message: 'TikTok refused a requested scope: it is not enabled for this app.',
    next: 'Add the product that provides it (e.g. Content Posting API for video.publish) in the developer portal, or remove the scope.',
  },
  scope_not_authorized: {
    kind: 'config',
    message: 'The TikTok account did not grant a scope this request needs.',
    next: 'Sign in again and keep every requested permission ticked.',
  },
  rate_limit_exceeded: {
    kind: 'unavailable',
    message: 'TikTok is limiting requests from this app.',
    next: 'Wait a few minutes and try again.',
  },
  server_error: {
    kind: 'unavailable',
    message: 'TikTok had an internal error.',
    next: 'Try again in a few minutes.',
  },
  temporarily_unavailable: {
    kind: 'unavailable',
    message: 'TikTok is temporarily unavailable.',
    next: 'Try again in a few minutes.',
  },
};

/** Reads `/v2/user/info/`: `error.code` is "ok" on success, so the body decides, not the status. */
function interpretUserInfo(status: number, body: unknown): LiveCheckResult {
  const answer = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const error = (typeof answer['error'] === 'object' && answer['error'] !== null ? answer['error'] : {}) as Record<string, unknown>;
  const code = typeof error['code'] === 'string' ? error['code'] : undefined;
  const data = (typeof answer['data'] === 'object' && answer['data'] !== null ? answer['data'] : {}) as Record<string, unknown>;
  const user = typeof data['user'] === 'object' && data['user'] !== null ? (data['user'] as Record<string, unknown>) : undefined;
  if (code === 'ok' && user) {
    const name = typeof user['display_name'] === 'string' && user['display_name'] ? user['display_name'] : undefined;
    return { ok: true, summary: name ? `signed in as ${name}` : 'signed in (TikTok returned no display name)' };
  }
  if (code === 'access_token_invalid') {
    return {
      ok: false,
      problem: {
        kind: 'sign-in-again',
        message: 'TikTok does not accept this access token (access_token_invalid): it expired, was revoked, or belongs to another app.',
        next: 'Run `reauth refresh PROFILE`; if that fails too, `reauth setup PROFILE`.',
      },
    };
  }
  if (code === 'scope_not_authorized') {
    return {
      ok: false,
      problem: {
        kind: 'config',
        message: 'This token lacks the user.info.basic scope, which the check (and most TikTok APIs) needs (scope_not_authorized).',
        next: 'Add user.info.basic to the scopes and sign in again, keeping it ticked.',
      },
    };
  }
  const known = code ? tiktokErrors[code] : undefined;
  if (known) return { ok: false, problem: known };
  const said = typeof error['message'] === 'string' && error['message'] ? `: ${error['message']}` : '';
  return {
    ok: false,
    problem: {
      kind: 'unavailable',
      message: `TikTok answered the user info check unexpectedly (HTTP ${status}${code ? `, ${code}` : ''}${said}).`,
      next: 'Try again in a few minutes.',
    },
  };
}

export const tiktokPreset: ProviderPreset = {
  id: 'tiktok',
  name: 'TikTok',
  summary: 'Login Kit v2 and the Content Posting API (user info, video upload and publish).',
  flows: ['authorization_code'],
  authorizeUrl: 'https://www.tiktok.com/v2/auth/authorize/',
  // The trailing slash is part of the documented URL.
  tokenUrl: 'https://open.tiktokapis.com/v2/oauth/token/',
  clientIdParam: 'client_key',
  // The portal's own word, so the question matches what the person sees there.
  clientIdName: 'client key',
  clientSecretParam: 'client_secret',
  clientAuth: 'body',
  scopeSeparator: ',',
  defaultScopes: ['user.info.basic', 'video.upload', 'video.publish'],
  knownScopes: SCOPES,
  // Defaults follow the first app kind (Desktop); the chosen kind replaces them.
  pkce: 'S256-hex',
  appKinds: [
    { id: 'desktop', label: 'Desktop app (PKCE, localhost redirect)', pkce: 'S256-hex', redirectRule: 'loopback' },
    { id: 'web', label: 'Web app (no PKCE, https redirect)', pkce: 'none', redirectRule: 'https' },
  ],
  redirectRule: 'loopback',
  redirectHelp:
    'The redirect URI must match one registered in the TikTok developer portal exactly, character for character. Desktop apps: http(s)://localhost or 127.0.0.1 with a port (e.g. http://127.0.0.1:8976/callback), no query. Web apps: an absolute https:// address.',
  codeLifetimeSeconds: 600,
  // TikTok does not document how long a code lives.
  codeLifetimeConfirmed: false,
  // "The returned refresh token may differ": always store it.
  rotatesRefreshToken: 'sometimes',
  // PROVIDERS.md (doc): access 24 h.
  accessTokenLifetimeSeconds: 24 * 3600,
  // PROVIDERS.md (doc): refresh tokens live 365 days from the first sign-in; refreshing does not extend that.
  refreshTokenLife: { kind: 'fixed-from-first-issue', days: 365, source: 'TikTok Login Kit docs (PROVIDERS.md)', sure: true },
  // Errors normally come with HTTP 400, but some reportedly arrive with HTTP 200.
  errorShape: 'oauth',
  tokenErrors: tiktokErrors,
  refreshRejectedHint:
    'TikTok refresh tokens live 365 days from the first sign-in, and a refresh may hand out a new one: either the year has passed or a rotated refresh token was not stored.',
  extraTokenFields: ['open_id'],
  liveCheck: {
    label: 'Read the signed-in TikTok user',
    url: 'https://open.tiktokapis.com/v2/user/info/',
    auth: { type: 'bearer' },
    query: { fields: 'open_id,display_name' },
    interpret: interpretUserInfo,
  },
  credentialsHelp:
    'TikTok for Developers → Manage apps → your app: copy the Client key and the Client secret.',
  defaultEnvKeys: {
    access_token: 'TIKTOK_ACCESS_TOKEN',
    refresh_token: 'TIKTOK_REFRESH_TOKEN',
    expires_at: 'TIKTOK_TOKEN_EXPIRES_AT',
    refresh_expires_at: 'TIKTOK_REFRESH_EXPIRES_AT',
    open_id: 'TIKTOK_OPEN_ID',
    client_id: 'TIKTOK_CLIENT_KEY',
    client_secret: 'TIKTOK_CLIENT_SECRET',
  },
  defaultFileKeys: {
    access_token: 'access_token',
    refresh_token: 'refresh_token',
    expires_at: 'expires_at',
    refresh_expires_at: 'refresh_expires_at',
    open_id: 'open_id',
    client_id: 'client_key',
    client_secret: 'client_secret',
  },
};
