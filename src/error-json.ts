/**
 * Errors under `--json`: one JSON object on stdout, nothing on stderr, the same exit code as
 * without it — so a script that reads stdout always gets JSON, whatever went wrong, usage
 * mistakes included. The object has the shape of one row of `refresh --json` / `status --json`
 * (`ok`, `exit_code`, `error: { message, next }`), so one reader handles both; a successful
 * run prints an array, an error this single object.
 */

/** `--json` on the command line, before any `--` (after it, the words belong to `reauth run`'s command). */
export function jsonRequested(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((word) => word === '--json' || word.startsWith('--json='));
}

/** Message and next step are UserError texts: already safeText'd, and never hold a secret. */
export function errorJson(exitCode: number, message: string, next: string | undefined): string {
  return `${JSON.stringify({ ok: false, exit_code: exitCode, error: { message, next: next ?? null } }, null, 2)}\n`;
}
