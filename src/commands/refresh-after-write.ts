/**
 * A profile's `after_write` (e.g. `sudo systemctl restart weather-dashboard`), run once every
 * target holds the new tokens, so the program that reads them picks them up.
 */
import type { Deps } from '../deps.js';
import { runShellCommand } from '../system/run-shell-command.js';

export interface AfterWriteOutcome {
  readonly afterWrite: { readonly ok: boolean; readonly summary: string };
  /** Set when it failed: the tokens are written, but a person should look. */
  readonly failure?: { readonly message: string; readonly next: string };
}

/** Runs in reauth.yaml's folder; `undefined` when the profile has none. */
export async function runAfterWrite(
  profileName: string,
  command: string | undefined,
  deps: Deps,
  baseDir: string,
  redact: (text: string) => string,
): Promise<AfterWriteOutcome | undefined> {
  const trimmed = command?.trim();
  if (!trimmed) return undefined;
  const outcome = await runShellCommand(trimmed, deps, baseDir);
  const afterWrite = { ok: outcome.ok, summary: redact(outcome.summary) };
  if (outcome.ok) return { afterWrite };
  return {
    afterWrite,
    failure: {
      message: `The tokens were refreshed and written, but the after_write command failed: ${afterWrite.summary}.`,
      next: `Fix after_write for "${profileName}" in reauth.yaml (or the service it restarts); the next refresh runs it again.`,
    },
  };
}
