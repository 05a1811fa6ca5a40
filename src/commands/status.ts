/**
 * `reauth status [PROFILE...]`: what is about to break, without spending a token (DESIGN.md).
 * Exit codes, for alerting scripts (README "Keep tokens fresh"): 0 every profile works or only
 * needs the refresh cron does anyway · 3 a person must sign in again · 5 rescued tokens wait
 * to be written · 2 a configuration or target problem · 4 the service could not be reached.
 * Several profiles: the most urgent code wins (refresh-output.ts).
 */
import { resolve } from 'node:path';
import { loadConfig } from '../config/load-config.js';
import type { Deps } from '../deps.js';
import { combinedExitCode, configWarnings, type CommandOutput } from './refresh-output.js';
import { selectProfiles } from './refresh-sources.js';
import { statusJson, statusText } from './status-output.js';
import { profileStatus, unsavedConnections, type ProfileStatus } from './status-profile.js';

export interface StatusOptions {
  readonly configPath: string;
  readonly profiles: readonly string[];
  readonly json: boolean;
  readonly cwd: string;
}

export async function statusCommand(options: StatusOptions, deps: Deps): Promise<CommandOutput> {
  const config = await loadConfig(resolve(options.cwd, options.configPath), { displayPath: options.configPath });
  const unsaved = options.profiles.length === 0 ? await unsavedConnections(config, deps) : [];
  // Kept tokens of a connection never saved are worth showing even where no profile exists yet.
  const names = unsaved.length > 0 && Object.keys(config.profiles).length === 0 ? [] : selectProfiles(config, options.profiles, 'check');
  const results: ProfileStatus[] = [];
  for (const name of names) results.push(await profileStatus(config, name, deps));
  results.push(...unsaved);
  const exitCode = combinedExitCode(results.map((r) => r.exitCode));
  if (options.json) return { exitCode, stdout: statusJson(results), stderr: '' };
  return { exitCode, stdout: statusText(results, deps.now()), stderr: configWarnings(config.warnings) };
}
