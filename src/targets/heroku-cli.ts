/**
 * Runs the person's own heroku CLI, so reauth uses the login they already have
 * (`heroku login`, the keyring or ~/.netrc, HEROKU_API_KEY) and never handles a Heroku
 * credential itself.
 *
 * The program is `heroku` on PATH, or `heroku.cmd` on Windows. The environment variable
 * REAUTH_HEROKU_BIN may name another path to run instead (a CLI installed somewhere unusual;
 * the tests point it at the copy they install into .cache/heroku-cli).
 */
import type { CommandResult, Deps } from '../deps.js';
import { isBatchFile, quoteCommandForCmd, quoteForCmd } from './heroku-cmd-quote.js';

/** The CLI starts slowly (~1 s, oclif loading plugins); a config:set also waits for the API. */
export const herokuTimeoutMs = 90_000;

export interface HerokuInvocation {
  /** The program; on Windows the whole quoted cmd.exe line (then `args` is empty). */
  readonly command: string;
  readonly args: readonly string[];
  readonly shell: boolean;
}

/** The program and arguments to spawn for `heroku <args>` on this platform. */
export function herokuInvocation(deps: Pick<Deps, 'env' | 'platform'>, args: readonly string[]): HerokuInvocation {
  const override = deps.env.REAUTH_HEROKU_BIN?.trim();
  if (deps.platform !== 'win32') return { command: override || 'heroku', args, shell: false };
  const command = override || 'heroku.cmd';
  // Through cmd.exe every argument must be quoted by us (see heroku-cmd-quote.ts); a plain
  // .exe re-reads nothing, so it gets single escaping. The line is joined here rather than by
  // spawn: Node 24 deprecates passing arguments together with `shell: true` (DEP0190).
  const batchFile = isBatchFile(command) || !/\.exe$/i.test(command);
  const line = [quoteCommandForCmd(command), ...args.map((arg) => quoteForCmd(arg, { batchFile }))].join(' ');
  return { command: line, args: [], shell: true };
}

/** The program reauth runs, as a person would type it (for messages). */
export function herokuProgramName(deps: Pick<Deps, 'env' | 'platform'>): string {
  return deps.env.REAUTH_HEROKU_BIN?.trim() || (deps.platform === 'win32' ? 'heroku.cmd' : 'heroku');
}

export function runHeroku(deps: Pick<Deps, 'env' | 'platform' | 'runCommand'>, args: readonly string[]): Promise<CommandResult> {
  const invocation = herokuInvocation(deps, args);
  return deps.runCommand(invocation.command, invocation.args, {
    env: deps.env,
    shell: invocation.shell,
    timeoutMs: herokuTimeoutMs,
  });
}
