/**
 * A service that is not built in, described under `providers:` in reauth.yaml. Everything not
 * given falls back to plain RFC 6749 behaviour (client id and secret in the form body,
 * space-separated scopes, RFC 7636 PKCE), which is what most OAuth 2.0 servers expect.
 */
import { UserError } from '../errors.js';
import type { ProviderOverride } from '../config/types.js';
import type { ErrorExplanation, LiveCheck, LiveCheckResult, ProviderPreset } from './types.js';

const STANDARD_ERRORS: Readonly<Record<string, ErrorExplanation>> = {
  invalid_grant: {
    kind: 'code',
    message: 'The service did not accept the code: it was already used, it expired, or the redirect URI differs from the one used to sign in.',
    next: 'Open a fresh sign-in link and paste the new code straight away.',
  },
  'refresh:invalid_grant': {
    kind: 'sign-in-again',
    message: 'The service no longer accepts the stored refresh token: it expired or was revoked.',
    next: 'Run `reauth setup PROFILE` to sign in again.',
  },
  invalid_client: {
    kind: 'config',
    message: 'The service did not accept the client id or client secret.',
    next: 'Copy both again from where the app is registered; client_auth under providers: says how they are sent (body, basic, basic_raw, or none for a public client): try the one the service documents.',
  },
  unauthorized_client: {
    kind: 'config',
    message: 'The service does not allow this app to use this kind of sign-in.',
    next: 'Enable the authorization code grant (and refresh tokens) for the app where it is registered.',
  },
  invalid_scope: {
    kind: 'config',
    message: 'The service refused one of the requested scopes.',
    next: 'Check the scopes the app may ask for, and the scopes: list in reauth.yaml.',
  },
  invalid_request: {
    kind: 'config',
    message: 'The service says the request was malformed — often a redirect URI that differs from the registered one, or PKCE it does not expect.',
    next: 'Check the redirect URI matches the registered one exactly; try pkce: none under providers: if the service does not support PKCE.',
  },
  unsupported_grant_type: {
    kind: 'config',
    message: 'The service refused the grant type for this app.',
    next: 'Enable the authorization code grant for the app where it is registered.',
  },
  access_denied: {
    kind: 'code',
    message: 'The sign-in was cancelled or not approved.',
    next: 'Open the link again and approve the access.',
  },
  server_error: { kind: 'unavailable', message: 'The service had an internal error.', next: 'Try again in a few minutes.' },
  temporarily_unavailable: { kind: 'unavailable', message: 'The service is temporarily unavailable.', next: 'Try again in a few minutes.' },
};

export function buildCustomProvider(id: string, override: ProviderOverride, file = 'reauth.yaml'): ProviderPreset {
  const { authorize_url: authorizeUrl, token_url: tokenUrl } = override;
  if (!authorizeUrl || !tokenUrl) {
    const missing = [!authorizeUrl && 'authorize_url', !tokenUrl && 'token_url'].filter(Boolean).join(' and ');
    throw new UserError(
      `providers.${id} in ${file} needs ${missing} to be used as a custom OAuth 2.0 service.`,
      `Add ${missing} under providers.${id}, or the service's issuer: to read them from its discovery document.`,
    );
  }
  const name = override.name ?? id;
  const envPrefix = id.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  const scopes = override.scopes ?? [];
  return {
    id,
    name,
    summary: `Custom OAuth 2.0 service defined in ${file}.`,
    // Device sign-in is offered when the service has the endpoint (RFC 8628).
    flows: override.device_authorization_url ? ['authorization_code', 'device'] : ['authorization_code'],
    authorizeUrl,
    tokenUrl,
    ...(override.revoke_url ? { revokeUrl: override.revoke_url } : {}),
    ...(override.issuer ? { issuer: override.issuer } : {}),
    ...(override.device_authorization_url ? { deviceAuthorizationUrl: override.device_authorization_url } : {}),
    ...(override.authorize_params ? { authorizeParams: override.authorize_params } : {}),
    clientIdParam: 'client_id',
    clientSecretParam: 'client_secret',
    clientAuth: override.client_auth ?? 'body',
    scopeSeparator: override.scope_separator ?? ' ',
    defaultScopes: scopes,
    knownScopes: scopes,
    pkce: override.pkce ?? 'S256',
    redirectRule: 'any',
    ...(override.redirect_uri ? { defaultRedirectUri: override.redirect_uri } : {}),
    redirectHelp: `Use a redirect URI registered for your app at ${name}, exactly as registered. An http://127.0.0.1:PORT/… address lets reauth catch the code by itself; otherwise copy the whole address from the browser's address bar.`,
    codeLifetimeSeconds: override.code_lifetime_s ?? 600,
    codeLifetimeConfirmed: override.code_lifetime_s !== undefined,
    // Unknown for a custom service: always store whatever refresh token comes back.
    rotatesRefreshToken: 'sometimes',
    errorShape: 'oauth',
    tokenErrors: STANDARD_ERRORS,
    refreshRejectedHint:
      'Common causes: it reached the end of its lifetime, access was revoked for the app, or a refresh handed out a new refresh token that was not stored (another program using the same sign-in can do that).',
    extraTokenFields: [],
    ...(override.verify_url ? { liveCheck: genericLiveCheck(override.verify_url) } : {}),
    credentialsHelp: `Copy the client id and client secret from where your app is registered at ${name}.`,
    defaultEnvKeys: {
      access_token: `${envPrefix}_ACCESS_TOKEN`,
      refresh_token: `${envPrefix}_REFRESH_TOKEN`,
      expires_at: `${envPrefix}_TOKEN_EXPIRES_AT`,
      client_id: `${envPrefix}_CLIENT_ID`,
      client_secret: `${envPrefix}_CLIENT_SECRET`,
    },
    defaultFileKeys: {
      access_token: 'access_token',
      refresh_token: 'refresh_token',
      expires_at: 'expires_at',
      client_id: 'client_id',
      client_secret: 'client_secret',
    },
  };
}

/** A live check for a service reauth knows nothing about: the token works if the URL answers 2xx JSON. */
export function genericLiveCheck(url: string): LiveCheck {
  return { label: `Call ${url}`, url, auth: { type: 'bearer' }, interpret: interpretGeneric };
}

function interpretGeneric(status: number, body: unknown): LiveCheckResult {
  const isJson = typeof body === 'object' && body !== null;
  if (status >= 200 && status < 300) {
    if (isJson) return { ok: true, summary: `the check address answered HTTP ${status}` };
    return {
      ok: false,
      problem: {
        kind: 'unavailable',
        message: `The check address answered HTTP ${status} but not with JSON (a login page or a proxy in the way?).`,
        next: 'Open verify_url in a browser to see what it returns, or correct it under providers: in reauth.yaml.',
      },
    };
  }
  if (status === 401) {
    return {
      ok: false,
      problem: { kind: 'sign-in-again', message: 'The check address did not accept the access token (HTTP 401).', next: 'Run `reauth refresh PROFILE`; if that fails too, `reauth setup PROFILE`.' },
    };
  }
  if (status === 429 || status >= 500) {
    return { ok: false, problem: { kind: 'unavailable', message: `The check address is unavailable (HTTP ${status}).`, next: 'Try again in a few minutes.' } };
  }
  return {
    ok: false,
    problem: {
      kind: 'config',
      message: `The check address refused the request (HTTP ${status}).`,
      next: status === 403 ? 'The token may lack a scope the address needs: check scopes: in reauth.yaml.' : 'Check verify_url under providers: in reauth.yaml.',
    },
  };
}
