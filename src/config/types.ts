/**
 * reauth.yaml, as read (DESIGN.md). No secrets live in it: `${VAR}` reads the environment
 * and credentials may also be read from a target.
 */
import type { FlowKind, PkceKind, ClientAuth } from '../providers/types.js';
import type { TargetSpec } from '../targets/types.js';

export interface ProfileConfig {
  readonly name: string;
  readonly provider: string;
  readonly region?: string;
  readonly flow?: FlowKind;
  /** TikTok: `desktop` or `web` (decides PKCE and the redirect rules). */
  readonly app_type?: string;
  /** Raw text from the file, `${VAR}` not yet expanded. */
  readonly client_id?: string;
  readonly client_secret?: string;
  readonly scopes?: readonly string[];
  readonly redirect_uri?: string;
  readonly settings: Readonly<Record<string, string>>;
  readonly targets: readonly TargetSpec[];
  readonly after_write?: string;
}

/** A `providers:` entry: overrides of a preset, or a whole custom service. */
export interface ProviderOverride {
  readonly name?: string;
  readonly authorize_url?: string;
  readonly token_url?: string;
  readonly revoke_url?: string;
  /** RFC 8628 device authorization endpoint: offers device sign-in (`flow: device`). */
  readonly device_authorization_url?: string;
  readonly verify_url?: string;
  readonly accounts_url?: string;
  readonly api_url?: string;
  readonly scopes?: readonly string[];
  readonly scope_separator?: ' ' | ',';
  readonly pkce?: PkceKind;
  readonly client_auth?: ClientAuth;
  readonly code_lifetime_s?: number;
  readonly authorize_params?: Readonly<Record<string, string>>;
  readonly redirect_uri?: string;
}

export interface ReauthConfig {
  /** Absolute path of the file this came from (may not exist yet). */
  readonly path: string;
  /** Folder relative target paths are resolved against. */
  readonly baseDir: string;
  readonly exists: boolean;
  readonly profiles: Readonly<Record<string, ProfileConfig>>;
  readonly providers: Readonly<Record<string, ProviderOverride>>;
  /** The file as named to the person in messages (`reauth.yaml`, or the path given to -c). */
  readonly displayPath?: string;
  /** Plain-language notes about the file (ignored fields, a secret written out in full), each naming its line. */
  readonly warnings?: readonly string[];
  /** Dotted field (`profiles.weather.client_secret`) → 1-based line, so later errors can point at the file. */
  readonly lines?: Readonly<Record<string, number>>;
}
