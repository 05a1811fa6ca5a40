/**
 * The whole-suite secret grep (SECURITY.md): every token a test service issues during the run
 * is recorded, every output a test captures from reauth is recorded, and when the run ends
 * (summary-reporter.ts) no output may hold a whole token. A test that only asserts "this
 * secret is not on this screen" proves it for the secrets it thought of; this catches the
 * ones nobody thought of — a token in a `--debug` trace, an error text, a retry's message.
 *
 * Workers are separate processes, so both sides are files under one folder per run, named in
 * the environment by global-setup.ts. Without it (a script outside vitest) recording is off.
 */
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SECRET_AUDIT_DIR_VAR = 'REAUTH_TEST_SECRET_AUDIT_DIR';

/** Shorter values (a TTLock uid, a port) are not secrets worth the name and would match by chance. */
const minSecretLength = 12;
/** Token fields in a token endpoint's JSON answer (RFC 6749 §5.1, OpenID's id_token). */
const tokenFields = new Set(['access_token', 'refresh_token', 'id_token']);

export function startSecretAudit(): string {
  const dir = mkdtempSync(join(tmpdir(), 'reauth-secret-audit-'));
  mkdirSync(join(dir, 'issued'));
  mkdirSync(join(dir, 'outputs'));
  process.env[SECRET_AUDIT_DIR_VAR] = dir;
  return dir;
}

function auditDir(): string | undefined {
  return process.env[SECRET_AUDIT_DIR_VAR] || undefined;
}

/** A secret that must never appear whole in any output: a token issued, a client secret, a password. */
export function recordSecret(...values: readonly (string | undefined)[]): void {
  const dir = auditDir();
  const secrets = values.filter((v): v is string => typeof v === 'string' && v.length >= minSecretLength && !v.includes('\n'));
  if (!dir || secrets.length === 0) return;
  appendFileSync(join(dir, 'issued', `${process.pid}.txt`), `${secrets.join('\n')}\n`);
}

/** Records the token fields of a token endpoint's answer (a JSON or form text, or an already-parsed body). */
export function recordIssuedTokens(body: unknown): void {
  if (!auditDir()) return;
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body) as unknown;
    } catch {
      // A form-encoded answer (`access_token=…&token_type=bearer`, issue 10) holds tokens too.
      if (!/^[\w.%+-]+=/.test(body.trim())) return;
      value = Object.fromEntries(new URLSearchParams(body.trim()));
    }
  }
  const found: string[] = [];
  const walk = (node: unknown, depth: number): void => {
    if (depth > 4 || node === null || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node)) {
      if (tokenFields.has(key) && typeof child === 'string') found.push(child);
      else walk(child, depth + 1);
    }
  };
  walk(value, 0);
  recordSecret(...found);
}

let outputSerial = 0;

/**
 * Something reauth showed: a pseudo-terminal's whole output, a command's stdout and stderr.
 * `label` says where it came from, for the failure message.
 */
export function recordOutput(label: string, text: string): void {
  const dir = auditDir();
  if (!dir || text === '') return;
  writeFileSync(join(dir, 'outputs', `${process.pid}-${++outputSerial}.json`), JSON.stringify({ label, text }));
}

export interface Leak {
  readonly label: string;
  /** The secret, masked as reauth masks (never printed whole here either). */
  readonly secret: string;
}

/**
 * Every (output, secret) pair where the output holds the whole secret. One pass over each
 * output: each secret is keyed by its last `keyLength` characters, so the cost is the outputs'
 * length, not their length times the number of secrets.
 */
export function findLeaks(secrets: Iterable<string>, outputs: Iterable<{ readonly label: string; readonly text: string }>): Leak[] {
  const keyLength = minSecretLength;
  const byKey = new Map<string, string[]>();
  for (const secret of new Set(secrets)) {
    if (secret.length < keyLength) continue;
    const key = secret.slice(-keyLength);
    byKey.set(key, [...(byKey.get(key) ?? []), secret]);
  }
  const lastChars = new Set([...byKey.keys()].map((key) => key.at(-1)!));
  const leaks: Leak[] = [];
  for (const { label, text } of outputs) {
    const seen = new Set<string>();
    for (let end = keyLength; end <= text.length; end++) {
      if (!lastChars.has(text[end - 1]!)) continue;
      const candidates = byKey.get(text.slice(end - keyLength, end));
      if (!candidates) continue;
      for (const secret of candidates) {
        if (!seen.has(secret) && end >= secret.length && text.startsWith(secret, end - secret.length)) {
          seen.add(secret);
          leaks.push({ label, secret: masked(secret) });
        }
      }
    }
  }
  return leaks;
}

function masked(secret: string): string {
  return `${secret.slice(0, 4)}…${secret.slice(-4)} (${secret.length} characters)`;
}

export interface AuditResult {
  readonly secrets: number;
  readonly outputs: number;
  readonly leaks: readonly Leak[];
}

/** Reads what the workers recorded under `dir`. */
export function auditRecorded(dir: string): AuditResult {
  const secrets = new Set<string>();
  for (const name of readdirSync(join(dir, 'issued'))) {
    for (const line of readFileSync(join(dir, 'issued', name), 'utf8').split('\n')) if (line) secrets.add(line);
  }
  const names = readdirSync(join(dir, 'outputs'));
  const outputs = (function* () {
    for (const name of names) yield JSON.parse(readFileSync(join(dir, 'outputs', name), 'utf8')) as { label: string; text: string };
  })();
  return { secrets: secrets.size, outputs: names.length, leaks: findLeaks(secrets, outputs) };
}
