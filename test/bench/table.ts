/** A small aligned text table: the bench prints figures for people to read, nothing parses them. */

export interface Table {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** A line under the table saying how to read it (what was subtracted, what a ratio is of). */
  readonly note?: string;
}

/** The first column is left-aligned (labels); the others hold figures and are right-aligned. */
export function formatTable({ title, columns, rows, note }: Table): string {
  const widths = columns.map((column, index) => Math.max(column.length, ...rows.map((row) => (row[index] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, index) => (index === 0 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = [title, line(columns), widths.map((width) => '─'.repeat(width)).join('  '), ...rows.map(line)];
  if (note) out.push(note);
  return `${out.join('\n')}\n`;
}
