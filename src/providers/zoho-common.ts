/**
 * What Zoho SalesIQ and Zoho Desk share (PROVIDERS.md "Zoho"): one OAuth server per data
 * centre, HTTP-200 errors, the 20-refresh-token cap, Self Client codes, and the
 * `Zoho-oauthtoken` header. Each service preset adds its own host, scopes and live check.
 */
import type { ErrorExplanation, ProviderPreset, RegionChoice } from './types.js';

interface DataCentre {
  readonly label: string;
  /** The accounts (OAuth) server. */
  readonly accountsHost: string;
  /** The domain the service hosts hang off: `salesiq.<domain>`, `desk.<domain>`, `api-console.<domain>`. */
  readonly serviceDomain: string;
}

const DATA_CENTRES: Readonly<Record<string, DataCentre>> = {
  com: { label: 'United States (accounts.zoho.com)', accountsHost: 'accounts.zoho.com', serviceDomain: 'zoho.com' },
  eu: { label: 'Europe (accounts.zoho.eu)', accountsHost: 'accounts.zoho.eu', serviceDomain: 'zoho.eu' },
  in: { label: 'India (accounts.zoho.in)', accountsHost: 'accounts.zoho.in', serviceDomain: 'zoho.in' },
  'com.au': { label: 'Australia (accounts.zoho.com.au)', accountsHost: 'accounts.zoho.com.au', serviceDomain: 'zoho.com.au' },
  jp: { label: 'Japan (accounts.zoho.jp)', accountsHost: 'accounts.zoho.jp', serviceDomain: 'zoho.jp' },
  // Assumption: PROVIDERS.md gives only the CA accounts host; the service hosts are taken to
  // follow it (salesiq.zohocloud.ca, desk.zohocloud.ca). A `providers:` override of `api_url`
  // corrects it if not.
  ca: { label: 'Canada (accounts.zohocloud.ca)', accountsHost: 'accounts.zohocloud.ca', serviceDomain: 'zohocloud.ca' },
  sa: { label: 'Saudi Arabia (accounts.zoho.sa)', accountsHost: 'accounts.zoho.sa', serviceDomain: 'zoho.sa' },
  'com.cn': { label: 'China (accounts.zoho.com.cn)', accountsHost: 'accounts.zoho.com.cn', serviceDomain: 'zoho.com.cn' },
  // PROVIDERS.md marks the UK data centre as less certain than the others.
  uk: { label: 'United Kingdom (accounts.zoho.uk — less certain)', accountsHost: 'accounts.zoho.uk', serviceDomain: 'zoho.uk' },
};

/** Hosts a callback's `accounts-server` may name; anything else is ignored, never contacted. */
export const ZOHO_ACCOUNTS_HOSTS: readonly string[] = Object.values(DATA_CENTRES).map((dc) => dc.accountsHost);

/**
 * Region choices for one Zoho service. Vars: `accounts_url` (the OAuth server), `api_url` (the
 * service's own host, e.g. `https://salesiq.zoho.in`) and `api_console_url`.
 */
export function zohoRegions(service: 'salesiq' | 'desk'): NonNullable<ProviderPreset['regions']> {
  const choices: Record<string, RegionChoice> = {};
  for (const [id, dc] of Object.entries(DATA_CENTRES)) {
    choices[id] = {
      label: dc.label,
      vars: {
        accounts_url: `https://${dc.accountsHost}`,
        api_url: `https://${service}.${dc.serviceDomain}`,
        api_console_url: `https://api-console.${dc.serviceDomain}`,
      },
    };
  }
  return {
    default: 'com',
    choices,
    help: 'Pick the data centre your Zoho account lives in (the domain you sign in at, e.g. accounts.zoho.in). A client made in the API Console of one data centre only works there.',
  };
}

/** The parts of a Zoho preset that do not depend on the service. */
export const zohoOAuthCommon = {
  authorizeUrl: '{accounts_url}/oauth/v2/auth',
  tokenUrl: '{accounts_url}/oauth/v2/token',
  revokeUrl: '{accounts_url}/oauth/v2/token/revoke',
  // Without prompt=consent, a second consent for the same client returns no refresh token.
  authorizeParams: { access_type: 'offline', prompt: 'consent' },
  clientIdParam: 'client_id',
  clientSecretParam: 'client_secret',
  clientAuth: 'body',
  scopeSeparator: ',',
  pkce: 'none',
  redirectRule: 'any',
  redirectHelp:
    "Use exactly the Authorized Redirect URI of your client in the Zoho API Console. An http://127.0.0.1:PORT/… address lets reauth catch the code by itself; otherwise copy the whole address from the browser's address bar.",
  flows: ['authorization_code', 'self_client', 'device'],
  // Zoho's "non-browser applications" flow (Zoho OAuth docs: initiation and polling requests):
  // RFC 8628 in spirit, with Zoho's own names. Documented, but not tried against Zoho itself,
  // so the wizard says so beside it and does not move it first on SSH by itself.
  deviceAuthorizationUrl: '{accounts_url}/oauth/v3/device/code',
  deviceDialect: {
    // Without access_type=offline Zoho hands out no refresh token; prompt=consent as in the browser flow.
    codeParams: { grant_type: 'device_request', access_type: 'offline', prompt: 'consent' },
    pollUrl: '{accounts_url}/oauth/v3/device/token',
    pollGrantType: 'device_token',
    pollCodeParam: 'code',
    // "The device must maintain a request rate of only one request per 30 seconds."
    minIntervalSeconds: 30,
    expiredCodes: ['expired'],
    // One version of the initiation page gives interval and expires_in in milliseconds.
    timesMayBeMs: true,
  },
  deviceFlowNote: 'documented by Zoho, not yet tried against the real service',
  // The callback names the data centre's accounts server; trusted only when it is one of Zoho's.
  callbackServer: { param: 'accounts-server', trustedHosts: ZOHO_ACCOUNTS_HOSTS },
  // "1–3 minutes by source"; Self Client codes last the duration the person picked instead.
  codeLifetimeSeconds: 120,
  codeLifetimeConfirmed: false,
  // Refresh answers carry no refresh_token: keep the stored one, never blank it.
  rotatesRefreshToken: 'never',
  // PROVIDERS.md (doc): access 1 hour.
  accessTokenLifetimeSeconds: 3600,
  // PROVIDERS.md (doc, conflicting): no expiry until revoked, but 20 per user and client.
  refreshTokenLife: {
    kind: 'cap',
    count: 20,
    source: 'Zoho OAuth docs (PROVIDERS.md)',
    sure: true,
    note: 'Zoho documents no expiry until revoked (sources conflict); the 21st refresh token deletes the oldest.',
  },
  // Zoho answers token errors with HTTP 200.
  errorShape: 'oauth',
  extraTokenFields: ['api_domain'],
  refreshTokenCap: {
    count: 20,
    warning:
      'Zoho keeps at most 20 refresh tokens per user for this client; making a new one silently deletes the oldest — which may be the one another server of yours uses. Once the new one is written, reauth offers to revoke the one it replaces, if it found one.',
  },
} as const satisfies Partial<ProviderPreset>;

export const zohoTokenErrors: Readonly<Record<string, ErrorExplanation>> = {
  invalid_code: {
    kind: 'code',
    message:
      'Zoho did not accept the code: it was already used, it expired (Zoho codes last only minutes), or it comes from another data centre.',
    next: 'Get a fresh code and paste it straight away; check the data centre matches where the client was made.',
  },
  // Zoho reports a revoked or deleted refresh token as `invalid_code` too.
  'refresh:invalid_code': {
    kind: 'sign-in-again',
    // Each preset's refreshRejectedHint (the likely causes) is appended by the mechanism.
    message: 'Zoho no longer accepts the stored refresh token (invalid_code).',
    next: 'Run `reauth setup PROFILE` to sign in again.',
  },
  invalid_client: {
    kind: 'config',
    message:
      'Zoho does not know this client id here — often the wrong data centre: a client made at accounts.zoho.in only works there.',
    next: 'Pick the data centre where the client was made, or copy the client id again from the API Console.',
  },
  invalid_client_secret: {
    kind: 'config',
    message: 'Zoho did not accept the client secret.',
    next: 'Copy the client secret again from the Zoho API Console (your client → Client Secret).',
  },
  invalid_redirect_uri: {
    kind: 'config',
    message: "The redirect URI does not match the client's Authorized Redirect URI in the Zoho API Console.",
    next: 'Use exactly the URI registered for the client, or add this one to it in the API Console.',
  },
  'Access Denied': {
    kind: 'unavailable',
    message: 'Zoho is limiting requests; wait a few minutes.',
    next: 'Try again in a few minutes; avoid running several refreshes at once.',
  },
};

/**
 * Self Client: the flow with no browser redirect. The wizard prints the profile's own scopes
 * above this text (both renderers), so it names none itself (they would go stale when the person edits them).
 */
export const ZOHO_SELF_CLIENT_HELP =
  'API Console → Self Client → Generate Code: type the scopes (comma-separated, on the line above), pick a duration (3 minutes by default; the countdown follows it), add a description, press Create and copy the code. Use the API Console of the data centre where the Self Client was made.';

export const ZOHO_CREDENTIALS_HELP =
  'Zoho API Console (api-console.zoho.<your data centre>, e.g. api-console.zoho.in) → your client → Client Secret tab: copy the Client ID and Client Secret. A Self Client has its own pair.';

/** Reads a `{"error": {...}}` or `{"errorCode": ...}` answer without trusting its shape. */
export function objectField(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * Key names for a Zoho service in env-style files (scenario 4: `SALESIQ_ACCESS_TOKEN`,
 * `DESK_REFRESH_TOKEN`, one shared `ZOHO_CLIENT_ID`/`ZOHO_CLIENT_SECRET`) and in YAML/JSON.
 */
export function zohoKeyNames(prefix: 'SALESIQ' | 'DESK'): Pick<ProviderPreset, 'defaultEnvKeys' | 'defaultFileKeys'> {
  return {
    defaultEnvKeys: {
      access_token: `${prefix}_ACCESS_TOKEN`,
      refresh_token: `${prefix}_REFRESH_TOKEN`,
      expires_at: `${prefix}_TOKEN_EXPIRES_AT`,
      client_id: 'ZOHO_CLIENT_ID',
      client_secret: 'ZOHO_CLIENT_SECRET',
    },
    defaultFileKeys: {
      access_token: 'access_token',
      refresh_token: 'refresh_token',
      expires_at: 'expires_at',
      api_domain: 'api_domain',
      client_id: 'client_id',
      client_secret: 'client_secret',
    },
  };
}
