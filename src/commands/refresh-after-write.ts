/**
 * A profile's `after_write` (e.g. `sudo systemctl restart weather-dashboard`), run once every
 * target holds the new tokens, so the program that reads them picks them up.
 */
import type { ReauthConfig } from '../config/types.js';
import type { Deps } from '../deps.js';
import { ExitCode } from '../errors.js';
import { runShellCommand } from '../system/run-shell-command.js';
import type { ProfileRefreshResult } from './refresh-profile.js';
import type { PreparedProfile } from './refresh-sources.js';

/** `after_write` (e.g. restarting the program that reads the tokens) runs in reauth.yaml's folder. */
export async function runAfterWrite(
  prepared: PreparedProfile,
  result: ProfileRefreshResult,
  config: ReauthConfig,
  deps: Deps,
  redact: (text: string) => string,
): Promise<ProfileRefreshResult> {
  const command = prepared.profile.after_write?.trim();
  if (!command) return result;
  const outcome = await runShellCommand(command, deps, config.baseDir);
  const afterWrite = { ok: outcome.ok, summary: redact(outcome.summary) };
  if (outcome.ok) return { ...result, afterWrite };
  return {
    ...result,
    afterWrite,
    // The tokens are written; the program that reads them may not have noticed: a person should look.
    exitCode: ExitCode.usage,
    error: {
      message: `The tokens were refreshed and written, but the after_write command failed: ${afterWrite.summary}.`,
      next: `Fix after_write for "${prepared.name}" in reauth.yaml (or the service it restarts); the next refresh runs it again.`,
    },
  };
}
