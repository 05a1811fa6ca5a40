/**
 * Secrets never appear whole on screen, in logs, in error text or in --json output.
 * `abcd…wxyz (40 chars)`: enough to tell two tokens apart, not enough to use one.
 */
export function maskSecret(value: string | undefined | null): string {
  if (value === undefined || value === null || value === '') return '(empty)';
  // Showing 8 characters of a 15-character secret would give away half of it: short secrets
  // show less, very short ones nothing.
  if (value.length < 12) return `${'•'.repeat(8)} (${value.length} chars)`;
  const shown = value.length < 20 ? 2 : 4;
  return `${value.slice(0, shown)}…${value.slice(-shown)} (${value.length} chars)`;
}

/** Replace every occurrence of any of `secrets` in `text` by its mask (for error bodies and logs). */
export function redactSecrets(text: string, secrets: Iterable<string | undefined>): string {
  let out = text;
  const sorted = [...secrets].filter((s): s is string => !!s && s.length >= 6).sort((a, b) => b.length - a.length);
  for (const secret of sorted) out = out.split(secret).join(maskSecret(secret));
  return out;
}

/**
 * Token fields an answer may carry. An answer quoted in an error (a body reauth could not read)
 * may hold a token nobody knew yet — the one the service just issued — so those are found by
 * name in the text itself, not only among the secrets the caller knew.
 */
const TOKEN_NAMES = 'access_token|refresh_token|id_token|device_code|client_secret';
// `"name": "value"` (JSON, single quotes too) and `name=value` (a form or query string, where
// `code` and `password` are secrets too; in JSON `code` is usually an error number).
const QUOTED_TOKEN = new RegExp(`(["']?)\\b(${TOKEN_NAMES})\\1(\\s*:\\s*)(["'])((?:\\\\.|(?!\\4)[^\\\\])*)\\4`, 'gi');
const FORM_TOKEN = new RegExp(`(^|[?&;\\s])(${TOKEN_NAMES}|code|password)=([^&\\s;]*)`, 'gi');

/** `text` with the value of every token-named field masked (JSON, form and query shapes). */
export function redactTokenValues(text: string): string {
  return text
    .replace(QUOTED_TOKEN, (_all, q: string, name: string, colon: string, vq: string, value: string) => `${q}${name}${q}${colon}${vq}${maskSecret(value)}${vq}`)
    .replace(FORM_TOKEN, (_all, before: string, name: string, value: string) => `${before}${name}=${maskForm(value)}`);
}

function maskForm(value: string): string {
  let decoded = value;
  try {
    decoded = decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    // Not valid percent-encoding: mask it as it stands.
  }
  return maskSecret(decoded);
}

/**
 * The token-named fields found in a text that could not be read as JSON or a form (a cut-off
 * answer, a mislabelled one): what is still worth keeping when nothing else of it can be used.
 */
export function tokenValuesIn(text: string): Record<string, string> {
  const found: Record<string, string> = {};
  const take = (name: string, value: string) => {
    const key = name.toLowerCase();
    if ((key === 'access_token' || key === 'refresh_token') && value !== '' && found[key] === undefined) found[key] = value;
  };
  for (const m of text.matchAll(QUOTED_TOKEN)) {
    let value = m[5]!;
    try {
      value = JSON.parse(`"${value}"`) as string;
    } catch {
      // Not a JSON string escape: keep it as written.
    }
    take(m[2]!, value);
  }
  for (const m of text.matchAll(FORM_TOKEN)) {
    let value = m[3]!;
    try {
      value = decodeURIComponent(value.replace(/\+/g, ' '));
    } catch {
      // Keep it as written.
    }
    take(m[2]!, value);
  }
  return found;
}
