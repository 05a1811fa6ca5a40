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
import type { ErrorExplanation } from '../providers/types.js';
import { maskSecret, redactSecrets } from '../secret-mask.js';
import { shellQuote } from '../shell-quote.js';
import { findRescues } from '../tokens/rescue.js';
import type { FieldValues } from '../tokens/token-set.js';
import { clientCredentials, forProfile, prepareProfile, storedTokens, type PreparedProfile, type TargetReading } from './refresh-sources.js';
import { formatWhen } from './refresh-output.js';
import { readRefreshState, tokenId, type RefreshState } from './refresh-state.js';

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
const REFRESH_EXPIRING_MS = 30 * 86_400_000;

export type ExpiryState = 'valid' | 'expiring' | 'expired' | 'unknown' | 'missing';

export interface TargetStatus {
  readonly label: string;
  readonly error?: string;
  /** Masked. */
  readonly accessToken?: string;
  readonly refreshToken?: string;
  readonly expiresAt?: string;
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
}

export async function profileStatus(config: ReauthConfig, name: string, deps: Deps): Promise<ProfileStatus> {
  const findings: Finding[] = [];
  const warnings: string[] = [];
  const secrets: (string | undefined)[] = [deps.env.HEROKU_API_KEY];
  const redact = (text: string) => forProfile(redactSecrets(text, secrets), name);
  const base = { profile: name, provider: config.profiles[name]?.provider ?? name };
  const [lastRefresh, rescues] = await Promise.all([readRefreshState(config.baseDir, name), findRescues(config.baseDir, name)]);

  let prepared: PreparedProfile;
  try {
    prepared = prepareProfile(config, name, deps, { expandEnv: false });
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

  if (rescues.length > 0) {
    findings.push({
      health: 'rescue-waiting',
      message: `Tokens that could not be written on ${rescues[0]!.savedAt} are waiting in ${rescues[0]!.path}.`,
      next: `Fix the target that failed, then run \`reauth refresh ${shellQuote(name)}\`: it writes them to every target first.`,
    });
  }

  const refresh = refreshTokenState(stored.values, now);
  if (refresh.state === 'missing') {
    findings.push({ health: 'sign-in-needed', message: 'No refresh token is stored in any target.', next: `Run \`reauth setup ${shellQuote(name)}\` to sign in and store one.` });
  } else if (refresh.state === 'expired') {
    findings.push({ health: 'sign-in-needed', message: `The refresh token expired at ${refresh.expiresAt}.`, next: `Run \`reauth setup ${shellQuote(name)}\` to sign in again.` });
  } else if (lastRefresh?.last_result === 'sign-in-again' && lastRefresh.refresh_token_id === tokenId(stored.values.refresh_token!)) {
    findings.push({
      health: 'sign-in-needed',
      message: `The last refresh (${formatWhen(lastRefresh.last_attempt_at ?? '', now)}) was refused and the same refresh token is still stored: ${lastRefresh.last_message ?? 'it is no longer valid'}`,
      next: `Run \`reauth setup ${shellQuote(name)}\` to sign in again.`,
    });
  } else if (refresh.state === 'expiring') {
    warnings.push(`The refresh token expires at ${refresh.expiresAt}: sign in again before then with \`reauth setup ${shellQuote(name)}\`.`);
  }

  const access = accessTokenState(stored.values, lastRefresh, now);
  if (access.state === 'expired') {
    findings.push({ health: 'refresh-needed', message: `The access token expired at ${access.expiresAt}.`, next: `\`reauth refresh ${shellQuote(name)}\` gets a new one (schedule it with cron).` });
  }

  const clientId = clientCredentials(profile, stored).clientId;
  const liveChecks = access.state === 'expired' ? [] : await checkEveryAccessToken(prepared, readings, clientId, deps);
  for (const check of liveChecks) {
    if (check.ok || !check.problem) continue;
    findings.push(liveCheckFinding(check, access.state, name));
  }
  return finish({ ...base, provider: prepared.provider.name, targets, access, refresh, lastRefresh, liveChecks, rescues: rescues.map((r) => r.path), warnings }, findings, redact);
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

function refreshTokenState(values: FieldValues, now: number): ProfileStatus['refresh'] {
  if (!values.refresh_token) return { state: 'missing' };
  const expires = Date.parse(values.refresh_expires_at ?? '');
  if (!Number.isFinite(expires)) return { state: 'unknown' };
  const expiresAt = values.refresh_expires_at!;
  if (expires <= now) return { state: 'expired', expiresAt };
  return { state: expires - now < REFRESH_EXPIRING_MS ? 'expiring' : 'valid', expiresAt };
}

function maskedFacts(values: FieldValues): Omit<TargetStatus, 'label'> {
  return {
    ...(values.access_token ? { accessToken: maskSecret(values.access_token) } : {}),
    ...(values.refresh_token ? { refreshToken: maskSecret(values.refresh_token) } : {}),
    ...(values.expires_at ? { expiresAt: values.expires_at } : {}),
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
