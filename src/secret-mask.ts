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
