/**
 * Hard refresh-token expiries (issue 12, point 3): when a refresh token dies whatever reauth
 * does (TikTok: 365 days after the first sign-in), and the warning `status`, `refresh` and
 * `notify:` give 14, 3 and 1 day(s) before, with the command that renews it. Pure: every
 * time comes in as a parameter.
 */
import type { RefreshTokenLife } from '../providers/types.js';
import { isoUtc } from '../oauth/token-response.js';

const DAY_MS = 86_400_000;

/** Days before a hard expiry at which reauth starts warning, then warns more strongly. */
export const WARN_DAYS = { notice: 14, soon: 3, urgent: 1 } as const;

export type RefreshExpiryLevel = 'notice' | 'soon' | 'urgent' | 'expired';

/** What `refresh` and `status` hand on (and `notify:` alerts): stable, plain data. */
export interface RefreshExpiryWarning {
  readonly level: RefreshExpiryLevel;
  /** Whole days left, rounded up (0 once expired). */
  readonly daysLeft: number;
  /** ISO 8601 UTC. */
  readonly expiresAt: string;
  /** The exact command that signs in again, e.g. `reauth setup clips -c config/reauth.yaml`. */
  readonly renewCommand: string;
  /** One plain sentence, with the command. */
  readonly message: string;
}

/**
 * The latest the refresh token can live, from the first-sign-in date and the preset — only
 * for a life fixed from the first issue; otherwise undefined (nothing to compute from).
 */
export function expiryFromFirstIssue(life: RefreshTokenLife | undefined, issuedAt: string | undefined): string | undefined {
  if (life?.kind !== 'fixed-from-first-issue' || !issuedAt) return undefined;
  const at = Date.parse(issuedAt);
  return Number.isFinite(at) ? isoUtc(at + life.days * DAY_MS) : undefined;
}

/** The first-sign-in date a hard expiry implies (for a profile set up before reauth kept it). */
export function firstIssueFromExpiry(life: RefreshTokenLife | undefined, expiresAt: string | undefined): string | undefined {
  if (life?.kind !== 'fixed-from-first-issue' || !expiresAt) return undefined;
  const at = Date.parse(expiresAt);
  return Number.isFinite(at) ? isoUtc(at - life.days * DAY_MS) : undefined;
}

/** The earliest of the readable ISO dates given, or undefined. */
export function earliest(...dates: readonly (string | undefined)[]): string | undefined {
  let best: { at: number; iso: string } | undefined;
  for (const iso of dates) {
    const at = Date.parse(iso ?? '');
    if (iso && Number.isFinite(at) && (!best || at < best.at)) best = { at, iso };
  }
  return best?.iso;
}

/**
 * A fresh sign-in's hard expiry: what the service sent, or — when it sent nothing — the
 * preset's lifetime from now. The earlier one wins when both are known.
 */
export function signInExpiry(life: RefreshTokenLife | undefined, sent: string | undefined, obtainedAt: string): string | undefined {
  return earliest(sent, expiryFromFirstIssue(life, obtainedAt));
}

/**
 * A refresh's hard expiry. With a life fixed from the first issue a refresh never moves the
 * date forward: the earliest of what the service sent now, what the targets held, and the
 * first sign-in date plus the lifetime. (TikTok's own `refresh_expires_in` counts down from
 * the first issue, PROVIDERS.md; if it ever restarted at 365 days, the kept date still wins.)
 * Other services: only what the service sent now.
 */
export function refreshedExpiry(
  life: RefreshTokenLife | undefined,
  facts: { readonly sent?: string | undefined; readonly stored?: string | undefined; readonly issuedAt?: string | undefined },
): string | undefined {
  if (life?.kind !== 'fixed-from-first-issue') return facts.sent;
  return earliest(facts.sent, facts.stored, expiryFromFirstIssue(life, facts.issuedAt));
}

/** `reauth setup NAME`, with `-c FILE` when the profiles file is not the default `reauth.yaml`. */
export function renewCommand(profile: string, configDisplayPath: string | undefined, quote: (s: string) => string): string {
  const config = configDisplayPath && configDisplayPath !== 'reauth.yaml' ? ` -c ${quote(configDisplayPath)}` : '';
  return `reauth setup ${quote(profile)}${config}`;
}

/**
 * The warning for a hard expiry at `expiresAt`, or undefined while more than 14 days are
 * left (or nothing is known). `life` adds why the date cannot move, and says so when unconfirmed.
 */
export function refreshExpiryWarning(
  expiresAt: string | undefined,
  nowMs: number,
  command: string,
  life?: RefreshTokenLife,
): RefreshExpiryWarning | undefined {
  const at = Date.parse(expiresAt ?? '');
  if (!expiresAt || !Number.isFinite(at)) return undefined;
  const leftMs = at - nowMs;
  if (leftMs > WARN_DAYS.notice * DAY_MS) return undefined;
  const daysLeft = Math.max(0, Math.ceil(leftMs / DAY_MS));
  const level: RefreshExpiryLevel = leftMs <= 0 ? 'expired' : leftMs <= WARN_DAYS.urgent * DAY_MS ? 'urgent' : leftMs <= WARN_DAYS.soon * DAY_MS ? 'soon' : 'notice';
  const why = lifeSentence(life);
  const message =
    level === 'expired'
      ? `The refresh token expired at ${expiresAt}${why}. Sign in again: \`${command}\`.`
      : `The refresh token expires in ${leftMs < DAY_MS ? 'less than a day' : `${daysLeft} days`} (${expiresAt})${why}. ${level === 'notice' ? 'Sign in again before then' : 'Sign in again now'}: \`${command}\`.`;
  return { level, daysLeft, expiresAt, renewCommand: command, message };
}

function lifeSentence(life: RefreshTokenLife | undefined): string {
  if (life?.kind !== 'fixed-from-first-issue') return '';
  const span = life.days % 365 === 0 ? `${life.days / 365 === 1 ? '365 days' : `${life.days / 365} years`}` : `${life.days} days`;
  return life.sure ? `: it lives ${span} from the first sign-in, and no refresh extends that` : `: counted ${span} from the first sign-in (unconfirmed: ${life.note ?? 'the service does not document it fully'})`;
}
