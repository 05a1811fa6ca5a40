/**
 * Netatmo weather stations, thermostats and cameras (PROVIDERS.md "Netatmo"). Its quirks:
 * `scope` comes back as a JSON array and must also be sent on the code exchange, and every
 * refresh hands out a new pair and kills the old one at once.
 */
import type { ErrorExplanation, LiveCheckResult, ProviderPreset } from './types.js';

const SIGN_IN_AGAIN = 'Run `reauth setup PROFILE` and sign in to Netatmo again.';

const netatmoTokenErrors: Readonly<Record<string, ErrorExplanation>> = {
  invalid_grant: {
    kind: 'code',
    message:
      'Netatmo did not accept the code: this code was already used or has expired (codes work once, for about 10 minutes), or it was issued for another redirect URI.',
    next: 'Open the sign-in link again, press Allow, and paste the new address within a few minutes.',
  },
  // At refresh the same code means the refresh token is dead (see the comment in types.ts).
  'refresh:invalid_grant': {
    kind: 'sign-in-again',
    message: 'Netatmo no longer accepts the saved refresh token (invalid_grant).',
    next: SIGN_IN_AGAIN,
  },
  invalid_client: {
    kind: 'config',
    message: 'Netatmo does not accept the app’s credentials (invalid_client): wrong client id or secret.',
    next: 'Copy them again from dev.netatmo.com > My apps > your app.',
  },
  invalid_request: {
    kind: 'config',
    message: 'Netatmo says the request was incomplete or malformed (invalid_request).',
    next: 'Check the client id, the secret and the redirect URI against dev.netatmo.com > My apps > your app.',
  },
  unauthorized_client: {
    kind: 'config',
    message: 'Netatmo does not allow this app to get tokens this way (unauthorized_client).',
    next: 'Check the app at dev.netatmo.com > My apps; Netatmo removed the password sign-in in 2023, so only the browser sign-in works.',
  },
  unsupported_grant_type: {
    kind: 'config',
    message: 'Netatmo does not support this way of getting tokens (unsupported_grant_type).',
    next: 'Use the browser sign-in: Netatmo removed the password sign-in in 2023.',
  },
  invalid_scope: {
    kind: 'config',
    message: 'Netatmo does not accept one of the requested scopes (invalid_scope).',
    next: 'Choose scopes from Netatmo’s list (read_station for weather stations) and sign in again.',
  },
};

/** Reads `GET /api/getstationsdata`: 200 with the stations, or 403 with a numbered error. */
function interpretStationsData(status: number, body: unknown): LiveCheckResult {
  const answer = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const devices = (answer.body as { devices?: unknown } | undefined)?.devices;
  if (status === 200 && Array.isArray(devices)) {
    const names = devices.map(stationName).filter((name) => name !== '');
    if (devices.length === 0) return { ok: true, summary: 'the token works, but this account has no weather stations (0 found)' };
    const listed = names.length > 0 ? ` (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''})` : '';
    return { ok: true, summary: `${devices.length} weather station${devices.length === 1 ? '' : 's'} found${listed}` };
  }

  const error = answer.error as { code?: unknown; message?: unknown } | undefined;
  const code = typeof error?.code === 'number' ? error.code : Number(error?.code);
  if (code === 2) {
    return { ok: false, problem: { kind: 'sign-in-again', message: 'Netatmo says the access token is not valid (error 2, invalid access token).', next: SIGN_IN_AGAIN } };
  }
  if (code === 3) {
    return {
      ok: false,
      problem: {
        kind: 'sign-in-again',
        message: 'The access token has expired (Netatmo access tokens last 3 hours; error 3).',
        next: 'Run `reauth refresh PROFILE` to get a new one with the refresh token.',
      },
    };
  }
  if (code === 26 || status === 429) {
    return { ok: false, problem: { kind: 'unavailable', message: 'Netatmo is throttling requests from this app (error 26: too many requests).', next: 'Wait a few minutes and check again.' } };
  }
  if (status >= 500) {
    return { ok: false, problem: { kind: 'unavailable', message: `Netatmo is having trouble right now (HTTP ${status}).`, next: 'Try again in a few minutes.' } };
  }
  const said = typeof error?.message === 'string' ? `: ${error.message.slice(0, 120)}` : '';
  return {
    ok: false,
    problem: {
      kind: 'config',
      message: `Netatmo refused the station-data request (HTTP ${status}${Number.isFinite(code) ? `, error ${code}` : ''}${said}).`,
      next: 'Check that the app has the read_station scope; for thermostats or cameras the station check does not apply.',
    },
  };
}

function stationName(device: unknown): string {
  if (!device || typeof device !== 'object') return '';
  const { station_name: station, module_name: module } = device as Record<string, unknown>;
  return typeof station === 'string' ? station : typeof module === 'string' ? module : '';
}

export const netatmoPreset: ProviderPreset = {
  id: 'netatmo',
  name: 'Netatmo',
  summary: 'Weather stations, thermostats and cameras: Netatmo Connect tokens (browser sign-in).',
  flows: ['authorization_code'],
  authorizeUrl: 'https://api.netatmo.com/oauth2/authorize',
  tokenUrl: 'https://api.netatmo.com/oauth2/token',
  clientIdParam: 'client_id',
  clientSecretParam: 'client_secret',
  clientAuth: 'body',
  scopeSeparator: ' ',
  // Open-source clients send `scope` again with the code; Netatmo answers with the granted list.
  scopeInCodeExchange: true,
  defaultScopes: ['read_station'],
  knownScopes: [
    'read_station',
    'read_thermostat',
    'write_thermostat',
    'read_camera',
    'write_camera',
    'access_camera',
    'read_presence',
    'write_presence',
    'access_presence',
    'read_doorbell',
    'access_doorbell',
    'read_homecoach',
    'read_smokedetector',
    'read_carbonmonoxidedetector',
    'read_magellan',
    'write_magellan',
    'read_bubendorff',
    'write_bubendorff',
    'read_smarther',
    'write_smarther',
    'read_mx',
    'write_mx',
    'read_mhs1',
    'write_mhs1',
    'read_bfi',
    'write_bfi',
  ],
  pkce: 'none',
  redirectRule: 'any',
  defaultRedirectUri: 'https://localhost/callback',
  redirectHelp:
    'Use the redirect URI set for your app at dev.netatmo.com > My apps. Many apps use https://localhost/callback: nothing answers there, so after you press Allow the browser shows an error page — that is expected. The code is in the address bar: copy the whole address and paste it here. (The app page at dev.netatmo.com also has a token generator that issues a token pair without any redirect.)',
  // "About 10 minutes" is what users report; Netatmo does not document it.
  codeLifetimeSeconds: 600,
  codeLifetimeConfirmed: false,
  // Netatmo support: every refresh returns a new refresh token and kills the old pair at once.
  rotatesRefreshToken: 'always',
  // PROVIDERS.md (client): expires_in 10800.
  accessTokenLifetimeSeconds: 3 * 3600,
  // PROVIDERS.md: no refresh-token lifetime is documented (only that each refresh kills the old pair).
  refreshTokenLife: { kind: 'none-documented', source: 'PROVIDERS.md: none documented' },
  errorShape: 'oauth',
  tokenErrors: netatmoTokenErrors,
  refreshRejectedHint:
    'Netatmo hands out a new refresh token on every refresh and kills the old pair at once: if another program (or another copy of this one) refreshes with the same pair, or a refreshed token was not saved, the saved one is dead. Give each program its own sign-in.',
  extraTokenFields: [],
  liveCheck: {
    label: 'Read the weather stations',
    url: 'https://api.netatmo.com/api/getstationsdata',
    auth: { type: 'bearer' },
    interpret: interpretStationsData,
  },
  credentialsHelp:
    'Sign in at https://dev.netatmo.com, open My apps and choose your app (or create one): it shows the client ID and the client secret.',
  defaultEnvKeys: {
    access_token: 'NETATMO_ACCESS_TOKEN',
    refresh_token: 'NETATMO_REFRESH_TOKEN',
    expires_at: 'NETATMO_TOKEN_EXPIRES_AT',
    client_id: 'NETATMO_CLIENT_ID',
    client_secret: 'NETATMO_CLIENT_SECRET',
  },
  defaultFileKeys: {
    access_token: 'access_token',
    refresh_token: 'refresh_token',
    client_id: 'client_id',
    client_secret: 'client_secret',
  },
};
