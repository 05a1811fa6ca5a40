/**
 * What `reauth status` prints: a headline per profile (✔ working, ⚠ needs a refresh, ✘ needs
 * a person), then one line per target and the last refresh; or `--json` for scripts. Masked
 * values only.
 */
import { commandsIn, sentenceKey, splitSentences } from '../oauth/token-errors.js';
import { expiryWarningJson, formatWhen } from './refresh-output.js';
import type { ProfileStatus, TargetStatus } from './status-profile.js';

export function statusText(results: readonly ProfileStatus[], nowMs: number): string {
  const lines: string[] = [];
  for (const result of results) {
    lines.push(headline(result));
    const next = result.findings[0]?.next;
    // The headline and the one next step are said first; any later line repeating a sentence or
    // a command of theirs (an expiry warning's "sign in again: `reauth setup …`") loses it.
    const said = saidIn([headline(result), next ?? '']);
    for (const finding of result.findings.slice(1)) {
      const message = unsaid(finding.message, said);
      if (message) lines.push(`    ${finding.health === 'refresh-needed' ? '⚠' : '✘'} ${message}`);
    }
    if (next) lines.push(`    ${next}`);
    for (const target of result.targets) lines.push(`    ${target.label}: ${targetLine(target, nowMs)}`);
    // A working profile's headline already quotes its one check.
    const quoted = result.findings.length === 0 && result.liveChecks.length === 1;
    for (const check of quoted ? [] : result.liveChecks) {
      if (check.ok) lines.push(`    live check${result.liveChecks.length > 1 ? ` (${check.targets.join(', ')})` : ''}: ${check.summary ?? 'passed'}`);
    }
    const last = result.lastRefresh;
    if (last?.last_attempt_at) {
      const when = last.last_refresh_at ? `${formatWhen(last.last_refresh_at, nowMs)} (${ago(last.last_refresh_at, nowMs)})` : 'never by reauth';
      const latest = last.last_result && last.last_result !== 'ok' ? `; the latest attempt (${formatWhen(last.last_attempt_at, nowMs)}) failed: ${last.last_result}` : '';
      lines.push(`    last refresh: ${when}${latest}`);
    }
    for (const warning of result.warnings) {
      const text = unsaid(warning, said);
      if (text) lines.push(`    ⚠ ${text}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

interface Said {
  readonly sentences: Set<string>;
  readonly commands: Set<string>;
}

function saidIn(texts: readonly string[]): Said {
  const sentences = texts.flatMap(splitSentences);
  return { sentences: new Set(sentences.map((s) => sentenceKey(s))), commands: new Set(sentences.flatMap(commandsIn)) };
}

/**
 * `text` without the sentences already said, nor — after its first sentence, which says what
 * happened — the instructions naming a command already given; what is kept is then noted as said.
 */
function unsaid(text: string, said: Said): string {
  const kept = splitSentences(text).filter((sentence, index) => {
    const key = sentenceKey(sentence);
    if (key === '' || said.sentences.has(key)) return false;
    if (index > 0 && commandsIn(sentence).some((c) => said.commands.has(c))) return false;
    said.sentences.add(key);
    for (const command of commandsIn(sentence)) said.commands.add(command);
    return true;
  });
  return kept.join(' ');
}

function headline(result: ProfileStatus): string {
  const who = `${result.profile} (${result.provider})`;
  const first = result.findings[0];
  if (!first) {
    const check = result.liveChecks.find((c) => c.ok);
    return `✔ ${who}: working${check?.summary ? ` — ${check.summary}` : ''}`;
  }
  const mark = first.health === 'refresh-needed' ? '⚠' : '✘';
  const label: Record<ProfileStatus['health'], string> = {
    'sign-in-needed': 'sign-in needed',
    'rescue-waiting': 'rescued tokens waiting',
    'config-error': 'configuration problem',
    unavailable: 'service unavailable',
    'refresh-needed': 'refresh needed',
    ok: 'working',
  };
  return `${mark} ${who}: ${label[first.health]} — ${first.message}`;
}

function targetLine(target: TargetStatus, nowMs: number): string {
  if (target.error) return `✘ ${target.error}`;
  const parts: string[] = [];
  if (target.accessToken) {
    const expiry = target.expiresAt ? expiryPhrase(target.expiresAt, nowMs) : target.expiryUnknown ? 'expiry unknown (the service gave no lifetime)' : 'expiry not stored';
    parts.push(`access token ${target.accessToken}, ${expiry}`);
  }
  if (target.refreshToken) {
    parts.push(`refresh token ${target.refreshToken}${target.refreshExpiresAt ? `, ${expiryPhrase(target.refreshExpiresAt, nowMs)}` : ''}`);
  }
  return parts.length > 0 ? parts.join(' · ') : 'no tokens stored';
}

function expiryPhrase(iso: string, nowMs: number): string {
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return `expiry "${iso}" unreadable`;
  if (at <= nowMs) return `expired ${formatWhen(iso, nowMs)} (${ago(iso, nowMs)})`;
  return `valid until ${formatWhen(iso, nowMs)} (${duration(at - nowMs)} left)`;
}

function ago(iso: string, nowMs: number): string {
  const at = Date.parse(iso);
  return Number.isFinite(at) ? `${duration(Math.max(0, nowMs - at))} ago` : iso;
}

/** `45 s`, `12 min`, `2 h 10 min`, `89 days`. */
export function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days`;
}

/** The `--json` shape: one object per profile, stable keys, null where unknown. */
export function statusJson(results: readonly ProfileStatus[]): string {
  const rows = results.map((r) => ({
    profile: r.unsaved ? null : r.profile,
    ...(r.unsaved ? { unsaved_connection: { service: r.unsaved.service } } : {}),
    provider: r.provider,
    ok: r.exitCode === 0,
    health: r.health,
    exit_code: r.exitCode,
    access_token: { state: r.access.state, expires_at: r.access.expiresAt ?? null },
    refresh_token: { state: r.refresh.state, expires_at: r.refresh.expiresAt ?? null },
    refresh_expiry_warning: r.refreshExpiryWarning ? expiryWarningJson(r.refreshExpiryWarning) : null,
    last_refresh: r.lastRefresh
      ? {
          at: r.lastRefresh.last_refresh_at ?? null,
          attempt_at: r.lastRefresh.last_attempt_at ?? null,
          result: r.lastRefresh.last_result ?? null,
          message: r.lastRefresh.last_message ?? null,
        }
      : null,
    targets: r.targets.map((t) => ({
      target: t.label,
      ok: !t.error,
      error: t.error ?? null,
      access_token: t.accessToken ?? null,
      refresh_token: t.refreshToken ?? null,
      expires_at: t.expiresAt ?? null,
      refresh_expires_at: t.refreshExpiresAt ?? null,
    })),
    live_checks: r.liveChecks.map((c) => ({ targets: c.targets, ok: c.ok, summary: c.summary ?? null, problem: c.problem ? { kind: c.problem.kind, message: c.problem.message } : null })),
    rescue_files: r.rescues,
    findings: r.findings,
    warnings: r.warnings,
  }));
  return `${JSON.stringify(rows, null, 2)}\n`;
}
