/** Quotes one word for a POSIX shell (cron lines, printed commands). */
export function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./:@=+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
