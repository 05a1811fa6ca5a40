/**
 * `reauth run PROFILE -- CMD ARGS…` (issue 12, point 4): refresh first if the stored access
 * token expires within the margin (default 5 minutes), then run CMD with the profile's tokens
 * in its environment, and end with its exit code. It cures the stale-cached-token 403 (the
 * Netatmo story) without the program changing. The refresh is `reauth refresh`'s own
 * (refreshProfile: lock, preflight, held signals, every target written, after_write).
 *
 * reauth's own words go to stderr only: stdout belongs to the command.
 */
import { resolve } from 'node:path';
import { loadConfig } from '../config/load-config.js';
import type { Deps } from '../deps.js';
import { readTargets, storedTokens } from '../delivery/stored-values.js';
import { ExitCode, SIGNAL_EXIT_CODE, UserError, type StopSignal } from '../errors.js';
import { shellQuote } from '../shell-quote.js';
import { NO_SIGNALS } from '../system/signal-guard.js';
import { runChild, type ChildEnd, type RunChildOptions } from '../system/run-child.js';
import { configWarnings, formatWhen, refreshText } from './refresh-output.js';
import { refreshProfile } from './refresh-profile.js';
import { prepareProfile, selectProfiles, type PreparedProfile } from './refresh-sources.js';
import { childEnv, envNames } from './run-env.js';
import { accessFreshness } from './run-freshness.js';
import { DEFAULT_MARGIN_MS } from './run-margin.js';

export interface RunOptions {
  /** `-c`, as typed (relative to cwd). */
  readonly configPath: string;
  readonly profile: string;
  /** Everything after `--`: the program and its arguments. */
  readonly command: readonly string[];
  readonly marginMs?: number;
  readonly cwd: string;
  readonly debug?: boolean;
  readonly lockTimeoutMs?: number;
  /** reauth's own lines (stderr). */
  readonly say: (text: string) => void;
  /**
   * reauth's stdin is a terminal: Ctrl+C there already reaches the command (same foreground
   * process group), so SIGINT is not sent a second time — a program that takes a second Ctrl+C
   * as "quit now" would skip its clean-up. SIGTERM and SIGHUP are always passed on.
   */
  readonly onTerminal?: boolean;
  /** Starts the command (src/system/run-child.ts). */
  readonly start?: (command: string, args: readonly string[], options: RunChildOptions) => Promise<ChildEnd>;
}

export async function runWithTokens(options: RunOptions, deps: Deps): Promise<number> {
  const [program, ...args] = options.command;
  if (!program) throw new UserError('`reauth run` needs a command after `--`.', `For example: reauth run ${shellQuote(options.profile)} -- node app.js`, ExitCode.usage);
  const startedAt = deps.now();
  const signals = deps.signals ?? NO_SIGNALS;
  const margin = options.marginMs ?? DEFAULT_MARGIN_MS;
  const config = await loadConfig(resolve(options.cwd, options.configPath), { displayPath: options.configPath });
  const [name] = selectProfiles(config, [options.profile], 'run');
  const say = (text: string) => {
    if (text) options.say(text);
  };
  say(configWarnings(config.warnings));

  // Read as `reauth status` reads: no lock, nothing spent; `${VAR}`s matter only if a refresh is needed.
  // Offline: an issuer-only service is discovered by the refresh, if one is due, not before.
  const prepared = await prepareProfile(config, name!, deps, { expandEnv: false, offline: true });
  requireStoredAccessToken(prepared);
  let values = storedTokens(await readTargets(prepared.targets)).values;
  const freshness = accessFreshness(values, deps.now(), margin);

  if (freshness.refresh) {
    if (freshness.state === 'unknown' && !prepared.profile.targets.some((t) => t.keys.expires_at)) {
      say(`⚠ No target of "${name}" stores expires_at, so reauth cannot tell when the access token expires and refreshes it before every run. Add expires_at to a target's keys to refresh only when needed.\n`);
    }
    const result = await refreshProfile(config, name!, deps, {
      startedAt,
      ...(options.debug ? { debug: true } : {}),
      ...(options.lockTimeoutMs !== undefined ? { lockTimeoutMs: options.lockTimeoutMs } : {}),
    });
    const text = refreshText([result], deps.now());
    say(text.stdout + text.stderr);
    const stopped = signals.received();
    if (stopped) return SIGNAL_EXIT_CODE[stopped];
    if (result.outcome === 'failed') {
      // A service that is down for a moment should not stop a program whose token still works.
      const mayStillWork = result.exitCode === ExitCode.unavailable && (freshness.state === 'expiring' || freshness.state === 'unknown');
      if (!mayStillWork) return result.exitCode;
      const until = values.expires_at ? `, valid until ${formatWhen(values.expires_at, deps.now())}` : '';
      say(`⚠ Running ${shellQuote(program)} with the access token already stored${until}.\n`);
    } else {
      values = storedTokens(await readTargets(prepared.targets)).values;
    }
  }

  const env = childEnv(deps.env, envNames(prepared.profile.targets, prepared.provider), values);
  const start = options.start ?? runChild;
  const end = await start(program, args, {
    env,
    cwd: options.cwd,
    signals,
    forward: (signal: StopSignal) => !(signal === 'SIGINT' && options.onTerminal),
  });
  if (end.kind === 'exited') return end.code;
  if (end.kind === 'signalled') return end.exitCode;
  throw notStarted(program, end.error);
}

/** A profile whose targets store no access token has none to give the command: say so before spending anything. */
function requireStoredAccessToken(prepared: PreparedProfile): void {
  if (prepared.profile.targets.some((t) => t.keys.access_token)) return;
  throw new UserError(
    `No target of "${prepared.name}" stores the access token (none of their keys names access_token), so \`reauth run\` has none to give the command.`,
    `Add access_token to a target's keys in reauth.yaml (e.g. access_token: ${prepared.provider.defaultEnvKeys.access_token ?? 'ACCESS_TOKEN'} in a dotenv target), then run \`reauth refresh ${shellQuote(prepared.name)}\`.`,
    ExitCode.usage,
  );
}

function notStarted(program: string, error: NodeJS.ErrnoException): UserError {
  if (error.code === 'ENOENT') {
    const where = program.includes('/') ? 'There is no such file' : 'It is not in any folder on PATH';
    return new UserError(`Could not find the command ${shellQuote(program)} to run. ${where}.`, 'Check its spelling, or give its full path after `--`.', ExitCode.commandNotFound);
  }
  if (error.code === 'EACCES') {
    return new UserError(`${shellQuote(program)} may not be run: it is not executable, or you may not open it.`, `Make it executable (chmod +x ${shellQuote(program)}), or run it through its interpreter (e.g. -- sh ${shellQuote(program)}).`, ExitCode.cannotRun);
  }
  return new UserError(`Could not start ${shellQuote(program)}: ${error.message}.`, 'Check the command after `--`.', ExitCode.cannotRun);
}
