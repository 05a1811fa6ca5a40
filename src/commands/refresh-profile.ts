/**
 * One profile's refresh, in the order that keeps a rotating token safe (issues 5 and 8):
 * take the profile's lock (and its files') → check and read every target, nothing spent if
 * one is broken → stop if the run this one waited for already refreshed → write back rescued
 * tokens that are newer than the targets' → with stop signals held: reserve a safety copy,
 * refresh, fill the copy, deliver to every target (src/delivery/deliver.ts, the wizard's path
 * too) → after_write. Nothing here prompts: it runs the same from cron or a terminal.
 */
import type { ReauthConfig } from '../config/types.js';
import type { Deps } from '../deps.js';
import { deliver, failedWrites, type Delivery, type TargetWrite } from '../delivery/deliver.js';
import { keptCopyOf, obtainTokens } from '../delivery/obtain.js';
import { acquireProfileLock, type LockOwner, type ProfileLock } from '../delivery/profile-lock.js';
import { noRefreshTokenLines } from '../providers/no-refresh-token.js';
import { formatWhen } from '../format-when.js';
import { readRefreshState, recordRefreshState, refreshLifeOf, tokenId, type RefreshResultKind } from '../delivery/profile-state.js';
import { removeAbandoned } from '../delivery/rescue-files.js';
import { applyRescuedFirst } from '../delivery/rescued-first.js';
import { afterWriting, readTargets, storedTokens } from '../delivery/stored-values.js';
import { ExitCode, SIGNAL_EXIT_CODE, UserError, type ExitCodeValue, type StopSignal } from '../errors.js';
import { OAuthError } from '../oauth/token-errors.js';
import { refreshGrant } from '../oauth/token-grants.js';
import { maskSecret, redactSecrets } from '../secret-mask.js';
import { shellQuote } from '../shell-quote.js';
import { NO_SIGNALS } from '../system/signal-guard.js';
import { fieldValues, type FieldValues, type TokenSet } from '../tokens/token-set.js';
import { earliest, firstIssueFromExpiry, refreshedExpiry, refreshExpiryWarning, renewCommand, type RefreshExpiryWarning } from '../tokens/refresh-expiry.js';
import type { RefreshTokenLife } from '../providers/types.js';
import { runAfterWrite } from './refresh-after-write.js';
import { clientCredentials, fileTargetPaths, forProfile, prepareProfile, type PreparedProfile } from './refresh-sources.js';
import { safeText } from '../system/terminal-text.js';

export interface ProfileRefreshResult {
  readonly profile: string;
  /** The service's name (`Netatmo`), or the provider id when the profile could not be resolved. */
  readonly provider: string;
  /** `refreshed-elsewhere`: another run refreshed while this one waited for the lock. */
  readonly outcome: 'refreshed' | 'refreshed-elsewhere' | 'failed';
  readonly exitCode: ExitCodeValue;
  readonly expiresAt?: string;
  readonly refreshExpiresAt?: string;
  /** Masked. */
  readonly accessToken?: string;
  /** Masked. */
  readonly refreshToken?: string;
  readonly refreshTokenRotated?: boolean;
  readonly writes: readonly TargetWrite[];
  /** Where the tokens are kept when a target could not be written. */
  readonly rescuePath?: string;
  /** A rescue file that was written back to every target before refreshing. */
  readonly rescueApplied?: string;
  readonly afterWrite?: { readonly ok: boolean; readonly summary: string };
  readonly error?: { readonly message: string; readonly next?: string; readonly code?: string; readonly stack?: string };
  readonly warnings: readonly string[];
  /**
   * The refresh token dies within 14 days whatever reauth does (TikTok's 365 days): a person
   * must sign in again. The exit code stays 0 — this refresh worked; `notify:` alerts on it.
   */
  readonly refreshExpiryWarning?: RefreshExpiryWarning;
}

export interface RefreshProfileOptions {
  /** When this run started: a refresh recorded after it was made by another run. */
  readonly startedAt: number;
  readonly lockTimeoutMs?: number;
  readonly debug?: boolean;
}

export async function refreshProfile(config: ReauthConfig, name: string, deps: Deps, options: RefreshProfileOptions): Promise<ProfileRefreshResult> {
  const secrets: (string | undefined)[] = [deps.env.HEROKU_API_KEY];
  const redact = (text: string) => redactSecrets(text, secrets);
  const signals = deps.signals ?? NO_SIGNALS;
  const warnings: string[] = [];
  let provider = config.profiles[name]?.provider ?? name;
  let lock: ProfileLock | undefined;
  let writes: readonly TargetWrite[] = [];
  let rescueApplied: string | undefined;
  let spentToken: string | undefined;

  const failed = async (error: unknown, extra: Partial<ProfileRefreshResult> = {}, kind?: RefreshResultKind): Promise<ProfileRefreshResult> => {
    const exitCode: ExitCodeValue = error instanceof UserError ? error.exitCode : ExitCode.bug;
    let message = error instanceof Error ? error.message : String(error);
    let next = error instanceof UserError ? error.nextStep : undefined;
    if (!(error instanceof UserError)) {
      message = `reauth hit an internal error: ${message}`;
      next = 'Run again with --debug to see the details, and please report it.';
    }
    message = forProfile(message, name);
    next = next === undefined ? undefined : forProfile(next, name);
    if (exitCode === ExitCode.signInAgain && !next?.includes(`reauth setup ${shellQuote(name)}`)) {
      next = `Run \`reauth setup ${shellQuote(name)}\` to sign in again.`;
    }
    await recordRefreshState(config.baseDir, name, {
      last_attempt_at: new Date(deps.now()).toISOString(),
      last_result: kind ?? resultKind(exitCode),
      last_message: redact(message),
      ...(spentToken ? { refresh_token_id: tokenId(spentToken) } : {}),
    });
    const code = error instanceof OAuthError ? error.code : undefined;
    const stack = options.debug && error instanceof Error && error.stack ? redact(error.stack) : undefined;
    return {
      profile: name,
      provider,
      outcome: 'failed',
      exitCode,
      writes,
      warnings: warnings.map(redact),
      ...(rescueApplied ? { rescueApplied } : {}),
      ...extra,
      error: { message: redact(message), ...(next ? { next: redact(next) } : {}), ...(code ? { code } : {}), ...(stack ? { stack } : {}) },
    };
  };

  try {
    const prepared = await prepareProfile(config, name, deps, { expandEnv: true });
    provider = prepared.provider.name;
    secrets.push(prepared.profile.client_secret);
    lock = await acquireProfileLock(config.baseDir, name, {
      files: fileTargetPaths(prepared.profile.targets, { baseDir: config.baseDir, env: deps.env }),
      ...(options.lockTimeoutMs !== undefined ? { timeoutMs: options.lockTimeoutMs } : {}),
    });
    // Every target is checked and read (parsed) under the lock, before anything is spent: a
    // broken one stops the run here, and what is read is what the previous holder stored.
    let readings = await beforeSpending(async () => {
      for (const target of prepared.targets) await target.preflight();
      return readTargets(prepared.targets);
    });
    const owner = { profile: name, service: prepared.profile.provider, ...(prepared.profile.client_id ? { clientId: prepared.profile.client_id } : {}) };

    for (const died of await removeAbandoned(config.baseDir, owner)) {
      warnings.push(`An earlier run was stopped at ${died.savedAt} while it waited for ${prepared.provider.name}'s answer; if the service had already answered, those tokens were lost (a refusal below means: sign in again).`);
    }
    const rescue = await applyRescuedFirst({ baseDir: config.baseDir, owner, targets: prepared.targets, readings, now: deps.now });
    if (rescue.kind === 'failed') {
      writes = rescue.writes;
      const broken = failedWrites(rescue.writes);
      return await failed(
        new UserError(
          `Tokens rescued earlier (${rescue.path}) could not be written to ${broken.map((w) => w.label).join(', ')}: ${broken[0]!.error}. Nothing was refreshed.`,
          `Fix that, then run \`reauth refresh ${shellQuote(name)}\` again; the rescued tokens stay in that file until every target has them.`,
          ExitCode.writeFailed,
        ),
        { rescuePath: rescue.path },
      );
    }
    if (rescue.kind === 'applied') {
      rescueApplied = rescue.path;
      secrets.push(rescue.values.access_token, rescue.values.refresh_token, rescue.values.client_secret);
      readings = afterWriting(readings, rescue.values);
    }
    if (rescue.kind === 'superseded') warnings.push(`Removed ${rescue.path}: the targets hold newer tokens than it did.`);

    const stored = storedTokens(readings);
    secrets.push(stored.values.access_token, stored.values.refresh_token, stored.values.client_secret);
    warnings.push(...stored.warnings);
    if (lock.waited && rescue.kind !== 'applied' && (await refreshedMeanwhile(config, name, lock.waitedFor, options.startedAt))) {
      return {
        profile: name,
        provider,
        outcome: 'refreshed-elsewhere',
        exitCode: ExitCode.ok,
        ...tokenFacts(stored.values, undefined),
        writes: [],
        warnings: warnings.map(redact),
      };
    }

    const refreshToken = stored.values.refresh_token;
    if (!refreshToken && (await readRefreshState(config.baseDir, name))?.delivered?.no_refresh_token) {
      const expires = stored.values.expires_at;
      const said = noRefreshTokenLines(prepared.provider, name, expires ? formatWhen(expires, deps.now()) : undefined);
      throw new UserError(said.message, said.next, ExitCode.signInAgain);
    }
    if (!refreshToken) {
      throw new UserError(
        `No refresh token is stored for "${name}" (looked in ${prepared.targets.map((t) => t.label).join(', ')}).`,
        `Run \`reauth setup ${shellQuote(name)}\` to sign in and store one.`,
        ExitCode.signInAgain,
      );
    }
    const { clientId, clientSecret } = requireClient(prepared, stored);
    const hard = hardExpiryRule(prepared.provider.refreshTokenLife, stored.values, refreshLifeOf(await readRefreshState(config.baseDir, name), refreshToken));

    // From the request until its answer is in every target (or kept), a stop signal waits.
    const { obtained, delivery } = await signals.hold(async () => {
      const obtained = await obtainTokens({
        baseDir: config.baseDir,
        owner,
        now: deps.now,
        spending: 'the refresh token',
        request: (onAnswer) => {
          spentToken = refreshToken;
          return refreshGrant(prepared.provider, { clientId, clientSecret, refreshToken }, deps, { onAnswer });
        },
        keep: (tokens) => fieldValues(hard.apply(tokens), { client_id: clientId, client_secret: clientSecret }),
      });
      secrets.push(obtained.tokens.access_token, obtained.tokens.refresh_token);
      if (obtained.keepFailed) warnings.push(`Could not write a safety copy of the new tokens first (${obtained.keepFailed}).`);
      const delivery = await deliver({
        baseDir: config.baseDir,
        owner,
        targets: prepared.targets,
        values: obtained.values,
        obtainedAt: obtained.tokens.obtained_at,
        safetyCopy: obtained.safetyCopy,
        now: deps.now,
      });
      return { obtained, delivery };
    });
    writes = delivery.writes;
    // A target's own warnings quote its file (a key, an anchor's name): shown safe, once each.
    for (const write of writes) if (write.ok) warnings.push(...(write.warnings ?? []).map(safeText).filter((w) => !warnings.includes(w)));
    const facts = tokenFacts(obtained.values, refreshToken);
    const after = signals.received();
    if (!delivery.complete) return await undelivered(delivery, prepared, facts, after, failed, name);

    await recordRefreshState(config.baseDir, name, {
      last_refresh_at: new Date(deps.now()).toISOString(),
      last_attempt_at: new Date(deps.now()).toISOString(),
      last_result: 'ok',
      refresh_token_id: tokenId(obtained.values.refresh_token ?? refreshToken),
      ...hard.record(obtained.values.refresh_token ?? refreshToken, obtained.values.refresh_expires_at),
    });
    const expiryWarning = refreshExpiryWarning(obtained.values.refresh_expires_at, deps.now(), renewCommand(name, config.displayPath, shellQuote), prepared.provider.refreshTokenLife);
    const result: ProfileRefreshResult = {
      profile: name,
      provider,
      outcome: 'refreshed',
      exitCode: ExitCode.ok,
      ...facts,
      writes: writes.map((w) => (w.ok ? { ...w, summary: redact(w.summary) } : w)),
      warnings: warnings.map(redact),
      ...(rescueApplied ? { rescueApplied } : {}),
      ...(expiryWarning ? { refreshExpiryWarning: expiryWarning } : {}),
    };
    if (after) {
      // The refresh had finished: say so, and stop before restarting anything.
      return { ...result, exitCode: SIGNAL_EXIT_CODE[after], error: { message: `Stopped by ${after} after the refresh had finished: every target holds the new tokens.` } };
    }
    // `after_write_on: setup` keeps the command to the wizard (absent means both, as it always did).
    const afterWrite = prepared.profile.after_write_on === 'setup' ? undefined : await runAfterWrite(name, prepared.profile.after_write, deps, config.baseDir, redact);
    if (!afterWrite) return result;
    return afterWrite.failure ? { ...result, afterWrite: afterWrite.afterWrite, exitCode: ExitCode.usage, error: afterWrite.failure } : { ...result, afterWrite: afterWrite.afterWrite };
  } catch (error) {
    const kept = keptCopyOf(error);
    return await failed(error, kept ? { rescuePath: kept } : {});
  } finally {
    await lock?.release();
  }
}

type Failed = (error: unknown, extra?: Partial<ProfileRefreshResult>, kind?: RefreshResultKind) => Promise<ProfileRefreshResult>;

/** Not every target took the new tokens: where they are now, and the exit code that says it. */
async function undelivered(
  delivery: Delivery,
  prepared: PreparedProfile,
  facts: Partial<ProfileRefreshResult>,
  signal: StopSignal | undefined,
  failed: Failed,
  name: string,
): Promise<ProfileRefreshResult> {
  const broken = failedWrites(delivery.writes);
  const where = broken.map((w) => w.label).join(', ');
  if (delivery.lost !== undefined) {
    const dead = prepared.provider.rotatesRefreshToken === 'always' ? ' and the old ones are no longer valid' : '';
    return failed(
      new UserError(
        `Refreshed, but ${where || 'no target'} could be written${broken[0] ? ` (${broken[0].error})` : ''}, and neither could a safety copy (${delivery.lost}): the new tokens are lost${dead}.`,
        `Fix the problem, then run \`reauth setup ${shellQuote(name)}\` to sign in again.`,
        ExitCode.signInAgain,
      ),
      {},
      'tokens-lost',
    );
  }
  const kept = `The new tokens are kept in ${delivery.rescuePath} (readable only by you)`;
  if (signal) {
    return failed(
      new UserError(
        `Stopped by ${signal} once the refresh had answered${where ? ` (${where} failed: ${broken[0]!.error})` : ''}. ${kept}.`,
        `Run \`reauth refresh ${shellQuote(name)}\`: it writes them to every target first.`,
        SIGNAL_EXIT_CODE[signal],
      ),
      { rescuePath: delivery.rescuePath!, ...facts },
      'interrupted',
    );
  }
  return failed(
    new UserError(
      `Refreshed, but ${where} could not be written: ${broken[0]!.error}. ${kept}.`,
      `Fix that, then run \`reauth refresh ${shellQuote(name)}\`: it writes the rescued tokens to every target first.`,
      ExitCode.writeFailed,
    ),
    { rescuePath: delivery.rescuePath!, ...facts },
  );
}

/**
 * Problems found before anything is spent are the environment's (a read-only folder, a target
 * that is a folder, a file that does not parse): exit 2 with the plain sentence — never 5,
 * which promises a rescue file that does not exist.
 */
async function beforeSpending<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UserError && error.exitCode === ExitCode.writeFailed) throw new UserError(error.message, error.nextStep, ExitCode.usage);
    throw error;
  }
}

function requireClient(prepared: PreparedProfile, stored: ReturnType<typeof storedTokens>): { clientId: string; clientSecret: string } {
  const { clientId, clientSecret } = clientCredentials(prepared.profile, stored);
  // A public client (client_auth: none) has no secret to find.
  const isPublic = prepared.provider.clientAuth === 'none';
  const missing = [clientId ? undefined : 'client id', clientSecret || isPublic ? undefined : 'client secret'].filter(Boolean).join(' and ');
  if (missing) {
    throw new UserError(
      `The ${missing} of "${prepared.name}" is neither in reauth.yaml nor in any of its targets, so reauth cannot refresh.`,
      `Add it to the profile in reauth.yaml (a secret as client_secret: \${MY_CLIENT_SECRET}, read from the environment), or add a ${clientSecret ? 'client_id' : 'client_secret'} key to one of its targets.`,
      ExitCode.usage,
    );
  }
  return { clientId: clientId!, clientSecret: isPublic ? '' : clientSecret! };
}

/**
 * After waiting for the lock: did the run that held it refresh? Its diary says so when it
 * wrote every target after that run (or this one) started. Then this run must not spend the
 * new token again (two rotations for one cron tick, and a program restarted on a dead pair).
 */
async function refreshedMeanwhile(config: ReauthConfig, name: string, holder: LockOwner | undefined, startedAt: number): Promise<boolean> {
  const state = await readRefreshState(config.baseDir, name);
  const last = Date.parse(state?.last_refresh_at ?? '');
  const holderStarted = Date.parse(holder?.started_at ?? '');
  const since = Number.isFinite(holderStarted) ? Math.min(holderStarted, startedAt) : startedAt;
  return Number.isFinite(last) && last >= since;
}

function tokenFacts(values: FieldValues, previousRefresh: string | undefined): Partial<ProfileRefreshResult> {
  return {
    ...(values.expires_at ? { expiresAt: values.expires_at } : {}),
    ...(values.refresh_expires_at ? { refreshExpiresAt: values.refresh_expires_at } : {}),
    ...(values.access_token ? { accessToken: maskSecret(values.access_token) } : {}),
    ...(values.refresh_token ? { refreshToken: maskSecret(values.refresh_token), refreshTokenRotated: values.refresh_token !== previousRefresh } : {}),
  };
}

/**
 * How this refresh dates the refresh token's hard expiry. With a life fixed from the first
 * sign-in the date never moves forward (src/tokens/refresh-expiry.ts): the first-sign-in date
 * comes from reauth's state, or — for a profile set up before reauth kept it — from the
 * expiry the targets hold.
 */
function hardExpiryRule(life: RefreshTokenLife | undefined, stored: FieldValues, known: { issued_at?: string; expires_at?: string } | undefined) {
  const storedExpiry = earliest(stored.refresh_expires_at, known?.expires_at);
  const issuedAt = known?.issued_at ?? firstIssueFromExpiry(life, storedExpiry);
  return {
    apply(tokens: TokenSet): TokenSet {
      const at = refreshedExpiry(life, { sent: tokens.refresh_expires_at, stored: storedExpiry, issuedAt });
      return at ? { ...tokens, refresh_expires_at: at } : tokens;
    },
    record(refreshToken: string, expiresAt: string | undefined) {
      const issued = issuedAt ?? firstIssueFromExpiry(life, expiresAt);
      if (!issued && !expiresAt) return {};
      return { refresh_life: { token_id: tokenId(refreshToken), ...(issued ? { issued_at: issued } : {}), ...(expiresAt ? { expires_at: expiresAt } : {}) } };
    },
  };
}

function resultKind(exitCode: number): RefreshResultKind {
  switch (exitCode) {
    case ExitCode.signInAgain:
      return 'sign-in-again';
    case ExitCode.unavailable:
      return 'unavailable';
    case ExitCode.writeFailed:
      return 'write-failed';
    case ExitCode.bug:
      return 'bug';
    case ExitCode.interrupted:
    case ExitCode.terminated:
    case ExitCode.hangUp:
      return 'interrupted';
    default:
      return 'config';
  }
}
