/**
 * A provider preset is data: everything that makes one service different from another.
 * src/oauth/ reads these fields; no other module asks "which provider is this?".
 * URL fields are templates: `{name}` is filled from the region's vars, then from the
 * profile's `settings` (e.g. `{screen_name}`), then from these built-ins:
 * `{accounts_url}` (Zoho), `{now_ms}`.
 */
import type { TokenField } from '../tokens/token-set.js';

/** `device`: RFC 8628 device sign-in (a code typed on another device; no redirect, no paste). */
export type FlowKind = 'authorization_code' | 'self_client' | 'password' | 'device';

/**
 * `S256`: RFC 7636 (base64url SHA-256). `S256-hex`: TikTok's variant, the lowercase hex
 * SHA-256 of the verifier, still sent as `code_challenge_method=S256`.
 */
export type PkceKind = 'none' | 'S256' | 'S256-hex';

/**
 * `body`: client id/secret as form fields. `basic`: HTTP Basic header, id and secret
 * form-encoded first (RFC 6749 §2.3.1). `basic_raw`: the same header without that encoding,
 * as many servers expect. `none`: a public client (RFC 8252): client id in the body, no
 * secret at all; PKCE S256 is then required.
 */
export type ClientAuth = 'body' | 'basic' | 'basic_raw' | 'none';

/** How the service says a token request failed. */
export type ErrorShape =
  /** RFC 6749 `{"error": "...", "error_description": "..."}` (any HTTP status; Zoho and TikTok use 200 too). */
  | 'oauth'
  /** TTLock: HTTP 200 `{"errcode": N, "errmsg": "...", "description": "..."}`; absent or 0 is success. */
  | 'errcode';

/** What kind of trouble an error is: decides the exit code and the way forward. */
export type ErrorKind =
  /** The refresh token or grant is dead: a person must sign in again (exit 3). */
  | 'sign-in-again'
  /** The code was used, expired, or the paste was wrong: try the browser step again. */
  | 'code'
  /** Client id/secret, redirect URI, region, scopes: fix the app settings (exit 2). */
  | 'config'
  /** Account name or password (TTLock). */
  | 'credentials'
  /** Service down, throttled, network (exit 4). */
  | 'unavailable';

export interface ErrorExplanation {
  readonly kind: ErrorKind;
  /** One plain sentence: what happened. */
  readonly message: string;
  /** What to do next. */
  readonly next?: string;
}

export interface RegionChoice {
  readonly label: string;
  /** Values for URL templates, e.g. `{ accounts_url: 'https://accounts.zoho.in', api_url: 'https://salesiq.zoho.in' }`. */
  readonly vars: Readonly<Record<string, string>>;
}

export interface AppKind {
  readonly id: string;
  readonly label: string;
  readonly pkce: PkceKind;
  /** Which redirect URIs the service accepts for this kind of app. */
  readonly redirectRule: RedirectRule;
}

export type RedirectRule =
  /** Any absolute URI; exact match with the portal. */
  | 'any'
  /** `https://` only (TikTok Web apps). */
  | 'https'
  /** `http(s)://localhost:PORT` or `127.0.0.1:PORT`, no query (TikTok Desktop apps). */
  | 'loopback';

/** The request that proves a token works, and how to read its answer. */
export interface LiveCheck {
  readonly label: string;
  readonly url: string;
  /** How the access token travels. */
  readonly auth:
    | { readonly type: 'bearer' }
    | { readonly type: 'header'; readonly name: string; readonly prefix: string }
    | { readonly type: 'query'; readonly param: string };
  /** Extra query parameters (templates; `{client_id}` and `{now_ms}` are available). */
  readonly query?: Readonly<Record<string, string>>;
  /** Extra headers (templates), e.g. Zoho Desk's `orgId`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Settings the check needs (e.g. SalesIQ's `screen_name`); asked for in the wizard. */
  readonly requiredSettings?: readonly { readonly key: string; readonly label: string; readonly help: string }[];
  /** Reads the answer; must not trust the HTTP status alone (Zoho and TTLock answer errors with 200). */
  readonly interpret: (status: number, body: unknown) => LiveCheckResult;
}

export type LiveCheckResult =
  | { readonly ok: true; readonly summary: string }
  | { readonly ok: false; readonly problem: ErrorExplanation };

/**
 * What is known about how long a refresh token lives, with where that comes from
 * (PROVIDERS.md) and whether it is confirmed. `status` and `refresh` warn 14, 3 and 1 day(s)
 * before a known hard expiry (src/tokens/refresh-expiry.ts).
 */
export type RefreshTokenLife =
  /** Dies `days` after the first sign-in, however often it is refreshed (TikTok: 365 days). */
  | { readonly kind: 'fixed-from-first-issue'; readonly days: number; readonly source: string; readonly sure: boolean; readonly note?: string }
  /** No time limit, but at most `count` live refresh tokens per user and client (Zoho: 20). */
  | { readonly kind: 'cap'; readonly count: number; readonly source: string; readonly sure: boolean; readonly note?: string }
  /** The service documents no lifetime (Netatmo): only a date the service sends is used. */
  | { readonly kind: 'none-documented'; readonly source: string };

/** A device flow that is RFC 8628 in spirit but not in its names (Zoho's `oauth/v3/device`). */
export interface DeviceDialect {
  /** Sent with the device code request as well (Zoho: `grant_type=device_request`, `access_type=offline`). */
  readonly codeParams?: Readonly<Record<string, string>>;
  /** Where the polls go, when not the token URL (a template, like the other URLs). */
  readonly pollUrl?: string;
  /** The polls' `grant_type` (RFC 8628: `urn:ietf:params:oauth:grant-type:device_code`). */
  readonly pollGrantType?: string;
  /** The name the device code goes under in a poll (RFC 8628: `device_code`). */
  readonly pollCodeParam?: string;
  /** The service's own floor between polls, in seconds (Zoho: one poll per 30 s). */
  readonly minIntervalSeconds?: number;
  /** Error codes meaning the code ran out, besides RFC 8628's `expired_token` (Zoho: `expired`). */
  readonly expiredCodes?: readonly string[];
  /** `interval` and `expires_in` may come in milliseconds (one of Zoho's pages says so): too large for seconds → ms. */
  readonly timesMayBeMs?: boolean;
}

export interface ProviderPreset {
  readonly id: string;
  readonly name: string;
  /** One line for `reauth providers`. */
  readonly summary: string;
  /** Flows the service supports; the first is the default. */
  readonly flows: readonly FlowKind[];
  /** Data centres; absent when the service has one. */
  readonly regions?: { readonly default: string; readonly choices: Readonly<Record<string, RegionChoice>>; readonly help: string };

  readonly authorizeUrl?: string;
  readonly tokenUrl: string;
  readonly revokeUrl?: string;
  /** Issuer identifier (RFC 8414): an `iss` the sign-in answer carries must be exactly this (RFC 9207). */
  readonly issuer?: string;
  /**
   * The service's discovery document says every sign-in answer carries `iss` (RFC 9207
   * `authorization_response_iss_parameter_supported`): an answer without it is refused too.
   */
  readonly issuerRequired?: boolean;
  /** RFC 8628 device authorization endpoint; the `device` flow needs it. */
  readonly deviceAuthorizationUrl?: string;
  /** How this service's device flow differs from RFC 8628 (Zoho's own parameter names). */
  readonly deviceDialect?: DeviceDialect;
  /**
   * Set when the device flow is documented but not confirmed against the real service: shown
   * beside the option, and device sign-in is then not moved first on SSH by itself.
   */
  readonly deviceFlowNote?: string;
  /** Fixed extra authorize parameters (`response_type=code` is always sent). */
  readonly authorizeParams?: Readonly<Record<string, string>>;
  /** Name of the client id parameter: `client_id`, TikTok's `client_key`, TTLock's `clientId`. */
  readonly clientIdParam: string;
  /** What the developer portal calls the client ID, when it calls it something else (TikTok: "client key"). */
  readonly clientIdName?: string;
  readonly clientSecretParam: string;
  readonly clientAuth: ClientAuth;
  readonly scopeSeparator: ' ' | ',';
  /** Netatmo wants `scope` on the code exchange too. */
  readonly scopeInCodeExchange?: boolean;
  readonly defaultScopes: readonly string[];
  readonly knownScopes: readonly string[];
  readonly pkce: PkceKind;
  /** When the service has app kinds with different rules (TikTok Desktop vs Web), the wizard asks. */
  readonly appKinds?: readonly AppKind[];
  readonly redirectRule: RedirectRule;
  readonly defaultRedirectUri?: string;
  /** Shown when the user enters or confirms the redirect URI. */
  readonly redirectHelp: string;
  /**
   * Zoho: the callback names the accounts server to exchange at. Used only when the host is
   * one of `trustedHosts` — never send a client secret to a host taken from pasted text.
   */
  readonly callbackServer?: { readonly param: string; readonly trustedHosts: readonly string[] };
  /** TTLock: the password grant's fields. */
  readonly passwordGrant?: {
    readonly usernameParam: string;
    readonly passwordParam: string;
    /** TTLock wants the lowercase hex MD5 of the password. */
    readonly passwordHash: 'md5-hex' | 'none';
    /** Sent as `grant_type` if set; current TTLock docs send none. */
    readonly grantType?: string;
    readonly usernameHelp: string;
  };
  /** Seconds a code stays usable (unconfirmed for most services: 600 unless known). */
  readonly codeLifetimeSeconds: number;
  readonly codeLifetimeConfirmed: boolean;
  /** Does every refresh hand out a new refresh token that kills the old one? (Netatmo: yes) */
  readonly rotatesRefreshToken: 'always' | 'sometimes' | 'never';
  readonly errorShape: ErrorShape;
  /**
   * Token-endpoint error code → explanation; unknown codes fall back to a generic sentence.
   * A key may be prefixed with the request it applies to — `code:`, `refresh:`, `password:`,
   * `revoke:` — and then wins over the plain key for that request: Netatmo's `invalid_grant`
   * means a used code at the exchange but a dead refresh token (`refresh:invalid_grant`).
   */
  readonly tokenErrors: Readonly<Record<string, ErrorExplanation>>;
  /**
   * Why a refresh token is most likely rejected on this service: the causes only. It is added to
   * the explanation, whose `next` already says what to run (saying it here too repeated it).
   */
  readonly refreshRejectedHint: string;
  /** Response fields kept as extras (`uid`, `open_id`, `api_domain`). */
  readonly extraTokenFields: readonly string[];
  readonly liveCheck?: LiveCheck;
  /** Where to find the client id and secret: shown beside those questions. */
  readonly credentialsHelp: string;
  /** Default key names per token field, for a new dotenv/envpy/heroku target. */
  readonly defaultEnvKeys: Partial<Record<TokenField, string>>;
  /** Key names in YAML/JSON files. */
  readonly defaultFileKeys: Partial<Record<TokenField, string>>;
  /**
   * Zoho keeps 20 refresh tokens per user per client; the 21st silently deletes the oldest.
   * Shown before minting a new one, with an offer to revoke the one being replaced.
   */
  readonly refreshTokenCap?: { readonly count: number; readonly warning: string };
  /** How long a refresh token lives; absent (custom services): only a date the service sends is used. */
  readonly refreshTokenLife?: RefreshTokenLife;
  /** The access token's documented lifetime (PROVIDERS.md): how often `reauth schedule` refreshes. */
  readonly accessTokenLifetimeSeconds?: number;
  /** A plain note shown at the start (TTLock: "no web sign-in"). */
  readonly intro?: string;
  /**
   * Zoho: how to make a Self Client code (where to click, which scopes to type, the duration
   * choice). Shown beside the paste box when the flow is `self_client`.
   */
  readonly selfClientHelp?: string;
}

/**
 * A preset after `providers:` overrides, the chosen region and app kind are applied.
 * `vars` fills URL templates: region vars (e.g. `accounts_url`, `api_tld`) and the profile's
 * `settings`. `assumptions` are plain sentences about unconfirmed facts, shown in the UI.
 */
export interface ResolvedProvider extends ProviderPreset {
  readonly vars: Readonly<Record<string, string>>;
  readonly assumptions: readonly string[];
  /** The region key in use, when the service has regions. */
  readonly region?: string;
}
