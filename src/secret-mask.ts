/**
 * Secrets never appear whole on screen, in logs, in error text or in --json output.
 * `abcd…wxyz (40 chars)`: enough to tell two tokens apart, not enough to use one.
 */
export function maskSecret(value: string | undefined | null): string {
  if (value === undefined || value === null || value === '') return '(empty)';
  if (value.length <= 12) return `${'•'.repeat(Math.min(value.length, 8))} (${value.length} chars)`;
  return `${value.slice(0, 4)}…${value.slice(-4)} (${value.length} chars)`;
}

/** Replace every occurrence of any of `secrets` in `text` by its mask (for error bodies and logs). */
export function redactSecrets(text: string, secrets: Iterable<string | undefined>): string {
  let out = text;
  const sorted = [...secrets].filter((s): s is string => !!s && s.length >= 6).sort((a, b) => b.length - a.length);
  for (const secret of sorted) out = out.split(secret).join(maskSecret(secret));
  return out;
}
