/**
 * Turns what the heroku CLI printed into one plain sentence and a next step. Only stderr is
 * ever read here, and only to classify it or quote one redacted line of it: stdout of
 * `config`/`config:set` holds every config var value.
 *
 * What heroku v11 prints (oclif):
 *   ` ›   Warning: Our terms of service have changed: ` (first run on a machine; continues on
 *   the next ` ›` line), ` ›   Warning: HEROKU_API_KEY is set`
 *   ` ›   Error: Couldn't find that app.` / ` ›` / ` ›   Error ID: not_found`  (exit 2)
 *   ` ›   Error: not logged in`  (auth:whoami, exit 100)
 *   `heroku: Press any key to open up the browser to login…` (any other command, logged out;
 *   with stdin closed it then fails with a TypeError, exit 1)
 *   `Setting A, B and restarting APP... done, v42`  (config:set success)
 */
import type { CommandResult } from '../deps.js';
import { ExitCode, UserError, type ExitCodeValue } from '../errors.js';
import { redactSecrets } from '../secret-mask.js';
import { safeLine } from '../system/terminal-text.js';

const installHelp = 'Install it from https://devcenter.heroku.com/articles/heroku-cli, run `heroku login`, then run reauth again.';
const maxQuotedChars = 240;

export type HerokuProblem =
  | 'not-installed'
  | 'not-logged-in'
  | 'api-key-refused'
  | 'unknown-app'
  | 'timed-out'
  | 'network'
  | 'other';

export function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '');
}

/** The release number from `... done, v42`, if the CLI printed one. */
export function releaseVersionFrom(stderr: string): number | undefined {
  const match = /\bdone, v(\d+)\b/.exec(stripAnsi(stderr));
  return match ? Number(match[1]) : undefined;
}

/** The text of the CLI's `Error:` block (without `Error ID:`), or its last meaningful line. */
export function herokuErrorText(stderr: string): string | undefined {
  const lines = stripAnsi(stderr).split(/\r?\n/);
  const start = lines.findIndex((line) => /^\s*\u203A?\s*Error:/.test(line));
  if (start >= 0) {
    const parts: string[] = [lines[start]!.replace(/^\s*\u203A?\s*Error:\s*/, '')];
    for (const line of lines.slice(start + 1)) {
      const text = line.replace(/^\s*\u203A\s?/, '').trim();
      if (!line.trimStart().startsWith('›') || text === '' || /^Error ID:/.test(text)) break;
      parts.push(text);
    }
    return parts.join(' ').trim() || undefined;
  }
  let inWarning = false;
  const meaningful: string[] = [];
  for (const line of lines) {
    const continued = line.trimStart().startsWith('›') && !/Error:|Warning:/.test(line);
    if (/Warning:/.test(line)) inWarning = true;
    else if (!continued) inWarning = false;
    const text = line.replace(/^\s*\u203A\s*/, '').trim();
    if (!inWarning && text && !/^Setting .* and restarting .*\.\.\./.test(text)) meaningful.push(text);
  }
  return meaningful.at(-1);
}

export function classifyHerokuFailure(result: CommandResult, env: NodeJS.ProcessEnv): HerokuProblem {
  const stderr = stripAnsi(result.stderr);
  if (result.spawnError?.code === 'ENOENT') return 'not-installed';
  // Through cmd.exe a missing program is not ENOENT but exit 9009 and this sentence.
  if (result.code === 9009 || /is not recognized as an internal or external command/i.test(stderr)) return 'not-installed';
  if (result.timedOut) return 'timed-out';
  if (result.code === 100 || /Press any key to open up the browser to login|\bnot logged in\b/i.test(stderr)) return 'not-logged-in';
  if (/Invalid credentials provided|Error ID: unauthorized|HEROKU_API_KEY is invalid/i.test(stderr)) {
    return env.HEROKU_API_KEY ? 'api-key-refused' : 'not-logged-in';
  }
  if (/Couldn't find that app|Error ID: not_found/i.test(stderr)) return 'unknown-app';
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|socket hang up|getaddrinfo/i.test(stderr)) return 'network';
  return 'other';
}

export interface HerokuFailureContext {
  readonly app?: string;
  /** What reauth was doing, as the end of "The Heroku CLI could not …": `set config vars on guesthouse`. */
  readonly doing: string;
  /** Every value that could appear in the CLI's output: redacted from the quoted line. */
  readonly secrets: Iterable<string | undefined>;
  readonly env: NodeJS.ProcessEnv;
  /** The program reauth ran (named when it was overridden with REAUTH_HEROKU_BIN). */
  readonly program: string;
  /** Exit code for every failure (apply: writeFailed, so the caller rescues the tokens). */
  readonly exitCode?: ExitCodeValue;
}

export function herokuFailure(result: CommandResult, context: HerokuFailureContext): UserError {
  const problem = classifyHerokuFailure(result, context.env);
  const code = (fallback: ExitCodeValue): ExitCodeValue => context.exitCode ?? fallback;
  switch (problem) {
    case 'not-installed': {
      const override = context.env.REAUTH_HEROKU_BIN?.trim()
        ? ` REAUTH_HEROKU_BIN names ${context.program}, which could not be run.`
        : '';
      return new UserError(`The Heroku CLI is not installed (reauth uses it to set config vars).${override}`, installHelp, code(ExitCode.usage));
    }
    case 'not-logged-in':
      return new UserError('You are not logged in to Heroku on this computer.', 'Run `heroku login`, then run reauth again.', code(ExitCode.usage));
    case 'api-key-refused':
      return new UserError(
        'Heroku refused the API key in the HEROKU_API_KEY environment variable.',
        'Set HEROKU_API_KEY to a valid key (or unset it and run `heroku login`), then run reauth again.',
        code(ExitCode.usage),
      );
    case 'unknown-app':
      return new UserError(
        `Heroku has no app called ${context.app ?? '(none given)'} that you can access — check the name with \`heroku apps\`.`,
        'Correct the app name of the heroku target (`app:` in reauth.yaml), then run reauth again.',
        code(ExitCode.usage),
      );
    case 'timed-out':
      return new UserError(
        `The Heroku CLI did not finish in time while trying to ${context.doing}.`,
        'Check your connection to Heroku (`heroku status`), then run reauth again.',
        code(ExitCode.unavailable),
      );
    case 'network':
      return new UserError(
        `The Heroku CLI could not reach Heroku to ${context.doing}.`,
        'Check your network connection (and HTTPS_PROXY, if you use one), then run reauth again.',
        code(ExitCode.unavailable),
      );
    case 'other':
      return new UserError(`The Heroku CLI could not ${context.doing}: ${quotedReason(result, context)}`, undefined, code(ExitCode.unavailable));
  }
}

function quotedReason(result: CommandResult, context: HerokuFailureContext): string {
  if (result.spawnError) return `${context.program} could not be started (${result.spawnError.code ?? result.spawnError.message}).`;
  const text = herokuErrorText(result.stderr);
  if (!text) return `it stopped with exit code ${String(result.code)} and gave no reason.`;
  // One line of the CLI's stderr inside reauth's sentence: a bare CR in it must not start a new one.
  const redacted = safeLine(redactSecrets(text, context.secrets));
  const short = redacted.length > maxQuotedChars ? `${redacted.slice(0, maxQuotedChars)}…` : redacted;
  return /[.!?\u2026]$/.test(short) ? short : `${short}.`;
}
