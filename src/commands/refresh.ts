/**
 * `reauth refresh [PROFILE...]`: new tokens without a person, for cron (DESIGN.md "Command
 * line"). Profiles run one after another; each ends with its own exit code and the most
 * urgent one is the command's (see refresh-output.ts). Never prompts, works without a TTY.
 */
import { resolve } from 'node:path';
import { loadConfig } from '../config/load-config.js';
import type { Deps } from '../deps.js';
import { combinedExitCode, configWarnings, refreshJson, refreshText, type CommandOutput } from './refresh-output.js';
import { refreshProfile, type ProfileRefreshResult } from './refresh-profile.js';
import { selectProfiles } from './refresh-sources.js';
import { notifyAfterRefresh, pingAfterRun } from '../notify/notify-after-refresh.js';

export interface RefreshOptions {
  /** `-c`, as typed (relative to cwd). */
  readonly configPath: string;
  readonly profiles: readonly string[];
  readonly json: boolean;
  readonly cwd: string;
  readonly debug?: boolean;
  /** How long to wait for another run of the same profile (default 60 s). */
  readonly lockTimeoutMs?: number;
  /** How long each notifier (command, webhook, ping) may take (default 10 s). */
  readonly notifyTimeoutMs?: number;
}

export async function refreshCommand(options: RefreshOptions, deps: Deps): Promise<CommandOutput> {
  const startedAt = deps.now();
  const config = await loadConfig(resolve(options.cwd, options.configPath), { displayPath: options.configPath });
  const names = selectProfiles(config, options.profiles, 'refresh');
  const results: ProfileRefreshResult[] = [];
  // Alerts (issue 12): their failures are warnings only, never part of the exit code.
  const notifyOptions = options.notifyTimeoutMs !== undefined ? { timeoutMs: options.notifyTimeoutMs } : {};
  const notifyWarnings: string[] = [];
  for (const name of names) {
    // A stop signal ends the run after the profile it came during (that one finished safely).
    if (deps.signals?.received()) break;
    const result = await refreshProfile(config, name, deps, {
      startedAt,
      ...(options.lockTimeoutMs !== undefined ? { lockTimeoutMs: options.lockTimeoutMs } : {}),
      ...(options.debug ? { debug: true } : {}),
    });
    results.push(result);
    notifyWarnings.push(...(await notifyAfterRefresh(config, result, deps, notifyOptions)));
  }
  notifyWarnings.push(...(await pingAfterRun(config, results, deps, notifyOptions)));
  const notes = configWarnings(notifyWarnings);
  const exitCode = combinedExitCode(results.map((r) => r.exitCode));
  if (options.json) return { exitCode, stdout: refreshJson(results), stderr: notes };
  const text = refreshText(results, deps.now());
  return { exitCode, stdout: text.stdout, stderr: configWarnings(config.warnings) + text.stderr + notes };
}
