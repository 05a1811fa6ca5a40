/**
 * Quoting for the Windows heroku CLI. It is `heroku.cmd`, a batch file, and Node ≥ 20.12 only
 * runs batch files through the shell (CVE-2024-27980), i.e. `cmd.exe /d /s /c "<line>"` with
 * the line built by joining command and arguments with spaces — no quoting of its own.
 * Each argument is read twice by cmd.exe (once on that line, once more when the batch file
 * expands `%*`), and finally split into argv by the C runtime of node.exe. So an argument is:
 * 1. quoted for the C runtime (`"…"`, backslashes before a quote doubled, `"` as `\"`);
 * 2. then every cmd.exe metacharacter — the quotes just added included — prefixed with `^`,
 *    twice over for a batch file. Escaping the quotes too keeps cmd.exe from ever being "inside
 *    quotes", where `^` would not work, so `&`, `|`, `%` and `!` can never start anything.
 * This is the scheme cross-spawn uses (escapeArgument with doubleEscapeMetaChars).
 */

const cmdMetaChars = /([()\][%!^"`<>&|;, *?])/g;

export interface QuoteForCmdOptions {
  /** The program is a batch file (`.cmd`/`.bat`) that re-reads `%*`: escape twice. Default true. */
  readonly batchFile?: boolean;
}

/**
 * One argument as it must appear on a cmd.exe command line so that the program receives it
 * unchanged. Line breaks and NUL cannot survive cmd.exe at all: those throw.
 */
export function quoteForCmd(arg: string, options: QuoteForCmdOptions = {}): string {
  if (/[\r\n\0]/.test(arg)) throw new Error('cmd.exe cannot pass an argument that contains a line break or NUL');
  // Backslashes right before a quote, or at the very end (a quote follows once wrapped), are
  // doubled so the C runtime does not read them as escaping that quote.
  let quoted = arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\*)$/, '$1$1');
  quoted = `"${quoted}"`;
  quoted = quoted.replace(cmdMetaChars, '^$1');
  if (options.batchFile ?? true) quoted = quoted.replace(cmdMetaChars, '^$1');
  return quoted;
}

/** The program's own path on that line: metacharacters escaped once, never wrapped in quotes. */
export function quoteCommandForCmd(command: string): string {
  return command.replace(cmdMetaChars, '^$1');
}

/** Whether a Windows program path is a batch file (needs the shell and double escaping). */
export function isBatchFile(command: string): boolean {
  return /\.(cmd|bat)$/i.test(command);
}
