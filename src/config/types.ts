/**
 * reauth.yaml, as read (DESIGN.md). No secrets live in it: `${VAR}` reads the environment
 * and credentials may also be read from a target.
 */
import type { FlowKind, PkceKind, ClientAuth } from '../providers/types.js';
import type { TargetSpec } from '../targets/types.js';
import type { AFTER_WRITE_ON } from './known-keys.js';

export type AfterWriteOn = (typeof AFTER_WRITE_ON)[number];

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
  /**
   * When after_write runs: `setup` (a person signing in), `refresh` (cron), or `both`. Absent
   * means `both`, what every profile did before the question was asked.
   */
  readonly after_write_on?: AfterWriteOn;
  /** Where alerts go for this profile; merged field by field over the top-level `notify:`. */
  readonly notify?: NotifyConfig;
}

/**
 * `notify:` as written (`${VAR}` not yet expanded). An empty value (`webhook: ''` or
 * `webhook:`) is kept as '' and switches the top-level one off for that profile.
 */
export interface NotifyConfig {
  /** Run by the shell with the JSON summary on stdin. */
  readonly command?: string;
  /** POSTed the summary (Slack, Discord, ntfy, or any JSON receiver). */
  readonly webhook?: string;
  /** `json` (Slack/Discord/generic) or `text` (ntfy); absent: text for ntfy hosts, else json. */
  readonly webhook_format?: 'json' | 'text';
  /** Fetched after every successful refresh (healthchecks-style dead-man's switch). */
  readonly ping_url?: string;
}

/** A `providers:` entry: overrides of a preset, or a whole custom service. */
export interface ProviderOverride {
  readonly name?: string;
  readonly authorize_url?: string;
  readonly token_url?: string;
  readonly revoke_url?: string;
  /** The authorization server's issuer identifier: an `iss` in the sign-in answer must match it (RFC 9207). */
  readonly issuer?: string;
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
  /** The top-level `notify:`: every profile's alerts, and a ping after a run where all refreshed. */
  readonly notify?: NotifyConfig;
  /** The file as named to the person in messages (`reauth.yaml`, or the path given to -c). */
  readonly displayPath?: string;
  /** Plain-language notes about the file (ignored fields, a secret written out in full), each naming its line. */
  readonly warnings?: readonly string[];
  /** Dotted field (`profiles.weather.client_secret`) → 1-based line, so later errors can point at the file. */
  readonly lines?: Readonly<Record<string, number>>;
}
