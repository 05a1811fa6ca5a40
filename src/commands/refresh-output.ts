/**
 * What `reauth refresh` prints: one line per profile for people and cron logs, or a JSON
 * array for scripts. Only masked values ever reach either.
 */
import { ExitCode } from '../errors.js';
import type { ProfileRefreshResult } from './refresh-profile.js';
import { formatWhen } from '../format-when.js';
import type { RefreshExpiryWarning } from '../tokens/refresh-expiry.js';

/** What a command hands back to cli.ts, the only place that prints and exits. */
export interface CommandOutput {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Several profiles, one exit code: a stop signal first (a killed run says so, 130/143/129, as
 * every Unix program does), then the most urgent, so an alerting script sees first what needs
 * a person (3 sign in, 5 rescued tokens, 2 configuration, 1 a bug), then what only needs time (4).
 */
const URGENCY: readonly number[] = [
  ExitCode.terminated,
  ExitCode.hangUp,
  ExitCode.interrupted,
  ExitCode.signInAgain,
  ExitCode.writeFailed,
  ExitCode.usage,
  ExitCode.bug,
  ExitCode.unavailable,
];

export function combinedExitCode(codes: readonly number[]): number {
  for (const code of URGENCY) if (codes.includes(code)) return code;
  return codes.find((code) => code !== ExitCode.ok) ?? ExitCode.ok;
}

/** `14:32` today, `2025-03-04 14:32` another day (local time, as a person reads a log). */
export { formatWhen };

export function refreshText(results: readonly ProfileRefreshResult[], nowMs: number): { stdout: string; stderr: string } {
  const out: string[] = [];
  const err: string[] = [];
  for (const result of results) {
    const lines = result.outcome === 'failed' || result.error ? err : out;
    lines.push(headline(result, nowMs));
    if (result.rescueApplied) lines.push(`  ✔ first wrote the tokens rescued in ${result.rescueApplied} to every target`);
    if (result.outcome === 'failed' && result.writes.length > 0) {
      for (const write of result.writes) lines.push(write.ok ? `  ✔ ${write.label}: ${write.summary}` : `  ✘ ${write.label}: ${write.error}`);
    }
    if (result.afterWrite) lines.push(`  ${result.afterWrite.ok ? '✔' : '✘'} after_write: ${result.afterWrite.summary}`);
    for (const warning of result.warnings) lines.push(`  ⚠ ${warning}`);
    if (result.error?.next) lines.push(`  ${result.error.next}`);
    if (result.error?.stack) lines.push(result.error.stack);
    // On stderr even when the refresh worked: cron mails stderr, and a person must act.
    if (result.refreshExpiryWarning) err.push(`⚠ ${result.profile}: ${result.refreshExpiryWarning.message}`);
  }
  return { stdout: joinLines(out), stderr: joinLines(err) };
}

function headline(result: ProfileRefreshResult, nowMs: number): string {
  const validity = result.expiresAt ? `access token valid until ${formatWhen(result.expiresAt, nowMs)}` : `${result.provider} gave no expiry time`;
  const labels = result.writes.filter((w) => w.ok).map((w) => w.label);
  if (result.outcome === 'refreshed') {
    const line = `${result.error ? '✘' : '✔'} ${result.profile}: refreshed, ${validity} (${labels.join(', ')})`;
    return result.error ? `${line}\n  ${result.error.message}` : line;
  }
  if (result.outcome === 'refreshed-elsewhere') {
    return `✔ ${result.profile}: another reauth run refreshed it moments ago; ${validity} (nothing spent twice)`;
  }
  return `✘ ${result.profile}: ${result.error?.message ?? 'failed'}`;
}

/** The `--json` shape: one object per profile, stable keys, null where unknown. */
export function refreshJson(results: readonly ProfileRefreshResult[]): string {
  const rows = results.map((r) => ({
    profile: r.profile,
    provider: r.provider,
    ok: r.exitCode === ExitCode.ok,
    outcome: r.outcome,
    exit_code: r.exitCode,
    access_token: r.accessToken ?? null,
    refresh_token: r.refreshToken ?? null,
    refresh_token_rotated: r.refreshTokenRotated ?? null,
    expires_at: r.expiresAt ?? null,
    refresh_expires_at: r.refreshExpiresAt ?? null,
    targets: r.writes.map((w) => (w.ok ? { target: w.label, ok: true, summary: w.summary } : { target: w.label, ok: false, error: w.error })),
    rescue_file: r.rescuePath ?? null,
    rescued_tokens_applied: r.rescueApplied ?? null,
    after_write: r.afterWrite ?? null,
    refresh_expiry_warning: r.refreshExpiryWarning ? expiryWarningJson(r.refreshExpiryWarning) : null,
    warnings: r.warnings,
    error: r.error ? { message: r.error.message, next: r.error.next ?? null, code: r.error.code ?? null } : null,
  }));
  return `${JSON.stringify(rows, null, 2)}\n`;
}

/** A hard refresh-token expiry ahead, for scripts (`status --json` uses the same shape). */
export function expiryWarningJson(w: RefreshExpiryWarning): { level: string; days_left: number; expires_at: string; renew_command: string; message: string } {
  return { level: w.level, days_left: w.daysLeft, expires_at: w.expiresAt, renew_command: w.renewCommand, message: w.message };
}

/** reauth.yaml's own notes (an ignored field, a secret written out in full), one `⚠` line each. */
export function configWarnings(warnings: readonly string[] | undefined): string {
  return joinLines((warnings ?? []).map((w) => `⚠ ${w}`));
}

function joinLines(lines: readonly string[]): string {
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
