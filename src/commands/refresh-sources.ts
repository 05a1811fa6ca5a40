/**
 * Shared by `refresh` and `status`: which profiles to work on, the profile's service and
 * targets, and what the targets hold now. DESIGN.md: "Refresh reads the current refresh token
 * (and client credentials named in `keys`) from the first target that has them."
 */
import { expandProfileEnv } from '../config/expand-env.js';
import type { ProfileConfig, ReauthConfig } from '../config/types.js';
import type { Deps } from '../deps.js';
import { ExitCode, UserError } from '../errors.js';
import { resolveProvider } from '../providers/resolve-provider.js';
import type { ResolvedProvider } from '../providers/types.js';
import { shellQuote } from '../shell-quote.js';
import { createTarget } from '../targets/create-target.js';
import type { Target } from '../targets/types.js';
import { TOKEN_FIELDS, type FieldValues, type TokenField } from '../tokens/token-set.js';

export interface PreparedProfile {
  readonly name: string;
  /** With `${VAR}` expanded in client_id/client_secret when `expandEnv` was asked for. */
  readonly profile: ProfileConfig;
  readonly provider: ResolvedProvider;
  readonly targets: readonly Target[];
}

export interface TargetReading {
  readonly target: Target;
  readonly values: FieldValues;
  readonly exists: boolean;
  readonly warnings: readonly string[];
}

export interface StoredTokens {
  /** Each field from the first target (in reauth.yaml order) that holds it. */
  readonly values: FieldValues;
  /** Where each value came from (a target label). */
  readonly from: Partial<Record<TokenField, string>>;
  readonly warnings: readonly string[];
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

export function prepareProfile(config: ReauthConfig, name: string, deps: Deps, options: { expandEnv: boolean }): PreparedProfile {
  const saved = config.profiles[name]!;
  const profile = options.expandEnv ? expandProfileEnv(config, saved, deps.env) : saved;
  const provider = resolveProvider(config, profile);
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

/** Reads every target; the first one that cannot be read or parsed stops it (file untouched). */
export async function readTargets(targets: readonly Target[]): Promise<TargetReading[]> {
  const readings: TargetReading[] = [];
  for (const target of targets) {
    const result = await target.read();
    readings.push({ target, values: result.values, exists: result.exists, warnings: result.warnings });
  }
  return readings;
}

export function storedTokens(readings: readonly TargetReading[]): StoredTokens {
  const values: FieldValues = {};
  const from: Partial<Record<TokenField, string>> = {};
  const warnings: string[] = [];
  for (const reading of readings) {
    for (const field of TOKEN_FIELDS) {
      const value = reading.values[field];
      if (!value) continue;
      if (values[field] === undefined) {
        values[field] = value;
        from[field] = reading.target.label;
      } else if (values[field] !== value && (field === 'refresh_token' || field === 'client_id' || field === 'client_secret')) {
        warnings.push(`${from[field]} and ${reading.target.label} hold different values for ${field}; reauth used the one in ${from[field]} and writes the same to both.`);
      }
    }
  }
  return { values, from, warnings: [...new Set(warnings)] };
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
