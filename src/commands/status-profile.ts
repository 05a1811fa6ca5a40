/**
 * What `reauth status` knows about one profile without spending a token: what each target
 * holds, when the access and refresh tokens expire, what the last refresh did, rescued tokens
 * waiting, and whether the service accepts the access token as stored (its own live check:
 * Zoho SalesIQ and Desk each ask their own API).
 */
import { expandProfileEnv } from '../config/expand-env.js';
import type { ReauthConfig } from '../config/types.js';
import type { Deps } from '../deps.js';
import { ExitCode, UserError } from '../errors.js';
import { runLiveCheck } from '../oauth/live-check.js';
import { resolveProviderOffline } from '../providers/resolve-discovered.js';
import type { ErrorExplanation } from '../providers/types.js';
import { maskSecret, redactSecrets } from '../secret-mask.js';
import { shellQuote } from '../shell-quote.js';
import { listRescueFiles, type RescuedTokens, type RescueFile } from '../delivery/rescue-files.js';
import { isOutgrown } from '../delivery/rescued-first.js';
import { storedTokens, type TargetReading } from '../delivery/stored-values.js';
import type { FieldValues } from '../tokens/token-set.js';
import { clientCredentials, forProfile, prepareProfile, type PreparedProfile } from './refresh-sources.js';
import { formatWhen } from './refresh-output.js';
import { formatWhen as formatWhenLocal } from '../format-when.js';
import { noRefreshTokenLines } from '../providers/no-refresh-token.js';
import { readRefreshState, refreshLifeOf, tokenId, type RefreshState } from '../delivery/profile-state.js';
import { earliest, expiryFromFirstIssue, refreshExpiryWarning, renewCommand, WARN_DAYS, type RefreshExpiryWarning } from '../tokens/refresh-expiry.js';

/** Worst first; `refresh-needed` is not an error: `reauth refresh` (cron) fixes it. */
export type ProfileHealth = 'sign-in-needed' | 'rescue-waiting' | 'config-error' | 'unavailable' | 'refresh-needed' | 'ok';

export const HEALTH_EXIT_CODE: Readonly<Record<ProfileHealth, number>> = {
  'sign-in-needed': ExitCode.signInAgain,
  'rescue-waiting': ExitCode.writeFailed,
  'config-error': ExitCode.usage,
  unavailable: ExitCode.unavailable,
  'refresh-needed': ExitCode.ok,
  ok: ExitCode.ok,
};

const HEALTH_ORDER: readonly ProfileHealth[] = ['sign-in-needed', 'rescue-waiting', 'config-error', 'unavailable', 'refresh-needed', 'ok'];

/** Warn when less than this share of the access token's lifetime is left. */
const EXPIRING_SHARE = 0.2;
/** A hard refresh-token expiry is warned about from 14 days ahead (then 3, then 1: refresh-expiry.ts). */
const REFRESH_EXPIRING_MS = WARN_DAYS.notice * 86_400_000;

export type ExpiryState = 'valid' | 'expiring' | 'expired' | 'unknown' | 'missing';

export interface TargetStatus {
  readonly label: string;
  readonly error?: string;
  /** Masked. */
  readonly accessToken?: string;
  readonly refreshToken?: string;
  readonly expiresAt?: string;
  /** The target stores the expiry empty: the service gave the last token no lifetime. */
  readonly expiryUnknown?: boolean;
  readonly refreshExpiresAt?: string;
}

export interface LiveCheckStatus {
  /** Targets holding the access token that was checked. */
  readonly targets: readonly string[];
  readonly ok: boolean;
  readonly summary?: string;
  readonly problem?: ErrorExplanation;
}

export interface Finding {
  readonly health: ProfileHealth;
  readonly message: string;
  readonly next?: string;
}

export interface ProfileStatus {
  readonly profile: string;
  /** Not a profile: tokens of a new connection that was never saved as one (found by service and client id). */
  readonly unsaved?: { readonly service: string; readonly clientId?: string };
  readonly provider: string;
  readonly health: ProfileHealth;
  readonly exitCode: number;
  readonly targets: readonly TargetStatus[];
  readonly access: { readonly state: ExpiryState; readonly expiresAt?: string };
  readonly refresh: { readonly state: ExpiryState; readonly expiresAt?: string };
  readonly lastRefresh?: RefreshState;
  readonly liveChecks: readonly LiveCheckStatus[];
  readonly rescues: readonly string[];
  /** Everything worth saying, worst first; the first one is the headline. */
  readonly findings: readonly Finding[];
  readonly warnings: readonly string[];
  /** The refresh token dies within 14 days (or has) whatever reauth does: sign in again. For `notify:`. */
  readonly refreshExpiryWarning?: RefreshExpiryWarning;
}

export async function profileStatus(config: ReauthConfig, name: string, deps: Deps): Promise<ProfileStatus> {
  const findings: Finding[] = [];
  const warnings: string[] = [];
  const secrets: (string | undefined)[] = [deps.env.HEROKU_API_KEY];
  const redact = (text: string) => forProfile(redactSecrets(text, secrets), name);
  const base = { profile: name, provider: config.profiles[name]?.provider ?? name };
  const [lastRefresh, files] = await Promise.all([readRefreshState(config.baseDir, name), listRescueFiles(config.baseDir, { profile: name })]);

  let prepared: PreparedProfile;
  try {
    prepared = await prepareProfile(config, name, deps, { expandEnv: false });
  } catch (error) {
    const finding = fromError(error, 'config-error');
    return finish({ ...base, targets: [], access: { state: 'unknown' }, refresh: { state: 'unknown' }, lastRefresh, liveChecks: [], rescues: [], warnings }, [finding], redact);
  }
  let profile = prepared.profile;
  try {
    profile = expandProfileEnv(config, prepared.profile, deps.env);
  } catch (error) {
    warnings.push(`${error instanceof Error ? error.message : String(error)} (\`reauth refresh\` needs it in the environment it runs in).`);
  }
  secrets.push(profile.client_secret);

  const targets: TargetStatus[] = [];
  const readings: TargetReading[] = [];
  for (const target of prepared.targets) {
    try {
      const read = await target.read();
      readings.push({ target, values: read.values, exists: read.exists, warnings: read.warnings });
      secrets.push(read.values.access_token, read.values.refresh_token, read.values.client_secret);
      targets.push({ label: target.label, ...maskedFacts(read.values) });
      warnings.push(...read.warnings);
    } catch (error) {
      const finding = fromError(error, 'config-error');
      targets.push({ label: target.label, error: finding.message });
      findings.push({ ...finding, message: `${target.label} cannot be read: ${finding.message}` });
    }
  }
  const stored = storedTokens(readings);
  warnings.push(...stored.warnings);
  const now = deps.now();

  const rescues = files.filter((f) => f.state === 'kept' && !isOutgrown(f as RescuedTokens, stored.values, lastRefresh));
  findings.push(...rescueFindings(files, rescues, name, now));
  for (const file of files) {
    if (file.state === 'kept' && !rescues.includes(file)) warnings.push(`${file.path} holds older tokens than the targets; the next \`reauth refresh ${shellQuote(name)}\` removes it.`);
  }
  // What the stored tokens say matters less while newer rescued tokens wait to replace them.
  const aboutStored: Finding[] = [...lastAttemptFindings(lastRefresh, stored.values, name, now)];

  // The hard expiry: what the targets hold, or what reauth's own state knows of this very
  // refresh token (its first sign-in plus the preset's lifetime, e.g. TikTok's 365 days).
  const life = prepared.provider.refreshTokenLife;
  const known = refreshLifeOf(lastRefresh, stored.values.refresh_token);
  const hardExpiry = earliest(stored.values.refresh_expires_at, known?.expires_at, expiryFromFirstIssue(life, known?.issued_at));
  const refresh = refreshTokenState(stored.values.refresh_token, hardExpiry, now);
  const renew = renewCommand(name, config.displayPath, shellQuote);
  const expiryWarning = refresh.state === 'missing' ? undefined : refreshExpiryWarning(hardExpiry, now, renew, life);
  if (refresh.state === 'missing' && lastRefresh?.delivered?.no_refresh_token) {
    // Signing in again the same way would bring none again: say why, and what asks for one.
    const said = noRefreshTokenLines(prepared.provider, name, stored.values.expires_at ? formatWhenLocal(stored.values.expires_at, now) : undefined);
    aboutStored.push({ health: 'sign-in-needed', message: said.message, next: said.next });
  } else if (refresh.state === 'missing') {
    aboutStored.push({ health: 'sign-in-needed', message: 'No refresh token is stored in any target.', next: `Run \`reauth setup ${shellQuote(name)}\` to sign in and store one.` });
  } else if (refresh.state === 'expired') {
    aboutStored.push({ health: 'sign-in-needed', message: `The refresh token expired at ${refresh.expiresAt}.`, next: `Run \`${renew}\` to sign in again.` });
  } else if (refresh.state === 'expiring' && expiryWarning) {
    // 3 days or less: first among the warnings.
    if (expiryWarning.level === 'notice') warnings.push(expiryWarning.message);
    else warnings.unshift(expiryWarning.message);
  } else if (!hardExpiry && life?.kind === 'fixed-from-first-issue') {
    // Tokens stored before reauth kept the first-sign-in date (or by hand): the day is coming
    // but unknown. Said, so a silent status is never read as "nothing will break".
    warnings.push(
      `${prepared.provider.name} refresh tokens stop working ${life.days} days after the first sign-in, and reauth does not know when this one was issued, so it cannot warn before that day: run \`${renew}\` to start a count it keeps, or add refresh_expires_at to a target's keys.`,
    );
  }

  const access = accessTokenState(stored.values, lastRefresh, now);
  if (access.state === 'expired') {
    aboutStored.push({ health: 'refresh-needed', message: `The access token expired at ${access.expiresAt}.`, next: `\`reauth refresh ${shellQuote(name)}\` gets a new one (schedule it with cron).` });
  }

  const clientId = clientCredentials(profile, stored).clientId;
  const liveChecks = access.state === 'expired' ? [] : await checkEveryAccessToken(prepared, readings, clientId, deps);
  for (const check of liveChecks) {
    if (check.ok || !check.problem) continue;
    aboutStored.push(liveCheckFinding(check, access.state, name));
  }
  for (const finding of aboutStored) {
    const replaced = rescues.length > 0 && (finding.health === 'sign-in-needed' || finding.health === 'refresh-needed');
    if (replaced) warnings.push(`${finding.message} (the rescued tokens replace these once written)`);
    else findings.push(finding);
  }
  return finish(
    { ...base, provider: prepared.provider.name, targets, access, refresh, lastRefresh, liveChecks, rescues: rescues.map((r) => r.path), warnings, ...(expiryWarning ? { refreshExpiryWarning: expiryWarning } : {}) },
    findings,
    redact,
  );
}

/** Rescue files of the profile: tokens waiting to be written, tokens lost, requests that died in flight. */
function rescueFindings(files: readonly RescueFile[], waiting: readonly RescueFile[], name: string, now: number): Finding[] {
  const findings: Finding[] = [];
  if (waiting[0]) {
    findings.push({
      health: 'rescue-waiting',
      message: `Tokens obtained ${formatWhen(waiting[0].obtainedAt, now)} that could not be written are waiting in ${waiting[0].path}.`,
      next: `Fix the target that failed, then run \`reauth refresh ${shellQuote(name)}\`: it writes them to every target first.`,
    });
  }
  const lost = files.find((f) => f.state === 'lost');
  if (lost) {
    findings.push({
      health: 'sign-in-needed',
      message: `A refresh ${formatWhen(lost.obtainedAt, now)} received new tokens but could write them nowhere (not even ${lost.path}): they are lost, and the stored refresh token may no longer work.`,
      next: `Run \`reauth setup ${shellQuote(name)}\` to sign in again (that also removes ${lost.path}).`,
    });
  }
  const died = files.find((f) => f.state === 'reserved' && f.abandoned);
  if (died) {
    findings.push({
      health: 'refresh-needed',
      message: `A reauth run was stopped ${formatWhen(died.savedAt, now)} while it waited for the service's answer; if the service had already answered, those tokens were lost.`,
      next: `Run \`reauth refresh ${shellQuote(name)}\` now: if it exits with 3, run \`reauth setup ${shellQuote(name)}\`.`,
    });
  }
  return findings;
}

/** What the last refresh said, while the refresh token it used is still the one stored. */
function lastAttemptFindings(last: RefreshState | undefined, stored: FieldValues, name: string, now: number): Finding[] {
  if (!last?.last_result || last.last_result === 'ok' || !stored.refresh_token) return [];
  const sameToken = last.refresh_token_id === tokenId(stored.refresh_token);
  const when = formatWhen(last.last_attempt_at ?? '', now);
  const said = last.last_message ?? '';
  switch (last.last_result) {
    case 'sign-in-again':
      return sameToken
        ? [{ health: 'sign-in-needed', message: `The last refresh (${when}) was refused and the same refresh token is still stored: ${said || 'it is no longer valid'}`, next: `Run \`reauth setup ${shellQuote(name)}\` to sign in again.` }]
        : [];
    case 'tokens-lost':
      return sameToken ? [{ health: 'sign-in-needed', message: `The last refresh (${when}) lost the new tokens: ${said}`, next: `Run \`reauth setup ${shellQuote(name)}\` to sign in again.` }] : [];
    case 'config':
    case 'bug':
      // invalid_client, a missing secret…: cron keeps failing until a person fixes the configuration.
      return sameToken ? [{ health: 'config-error', message: `The last refresh (${when}) failed: ${said}`, next: `Fix that, then run \`reauth refresh ${shellQuote(name)}\`.` }] : [];
    default:
      return [];
  }
}

/** One check per distinct access token: targets that disagree are each checked. */
async function checkEveryAccessToken(prepared: PreparedProfile, readings: readonly TargetReading[], clientId: string | undefined, deps: Deps): Promise<LiveCheckStatus[]> {
  const byToken = new Map<string, string[]>();
  for (const reading of readings) {
    const token = reading.values.access_token;
    if (token) byToken.set(token, [...(byToken.get(token) ?? []), reading.target.label]);
  }
  const checks: LiveCheckStatus[] = [];
  for (const [token, labels] of byToken) {
    const result = await runLiveCheck(prepared.provider, token, { ...(clientId ? { clientId } : {}), settings: { ...prepared.profile.settings } }, deps);
    if (result.ok) checks.push({ targets: labels, ok: true, summary: result.summary });
    else checks.push({ targets: labels, ok: false, problem: result.problem });
  }
  return checks;
}

function liveCheckFinding(check: LiveCheckStatus, access: ExpiryState, name: string): Finding {
  const problem = check.problem!;
  const where = check.targets.join(', ');
  if (problem.kind === 'sign-in-again') {
    // Refused although not known to be expired: revoked, or another program refreshed this
    // pair — unless the service itself says it expired and a refresh fixes it (Netatmo error 3).
    const refreshFixesIt = /reauth refresh/.test(problem.next ?? '');
    if ((access === 'valid' || access === 'expiring') && !refreshFixesIt) {
      return {
        health: 'sign-in-needed',
        message: `The access token in ${where} was refused before its expiry time: ${problem.message}`,
        next: `Try \`reauth refresh ${shellQuote(name)}\`; if it exits with 3, run \`reauth setup ${shellQuote(name)}\`.`,
      };
    }
    return {
      health: 'refresh-needed',
      message: `The access token in ${where} was refused (expired, or revoked): ${problem.message}`,
      next: `\`reauth refresh ${shellQuote(name)}\` gets a new one if the refresh token still works.`,
    };
  }
  const health: ProfileHealth = problem.kind === 'unavailable' ? 'unavailable' : 'config-error';
  return { health, message: `The live check of ${where} failed: ${problem.message}`, ...(problem.next ? { next: problem.next } : {}) };
}

function accessTokenState(values: FieldValues, last: RefreshState | undefined, now: number): ProfileStatus['access'] {
  if (!values.access_token) return { state: 'missing' };
  const expires = Date.parse(values.expires_at ?? '');
  if (!Number.isFinite(expires)) return { state: 'unknown' };
  const expiresAt = values.expires_at!;
  if (expires <= now) return { state: 'expired', expiresAt };
  // The lifetime is known only when reauth refreshed it: from then to the expiry.
  const obtained = Date.parse(last?.last_refresh_at ?? '');
  const lifetime = Number.isFinite(obtained) && obtained < expires ? expires - obtained : undefined;
  if (lifetime !== undefined && expires - now < lifetime * EXPIRING_SHARE) return { state: 'expiring', expiresAt };
  return { state: 'valid', expiresAt };
}

function refreshTokenState(refreshToken: string | undefined, hardExpiry: string | undefined, now: number): ProfileStatus['refresh'] {
  if (!refreshToken) return { state: 'missing' };
  const expires = Date.parse(hardExpiry ?? '');
  if (!Number.isFinite(expires)) return { state: 'unknown' };
  const expiresAt = hardExpiry!;
  if (expires <= now) return { state: 'expired', expiresAt };
  return { state: expires - now <= REFRESH_EXPIRING_MS ? 'expiring' : 'valid', expiresAt };
}

function maskedFacts(values: FieldValues): Omit<TargetStatus, 'label'> {
  return {
    ...(values.access_token ? { accessToken: maskSecret(values.access_token) } : {}),
    ...(values.refresh_token ? { refreshToken: maskSecret(values.refresh_token) } : {}),
    ...(values.expires_at ? { expiresAt: values.expires_at } : {}),
    ...(values.expires_at === '' ? { expiryUnknown: true } : {}),
    ...(values.refresh_expires_at ? { refreshExpiresAt: values.refresh_expires_at } : {}),
  };
}

function fromError(error: unknown, fallback: ProfileHealth): Finding {
  if (!(error instanceof UserError)) return { health: fallback, message: `reauth hit an internal error: ${error instanceof Error ? error.message : String(error)}` };
  const health: ProfileHealth = error.exitCode === ExitCode.unavailable ? 'unavailable' : error.exitCode === ExitCode.signInAgain ? 'sign-in-needed' : fallback;
  return { health, message: error.message, ...(error.nextStep ? { next: error.nextStep } : {}) };
}

function finish(partial: Omit<ProfileStatus, 'health' | 'exitCode' | 'findings'>, findings: readonly Finding[], redact: (text: string) => string): ProfileStatus {
  const sorted = [...findings]
    .sort((a, b) => HEALTH_ORDER.indexOf(a.health) - HEALTH_ORDER.indexOf(b.health))
    .map((f) => ({ health: f.health, message: redact(f.message), ...(f.next ? { next: redact(f.next) } : {}) }));
  const health = sorted[0]?.health ?? 'ok';
  const liveChecks = partial.liveChecks.map((c) => (c.problem ? { ...c, problem: { ...c.problem, message: redact(c.problem.message) } } : c));
  return { ...partial, liveChecks, warnings: partial.warnings.map(redact), health, exitCode: HEALTH_EXIT_CODE[health], findings: sorted };
}

/**
 * Tokens kept for a new connection that was never saved as a profile (Ctrl+C at the preview):
 * `reauth setup` of that service offers them again; status lists them so they are not forgotten.
 */
export async function unsavedConnections(config: ReauthConfig, deps: Deps): Promise<ProfileStatus[]> {
  const files = (await listRescueFiles(config.baseDir)).filter((f) => f.state === 'kept' && f.profile === undefined && f.service);
  return files.map((file) => {
    const service = file.service!;
    const name = serviceName(config, service);
    const finding: Finding = {
      health: 'rescue-waiting',
      message: `Tokens obtained ${formatWhen(file.obtainedAt, deps.now())}${file.clientId ? ` for client ID ${file.clientId}` : ''} were never written; they are kept in ${file.path}.`,
      next: `Run \`reauth setup --provider ${shellQuote(service)}\` with the same client ID: it offers them before any sign-in.`,
    };
    return {
      profile: 'new connection, not saved',
      unsaved: { service, ...(file.clientId ? { clientId: file.clientId } : {}) },
      provider: name,
      health: 'rescue-waiting',
      exitCode: HEALTH_EXIT_CODE['rescue-waiting'],
      targets: [],
      access: { state: 'unknown' },
      refresh: { state: 'unknown' },
      liveChecks: [],
      rescues: [file.path],
      findings: [finding],
      warnings: [],
    };
  });
}

/** The service's display name (`Netatmo`), or its id when reauth.yaml no longer describes it. */
function serviceName(config: ReauthConfig, service: string): string {
  try {
    // Offline: only the name is wanted, also for a service given by its issuer alone.
    return resolveProviderOffline(config, { provider: service, settings: {} }).name;
  } catch {
    return service;
  }
}
