/**
 * TTLock / Sciener smart locks (PROVIDERS.md "TTLock / Sciener"). There is no browser step at
 * all: tokens come only from the resource-owner password grant, with the TTLock *app* account
 * and the lowercase hex MD5 of its password.
 */
import type { ErrorExplanation, LiveCheckResult, ProviderPreset } from './types.js';

const SIGN_IN_AGAIN_NEXT =
  'Run `reauth setup PROFILE` and sign in again with the TTLock app account (phone with country code, or email) and its password.';

/**
 * Every TTLock failure arrives as HTTP 200 with an `errcode` body, from the token endpoint and
 * the Open API alike, so one table explains both.
 */
const ttlockErrors: Readonly<Record<string, ErrorExplanation>> = {
  '10004': {
    kind: 'sign-in-again',
    message: 'TTLock no longer accepts this token: it expired or was revoked (errcode 10004, invalid grant).',
    next: SIGN_IN_AGAIN_NEXT,
  },
  '10003': {
    kind: 'sign-in-again',
    message: 'TTLock says the token is not valid (errcode 10003, invalid token).',
    next: SIGN_IN_AGAIN_NEXT,
  },
  '10011': {
    kind: 'sign-in-again',
    message: 'TTLock does not accept the stored refresh token (errcode 10011, invalid refresh_token).',
    next: SIGN_IN_AGAIN_NEXT,
  },
  '10007': {
    kind: 'credentials',
    message: 'TTLock did not accept that account name or password (errcode 10007).',
    next: 'Use the login of the TTLock phone app — phone number with country code like +4477…, or email — not your developer-portal login, and check the password in the app.',
  },
  '10000': {
    kind: 'config',
    message: 'TTLock does not know this client id (errcode 10000).',
    next: 'Copy the client id again from the TTLock open platform (your application), and check the region: EU apps live on euapi.ttlock.com, China apps on cnapi.ttlock.com.',
  },
  '10001': {
    kind: 'config',
    message:
      'TTLock rejected the app credentials (errcode 10001): wrong client id/secret — or the wrong region: an app registered on the EU portal only works on euapi.',
    next: 'Check the client id and secret in the TTLock developer portal, and choose the region where the app was registered.',
  },
  '30005': {
    kind: 'credentials',
    message: 'TTLock wants the password as a lowercase MD5 hash and received something else (errcode 30005).',
    next: 'Type the password again; if this keeps happening, report it: reauth should hash the password itself.',
  },
  '80000': {
    kind: 'config',
    message: "TTLock refused the request because this computer's clock is more than 5 minutes off (errcode 80000).",
    next: 'Set the clock right (turn on network time, e.g. `timedatectl set-ntp true`) and try again.',
  },
  '-3': {
    kind: 'config',
    message: 'TTLock says a request parameter is invalid (errcode -3).',
    next: 'Check the client id, client secret and region; if they are right, run again with REAUTH_DEBUG=1 and report it.',
  },
};

/** Reads `/v3/lock/list`: HTTP 200 either way, so the body decides. */
function interpretLockList(status: number, body: unknown): LiveCheckResult {
  const answer = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const errcode = Number(answer['errcode'] ?? 0);
  if (errcode !== 0) {
    // A dead access token is usually just old (90 days): a refresh may fix it.
    if (errcode === 10003 || errcode === 10004) {
      const known = ttlockErrors[String(errcode)] as ErrorExplanation;
      return { ok: false, problem: { ...known, next: 'Run `reauth refresh PROFILE`; if that fails too, `reauth setup PROFILE`.' } };
    }
    const known = ttlockErrors[String(errcode)];
    if (known) return { ok: false, problem: known };
    const said = typeof answer['errmsg'] === 'string' ? `: ${answer['errmsg']}` : '';
    return {
      ok: false,
      problem: { kind: 'unavailable', message: `TTLock answered the lock list with errcode ${errcode}${said}.`, next: 'Try again in a few minutes.' },
    };
  }
  if (Array.isArray(answer['list'])) {
    const count = typeof answer['total'] === 'number' ? answer['total'] : answer['list'].length;
    return {
      ok: true,
      summary: `${count} lock${count === 1 ? '' : 's'} found (only locks this account administers are listed)`,
    };
  }
  return {
    ok: false,
    problem: { kind: 'unavailable', message: `TTLock answered the lock list with something unexpected (HTTP ${status}).`, next: 'Try again in a few minutes.' },
  };
}

export const ttlockPreset: ProviderPreset = {
  id: 'ttlock',
  name: 'TTLock (Sciener)',
  summary: 'Smart locks: TTLock Open API tokens from the TTLock app account (no web sign-in).',
  intro:
    'TTLock has no web sign-in: reauth asks for the TTLock app account (phone with country code like +4477…, or email) and its password — not your developer-portal login. Guessed URLs like /oauth/authorize or /v3/oauth/token give 404; this is why.',
  flows: ['password'],
  regions: {
    default: 'eu',
    choices: {
      eu: { label: 'Outside China (euapi.ttlock.com)', vars: { api_url: 'https://euapi.ttlock.com' } },
      cn: { label: 'China (cnapi.ttlock.com)', vars: { api_url: 'https://cnapi.ttlock.com' } },
    },
    help: 'The two clouds are separate: an app registered on the EU portal only works on the EU server (euapi.ttlock.com), a China app only on cnapi.ttlock.com. The *.sciener.com hosts mirror them.',
  },
  tokenUrl: '{api_url}/oauth2/token',
  clientIdParam: 'clientId',
  clientSecretParam: 'clientSecret',
  clientAuth: 'body',
  scopeSeparator: ' ',
  defaultScopes: [],
  knownScopes: [],
  pkce: 'none',
  redirectRule: 'any',
  redirectHelp: 'TTLock has no redirect URI: tokens come from the password sign-in.',
  passwordGrant: {
    usernameParam: 'username',
    passwordParam: 'password',
    passwordHash: 'md5-hex',
    // Current TTLock docs send no grant_type on the password grant.
    usernameHelp:
      'The TTLock app account: phone number with country code (like +4477…) or email — not your developer-portal login. The password is hashed (MD5) in memory and never stored.',
  },
  // No codes on this service; the field only matters for browser flows.
  codeLifetimeSeconds: 600,
  codeLifetimeConfirmed: false,
  // Undocumented either way: always store whatever refresh token comes back.
  rotatesRefreshToken: 'sometimes',
  // PROVIDERS.md (doc): expires_in typically 7776000 (90 days).
  accessTokenLifetimeSeconds: 90 * 86_400,
  // PROVIDERS.md (doc): "Refresh tokens live 10 years". Whether a refresh restarts the ten
  // years is undocumented: counting from the first sign-in warns early rather than late.
  refreshTokenLife: {
    kind: 'fixed-from-first-issue',
    days: 3650,
    source: 'TTLock Open Platform docs (PROVIDERS.md)',
    sure: false,
    note: 'TTLock documents ten years; whether a refresh restarts them is not documented, so reauth counts from the first sign-in.',
  },
  errorShape: 'errcode',
  tokenErrors: ttlockErrors,
  refreshRejectedHint:
    'TTLock refresh tokens last 10 years, so a rejected one usually means the account password was changed or the token was revoked.',
  extraTokenFields: ['uid'],
  liveCheck: {
    label: 'List the locks this account administers',
    url: '{api_url}/v3/lock/list',
    auth: { type: 'query', param: 'accessToken' },
    query: { clientId: '{client_id}', pageNo: '1', pageSize: '20', date: '{now_ms}' },
    interpret: interpretLockList,
  },
  credentialsHelp:
    'TTLock open platform (the developer portal for your region) → your application: copy its client id and client secret.',
  defaultEnvKeys: {
    access_token: 'TTLOCK_ACCESS_TOKEN',
    refresh_token: 'TTLOCK_REFRESH_TOKEN',
    expires_at: 'TTLOCK_TOKEN_EXPIRES_AT',
    uid: 'TTLOCK_UID',
    client_id: 'TTLOCK_CLIENT_ID',
    client_secret: 'TTLOCK_CLIENT_SECRET',
  },
  defaultFileKeys: {
    access_token: 'access_token',
    refresh_token: 'refresh_token',
    expires_at: 'expires_at',
    uid: 'uid',
  },
};
