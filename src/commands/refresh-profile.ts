/**
 * One profile's refresh, in the order that keeps a rotating token safe (issue 5):
 * take the profile's lock → check and read every target (nothing is spent if one is broken) →
 * stop if the run this one waited for already refreshed → write back rescued tokens → refresh →
 * put the new set on disk before anything else can fail → write every target → forget the
 * safety copy → after_write. Nothing here prompts: it runs the same from cron or a terminal.
 */
import type { ReauthConfig } from '../config/types.js';
import type { Deps } from '../deps.js';
import { ExitCode, UserError, type ExitCodeValue } from '../errors.js';
import { OAuthError } from '../oauth/token-errors.js';
import { refreshGrant } from '../oauth/token-grants.js';
import { maskSecret, redactSecrets } from '../secret-mask.js';
import { shellQuote } from '../shell-quote.js';
import { acquireProfileLock, type LockOwner, type ProfileLock } from '../tokens/profile-lock.js';
import { removeRescue, saveRescue } from '../tokens/rescue.js';
import { fieldValues, type FieldValues } from '../tokens/token-set.js';
import { runAfterWrite } from './refresh-after-write.js';
import { applyRescuedTokens } from './refresh-rescue.js';
import { clientCredentials, forProfile, prepareProfile, readTargets, storedTokens, type PreparedProfile, type TargetReading } from './refresh-sources.js';
import { readRefreshState, recordRefreshState, tokenId, type RefreshResultKind } from './refresh-state.js';
import { failedWrites, writeEveryTarget, type TargetWrite } from './refresh-write.js';

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
  const warnings: string[] = [];
  let provider = config.profiles[name]?.provider ?? name;
  let lock: ProfileLock | undefined;
  let writes: readonly TargetWrite[] = [];
  let rescueApplied: string | undefined;
  let spentToken: string | undefined;
  /** New tokens that exist in memory only until `safeAt` is set. */
  let obtained: FieldValues | undefined;
  let safeAt: string | undefined;

  const failed = async (error: unknown, extra: Partial<ProfileRefreshResult> = {}): Promise<ProfileRefreshResult> => {
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
      last_result: resultKind(exitCode),
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
    const prepared = prepareProfile(config, name, deps, { expandEnv: true });
    provider = prepared.provider.name;
    secrets.push(prepared.profile.client_secret);
    lock = await acquireProfileLock(config.baseDir, name, options.lockTimeoutMs !== undefined ? { timeoutMs: options.lockTimeoutMs } : {});
    // Every target is checked and read (parsed) under the lock, before anything is spent: a
    // broken one stops the run here, and what is read is what the previous holder stored.
    for (const target of prepared.targets) await target.preflight();
    let readings = await readTargets(prepared.targets);

    const rescue = await applyRescuedTokens(config.baseDir, name, prepared.targets, readings);
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
    if (!refreshToken) {
      throw new UserError(
        `No refresh token is stored for "${name}" (looked in ${prepared.targets.map((t) => t.label).join(', ')}).`,
        `Run \`reauth setup ${shellQuote(name)}\` to sign in and store one.`,
        ExitCode.signInAgain,
      );
    }
    const { clientId, clientSecret } = requireClient(prepared, stored);
    spentToken = refreshToken;
    const tokens = await refreshGrant(prepared.provider, { clientId, clientSecret, refreshToken }, deps);
    obtained = fieldValues(tokens, { client_id: clientId, client_secret: clientSecret });
    secrets.push(tokens.access_token, tokens.refresh_token);

    // The new set exists only in memory now and (Netatmo) the old pair is already dead: put it
    // on disk before anything else can fail, so a crash or a kill mid-write loses nothing.
    try {
      safeAt = await saveRescue(config.baseDir, name, obtained, deps.now());
    } catch (error) {
      warnings.push(`Could not write a safety copy of the new tokens first (${error instanceof Error ? error.message : String(error)}).`);
    }
    writes = await writeEveryTarget(prepared.targets, obtained);
    const broken = failedWrites(writes);
    if (broken.length > 0) {
      const where = broken.map((w) => w.label).join(', ');
      if (!safeAt) {
        return await failed(
          new UserError(
            `Refreshed, but ${where} could not be written (${broken[0]!.error}), and neither could a rescue file: the new tokens are lost${prepared.provider.rotatesRefreshToken === 'always' ? ' and the old ones are no longer valid' : ''}.`,
            `Fix the problem, then run \`reauth setup ${shellQuote(name)}\` to sign in again.`,
            ExitCode.writeFailed,
          ),
        );
      }
      return await failed(
        new UserError(
          `Refreshed, but ${where} could not be written: ${broken[0]!.error}. The new tokens are kept in ${safeAt} (readable only by you).`,
          `Fix that, then run \`reauth refresh ${shellQuote(name)}\`: it writes the rescued tokens to every target first.`,
          ExitCode.writeFailed,
        ),
        { rescuePath: safeAt, ...tokenFacts(obtained, refreshToken) },
      );
    }
    await removeRescue(safeAt ?? '').catch(() => undefined);
    safeAt = undefined;
    await recordRefreshState(config.baseDir, name, {
      last_refresh_at: new Date(deps.now()).toISOString(),
      last_attempt_at: new Date(deps.now()).toISOString(),
      last_result: 'ok',
      refresh_token_id: tokenId(obtained.refresh_token ?? refreshToken),
    });

    const result: ProfileRefreshResult = {
      profile: name,
      provider,
      outcome: 'refreshed',
      exitCode: ExitCode.ok,
      ...tokenFacts(obtained, refreshToken),
      writes: writes.map((w) => (w.ok ? { ...w, summary: redact(w.summary) } : w)),
      warnings: warnings.map(redact),
      ...(rescueApplied ? { rescueApplied } : {}),
    };
    return await runAfterWrite(prepared, result, config, deps, redact);
  } catch (error) {
    // Any failure after the tokens arrived and before they were safe: keep them now.
    if (obtained && !safeAt) {
      try {
        safeAt = await saveRescue(config.baseDir, name, obtained, deps.now());
        warnings.push(`The new tokens are kept in ${safeAt} (readable only by you).`);
      } catch {
        // Reported by the error below; nothing else can be done with them.
      }
    }
    return await failed(error, safeAt ? { rescuePath: safeAt } : {});
  } finally {
    await lock?.release();
  }
}

function requireClient(prepared: PreparedProfile, stored: ReturnType<typeof storedTokens>): { clientId: string; clientSecret: string } {
  const { clientId, clientSecret } = clientCredentials(prepared.profile, stored);
  const missing = [clientId ? undefined : 'client id', clientSecret ? undefined : 'client secret'].filter(Boolean).join(' and ');
  if (missing) {
    throw new UserError(
      `The ${missing} of "${prepared.name}" is neither in reauth.yaml nor in any of its targets, so reauth cannot refresh.`,
      `Add it to the profile in reauth.yaml (a secret as client_secret: \${MY_CLIENT_SECRET}, read from the environment), or add a ${clientSecret ? 'client_id' : 'client_secret'} key to one of its targets.`,
      ExitCode.usage,
    );
  }
  return { clientId: clientId!, clientSecret: clientSecret! };
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

/** What the targets hold once `values` were written to each (its mapped keys only), without asking them again. */
function afterWriting(readings: readonly TargetReading[], values: FieldValues): TargetReading[] {
  return readings.map((reading) => {
    const written: FieldValues = { ...reading.values };
    for (const field of Object.keys(reading.target.spec.keys) as (keyof FieldValues)[]) {
      if (values[field] !== undefined) written[field] = values[field];
    }
    return { ...reading, values: written };
  });
}

function tokenFacts(values: FieldValues, previousRefresh: string | undefined): Partial<ProfileRefreshResult> {
  return {
    ...(values.expires_at ? { expiresAt: values.expires_at } : {}),
    ...(values.refresh_expires_at ? { refreshExpiresAt: values.refresh_expires_at } : {}),
    ...(values.access_token ? { accessToken: maskSecret(values.access_token) } : {}),
    ...(values.refresh_token ? { refreshToken: maskSecret(values.refresh_token), refreshTokenRotated: values.refresh_token !== previousRefresh } : {}),
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
    default:
      return 'config';
  }
}
