/**
 * `notify:` (issue 12), at the top level or in a profile: a shell command, a webhook URL and
 * a ping URL. Checked when the file is read, so a typo fails at once with its line instead of
 * silently never alerting. Webhook and ping addresses often hold a secret (a Slack hook's
 * path, an ntfy topic, a healthchecks UUID): messages show their origin only.
 */
import { isScalar } from 'yaml';
import { isLoopbackHost } from '../oauth/http.js';
import type { ConfigReader } from './config-reader.js';
import { envReferencesIn, hasEnvReference } from './expand-env.js';
import { NOTIFY_KEYS, WEBHOOK_FORMATS } from './known-keys.js';
import type { NotifyConfig } from './types.js';

export function readNotify(reader: ConfigReader, node: unknown, field: string, line: number): NotifyConfig {
  // `notify:` with nothing after it is an empty section (as `profiles:` is), not an error.
  const given = reader.resolve(node);
  if (given === null || (isScalar(given) && given.value === null)) return {};
  const map = reader.map(node, field, line);
  const fields = reader.fields(map, field, NOTIFY_KEYS);
  const text = (key: (typeof NOTIFY_KEYS)[number]): string | undefined => {
    const entry = fields.get(key);
    if (!entry) return undefined;
    // `webhook:` with nothing after it, or '', switches a top-level channel off for a profile.
    const resolved = reader.resolve(entry.node);
    if (resolved === null || (isScalar(resolved) && (resolved.value === null || resolved.value === ''))) return '';
    return reader.string(entry.node, `${field}.${key}`, entry.line).trim();
  };

  const command = text('command');
  const webhook = text('webhook');
  const pingUrl = text('ping_url');
  const format = text('webhook_format');
  for (const [key, value] of [['webhook', webhook], ['ping_url', pingUrl]] as const) {
    if (value) checkAddress(reader, value, `${field}.${key}`, fields.get(key)?.line ?? line);
  }
  if (format && !(WEBHOOK_FORMATS as readonly string[]).includes(format)) {
    throw reader.fail(
      fields.get('webhook_format')?.line ?? line,
      `${field}.webhook_format must be one of ${WEBHOOK_FORMATS.join(', ')} (found ${JSON.stringify(format)}): json for Slack, Discord and most receivers, text for ntfy.`,
    );
  }
  return {
    ...(command !== undefined ? { command } : {}),
    ...(webhook !== undefined ? { webhook } : {}),
    ...(format ? { webhook_format: format as NotifyConfig['webhook_format'] } : {}),
    ...(pingUrl !== undefined ? { ping_url: pingUrl } : {}),
  };
}

/** https anywhere, plain http only to this machine (as for every other address in the file). */
function checkAddress(reader: ConfigReader, value: string, field: string, line: number): void {
  if (hasEnvReference(value)) {
    // Checked again once expanded; here only that the `${...}` itself is well formed.
    envReferencesIn(value, { file: reader.file, line, field });
    return;
  }
  const problem = addressProblem(value, field);
  if (problem) throw reader.fail(line, problem);
}

/** Why `value` cannot be used as a notify address, or undefined; never quotes more than its origin. */
export function addressProblem(value: string, field: string): string | undefined {
  const parsed = URL.canParse(value) ? new URL(value) : undefined;
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    return `${field} must be a whole https:// address, e.g. https://ntfy.sh/my-topic (found ${JSON.stringify(maskedAddress(value))}).`;
  }
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
    return `${field} uses plain http to ${parsed.host}: anyone on the way could read the alert; use its https:// address (plain http is allowed only for 127.0.0.1 and localhost).`;
  }
  return undefined;
}

/** An address as it may appear in messages: scheme and host, the rest (which may be a secret) cut. */
export function maskedAddress(value: string): string {
  if (URL.canParse(value)) {
    const url = new URL(value);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.pathname === '/' && !url.search ? url.origin : `${url.origin}/…`;
  }
  return value.length > 12 ? `${value.slice(0, 8)}…` : '…';
}
