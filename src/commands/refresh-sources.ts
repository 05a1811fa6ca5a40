/**
 * Shared by `refresh` and `status`: which profiles to work on, and the profile's service and
 * targets (what they hold is read by src/delivery/stored-values.ts).
 */
import { expandProfileEnv } from '../config/expand-env.js';
import type { ProfileConfig, ReauthConfig } from '../config/types.js';
import type { Deps } from '../deps.js';
import { ExitCode, UserError } from '../errors.js';
import { resolveProviderDiscovering, resolveProviderOffline } from '../providers/resolve-discovered.js';
import type { ResolvedProvider } from '../providers/types.js';
import { shellQuote } from '../shell-quote.js';
import { createTarget } from '../targets/create-target.js';
import { targetFilePath, type FileLocation } from '../targets/file-target.js';
import type { Target, TargetSpec } from '../targets/types.js';
import type { StoredTokens } from '../delivery/stored-values.js';

export interface PreparedProfile {
  readonly name: string;
  /** With `${VAR}` expanded in client_id/client_secret when `expandEnv` was asked for. */
  readonly profile: ProfileConfig;
  readonly provider: ResolvedProvider;
  readonly targets: readonly Target[];
}

/** The profiles named on the command line (all of them if none), checked before any work. */
export function selectProfiles(config: ReauthConfig, names: readonly string[], command: string): string[] {
  const file = config.displayPath ?? config.path;
  const known = Object.keys(config.profiles);
  if (!config.exists) {
    throw new UserError(`There is no ${file} here, so reauth has no profiles to ${command}.`, 'Run `reauth setup` to create one, or point -c at your reauth.yaml.', ExitCode.usage);
  }
  if (known.length === 0) {
    throw new UserError(`${file} has no profiles to ${command}.`, 'Run `reauth setup` to connect a service and save it as a profile.', ExitCode.usage);
  }
  const unknown = names.filter((name) => !Object.hasOwn(config.profiles, name));
  if (unknown.length > 0) {
    throw new UserError(
      `${file} has no profile called ${unknown.map((n) => `"${n}"`).join(', ')}.`,
      `Saved profiles: ${known.join(', ')}.`,
      ExitCode.usage,
    );
  }
  return names.length > 0 ? [...new Set(names)] : known;
}

/**
 * Async because a service given by its `issuer:` alone is discovered here (resolve-discovered.ts).
 * `offline`: the provider is needed for key names only (`reauth run` before a refresh is due),
 * so nothing is fetched.
 */
export async function prepareProfile(config: ReauthConfig, name: string, deps: Deps, options: { expandEnv: boolean; offline?: boolean }): Promise<PreparedProfile> {
  const saved = config.profiles[name]!;
  const profile = options.expandEnv ? expandProfileEnv(config, saved, deps.env) : saved;
  const provider = options.offline ? resolveProviderOffline(config, profile) : await resolveProviderDiscovering(config, profile, deps);
  if (profile.targets.length === 0) {
    throw new UserError(
      `Profile "${name}" in ${config.displayPath ?? config.path} has no targets, so there is nowhere to read or write its tokens.`,
      `Run \`reauth setup ${shellQuote(name)}\` to choose where the tokens go.`,
      ExitCode.usage,
    );
  }
  const targets = profile.targets.map((spec) => createTarget(spec, { baseDir: config.baseDir, deps }));
  return { name, profile, provider, targets };
}

/** The absolute paths of file targets (`${VAR}` expanded), for locking them (profile-lock.ts). */
export function fileTargetPaths(specs: readonly TargetSpec[], where: FileLocation): string[] {
  return specs.flatMap((spec) => (spec.type !== 'heroku' && spec.file ? [targetFilePath(spec, where)] : []));
}

/** reauth.yaml's own client_id/client_secret (after `${VAR}`) win; otherwise the first target's. */
export function clientCredentials(profile: ProfileConfig, stored: StoredTokens): { clientId?: string; clientSecret?: string } {
  const clientId = profile.client_id ?? stored.values.client_id;
  const clientSecret = profile.client_secret ?? stored.values.client_secret;
  return { ...(clientId ? { clientId } : {}), ...(clientSecret ? { clientSecret } : {}) };
}

/** Presets say `reauth setup PROFILE`; messages name the real profile. */
export function forProfile(text: string, name: string): string {
  return text.replace(/\bPROFILE\b/g, shellQuote(name));
}
