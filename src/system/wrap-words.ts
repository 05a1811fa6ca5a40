/**
 * Word-wraps plain text to a width, breaking a word only when it is longer than a whole line.
 * The transcript uses it to hang a long value under its own column; Ink's own wrapping inside
 * <Static> cannot indent continuation lines.
 */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/ +/)) {
    let rest = word;
    while (rest.length > width) {
      if (line) {
        lines.push(line);
        line = '';
      }
      lines.push(rest.slice(0, width));
      rest = rest.slice(width);
    }
    if (!line) line = rest;
    else if (line.length + 1 + rest.length <= width) line += ` ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * Text printed straight to a terminal (before or after the wizard): each line word-wrapped to
 * `columns`, continuation lines indented under where the line's text starts — after its
 * leading spaces, or after a `label  ` column (two spaces or more) — so nothing breaks
 * mid-word at 60 columns. Without a width (a pipe) the text is left as it is.
 */
export function wrapForTerminal(text: string, columns: number | undefined): string {
  if (!columns || columns < 20) return text;
  return text
    .split('\n')
    .map((line) => {
      if (line.length <= columns) return line;
      const hang = /^(\s*\S.*?\s{2,})(?=\S)/.exec(line)?.[1] ?? /^\s*/.exec(line)![0];
      const indent = hang.length <= columns / 2 ? hang.length : 0;
      const [first, ...rest] = wrapWords(line.slice(indent), columns - indent);
      return [line.slice(0, indent) + (first ?? ''), ...rest.map((part) => ' '.repeat(indent) + part)].join('\n');
    })
    .join('\n');
}
