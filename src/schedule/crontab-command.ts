/** Reads and writes one user's crontab through the real `crontab` program (stdin, never a temp file). */
import type { Deps } from '../deps.js';
import { UserError, ExitCode } from '../errors.js';
import { safeText } from '../system/terminal-text.js';

/** `-u USER` only when asked (REAUTH_CRONTAB_USER): tests use a throwaway user, never the developer's crontab. */
function userArgs(user: string | undefined): string[] {
  return user ? ['-u', user] : [];
}

export async function readCrontab(deps: Pick<Deps, 'runCommand'>, user?: string): Promise<string> {
  const result = await deps.runCommand('crontab', [...userArgs(user), '-l'], { timeoutMs: 15_000 });
  if (result.spawnError) {
    throw new UserError('The `crontab` program is not installed here.', 'Install cron (Debian/Ubuntu: `sudo apt-get install cron`), or use `reauth schedule --systemd` or `--print`.', ExitCode.usage);
  }
  // "no crontab for USER" is an empty crontab, not an error.
  if (result.code !== 0 && /no crontab/i.test(result.stderr)) return '';
  if (result.code !== 0) throw new UserError(`\`crontab -l\` failed: ${safeText(result.stderr.trim())}`, 'Check that cron is set up for this user, or use `reauth schedule --print`.', ExitCode.usage);
  return result.stdout;
}

export async function writeCrontab(deps: Pick<Deps, 'runCommand'>, text: string, user?: string): Promise<void> {
  const result = await deps.runCommand('crontab', [...userArgs(user), '-'], { input: text, timeoutMs: 15_000 });
  if (result.code !== 0) throw new UserError(`\`crontab -\` refused the new crontab: ${safeText(result.stderr.trim())}`, 'Nothing was changed. Run `reauth schedule --print` and add the lines with `crontab -e`.', ExitCode.usage);
}
