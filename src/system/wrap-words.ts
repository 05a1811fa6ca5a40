/**
 * Word-wraps plain text to a width, breaking a word only when it is longer than a whole line.
 * The transcript uses it to hang a long value under its own column; Ink's own wrapping inside
 * <Static> cannot indent continuation lines.
 */
export function wrapWords(text: string, width: number, options: { readonly keepLongWords?: boolean } = {}): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/ +/)) {
    let rest = word;
    if (options.keepLongWords && rest.length > width) {
      // A link or a path longer than a line: whole, on a line of its own, so it can be copied
      // (a cut one is a broken link), with what follows it on the next line.
      if (line) lines.push(line);
      lines.push(rest);
      line = '';
      continue;
    }
    while (rest.length > width) {
      if (line) {
        lines.push(line);
        line = '';
      }
      const cut = cutAt(rest, width);
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
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
 * Where to cut a word longer than a line: at the width, unless that leaves only closing
 * punctuation for the next line — a lone `)` under a cut path — then a little earlier, so
 * the bracket travels with the end of what it closes.
 */
function cutAt(word: string, width: number): number {
  if (!/^[)\]}>.,;:!?'"\u201D\u2019]+$/u.test(word.slice(width))) return width;
  return Math.max(1, Math.min(width, word.length - Math.min(8, width)));
}

/**
 * Text printed straight to a terminal (before or after the wizard): each line word-wrapped to
 * `columns`, continuation lines indented under where the line's text starts — after its
 * leading spaces, or after a `label  ` column (two spaces or more) — so nothing breaks
 * mid-word at 60 columns. A word longer than a line (a link, a path) is printed whole on a
 * line of its own, at the first column, never cut. Without a width (a pipe) the text is left as it is.
 */
export function wrapForTerminal(text: string, columns: number | undefined): string {
  if (!columns || columns < 20) return text;
  return text
    .split('\n')
    .map((line) => {
      if (line.length <= columns) return line;
      const hang = /^(\s*\S.*?\s{2,})(?=\S)/.exec(line)?.[1] ?? /^\s*/.exec(line)![0];
      const indent = hang.length <= columns / 2 ? hang.length : 0;
      const width = columns - indent;
      const [first, ...rest] = wrapWords(line.slice(indent), width, { keepLongWords: true });
      // A long link or path starts at the first column: no indent to copy along with it.
      const hung = (part: string) => (part.length > width ? part : ' '.repeat(indent) + part);
      const label = line.slice(0, indent);
      const head = first !== undefined && first.length > width ? [...(label.trim() ? [label.trimEnd()] : []), first] : [label + (first ?? '')];
      return [...head, ...rest.map(hung)].join('\n');
    })
    .join('\n');
}
