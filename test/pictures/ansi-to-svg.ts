/**
 * Turns a terminal capture (`tmux capture-pane -e -p`: text with SGR escapes) into an SVG of a
 * dark terminal window, for the README's pictures. Two pure halves: `parseAnsi` reads the SGR
 * state into styled runs per line, `renderSvg` lays the runs on a character grid.
 *
 * Every run is placed at its own column and every non-ASCII character on its own, because the
 * glyphs the wizard uses (✔ ✘ ❯ ◉ ⠋ …) may come from a fallback font with another advance
 * width: placing them one by one keeps the grid straight whatever font draws them.
 */

/** A colour as the terminal was told it: an index of the 256-colour palette or a #rrggbb. */
export type Colour = { readonly index: number } | { readonly rgb: string };

export interface Style {
  readonly fg?: Colour;
  readonly bg?: Colour;
  readonly bold?: boolean;
  readonly dim?: boolean;
  readonly italic?: boolean;
  readonly underline?: boolean;
  readonly inverse?: boolean;
}

export interface Run {
  readonly text: string;
  readonly style: Style;
}

/** One line of the capture: its runs, left to right. */
export type Line = readonly Run[];

const hex2 = (n: number): string => Math.max(0, Math.min(255, n)).toString(16).padStart(2, '0');

/** Reads an extended colour (`38;5;N`, `38;2;R;G;B`) starting after the 38/48; returns it and how many params it used. */
function extendedColour(params: readonly number[], at: number): { colour?: Colour; used: number } {
  const mode = params[at];
  if (mode === 5) {
    const n = params[at + 1];
    return n === undefined ? { used: 1 } : { colour: { index: n }, used: 2 };
  }
  if (mode === 2) {
    const [r, g, b] = [params[at + 1], params[at + 2], params[at + 3]];
    if (r === undefined || g === undefined || b === undefined) return { used: params.length - at };
    return { colour: { rgb: `#${hex2(r)}${hex2(g)}${hex2(b)}` }, used: 4 };
  }
  return { used: 1 };
}

/** Applies one SGR parameter list (`ESC [ … m`) to a style. An empty list is a reset, as in ECMA-48. */
export function applySgr(style: Style, paramText: string): Style {
  // Sub-parameters (`38:2::R:G:B`, ITU T.416) are read like `;`: the empty colour-space id dropped.
  const params = paramText === '' ? [0] : paramText.replace(/:+/g, ';').split(';').map((p) => (p === '' ? 0 : Number(p)));
  let s: { -readonly [K in keyof Style]: Style[K] } = { ...style };
  for (let i = 0; i < params.length; i++) {
    const p = params[i] ?? 0;
    if (p === 0) s = {};
    else if (p === 1) s.bold = true;
    else if (p === 2) s.dim = true;
    else if (p === 3) s.italic = true;
    else if (p === 4) s.underline = true;
    else if (p === 7) s.inverse = true;
    else if (p === 22) {
      s.bold = false;
      s.dim = false;
    } else if (p === 23) s.italic = false;
    else if (p === 24) s.underline = false;
    else if (p === 27) s.inverse = false;
    else if (p >= 30 && p <= 37) s.fg = { index: p - 30 };
    else if (p >= 90 && p <= 97) s.fg = { index: p - 90 + 8 };
    else if (p >= 40 && p <= 47) s.bg = { index: p - 40 };
    else if (p >= 100 && p <= 107) s.bg = { index: p - 100 + 8 };
    else if (p === 39) delete s.fg;
    else if (p === 49) delete s.bg;
    else if (p === 38 || p === 48) {
      const { colour, used } = extendedColour(params, i + 1);
      if (colour) s[p === 38 ? 'fg' : 'bg'] = colour;
      i += used;
    }
  }
  return s;
}

// CSI (any final byte), OSC (to BEL or ST) and two-byte escapes: only SGR changes the picture.
const escape = /\x1b\[([0-9;:?<>=]*)([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/** Splits a capture into lines of styled runs. The style carries over line ends, as on a terminal. */
export function parseAnsi(capture: string): Line[] {
  let style: Style = {};
  return capture.replace(/\r?\n$/, '').split(/\r?\n/).map((rawLine) => {
    const runs: Run[] = [];
    let last = 0;
    const push = (text: string) => {
      if (text !== '') runs.push({ text, style });
    };
    for (const m of rawLine.matchAll(escape)) {
      push(rawLine.slice(last, m.index));
      last = m.index + m[0].length;
      if (m[2] === 'm') style = applySgr(style, m[1] ?? '');
    }
    push(rawLine.slice(last));
    return runs;
  });
}

/** xterm's default 256-colour palette, with the first 16 tuned for a dark background. */
const base16 = [
  '#1e2127', '#e06c75', '#98c379', '#d19a66', '#61afef', '#c678dd', '#56b6c2', '#abb2bf',
  '#5c6370', '#e88388', '#a9dc76', '#e5c07b', '#74bdf5', '#d59ae8', '#6fd3df', '#ffffff',
];

export function paletteColour(index: number): string {
  if (index < 16) return base16[index] ?? base16[7]!;
  if (index < 232) {
    const n = index - 16;
    const level = (v: number) => (v === 0 ? 0 : 55 + v * 40);
    return `#${hex2(level(Math.floor(n / 36)))}${hex2(level(Math.floor(n / 6) % 6))}${hex2(level(n % 6))}`;
  }
  const grey = 8 + (index - 232) * 10;
  return `#${hex2(grey)}${hex2(grey)}${hex2(grey)}`;
}

export const DEFAULT_FG = '#d7dae0';
export const DEFAULT_BG = '#1e2127';

const resolve = (c: Colour | undefined, fallback: string): string => (c === undefined ? fallback : 'rgb' in c ? c.rgb : paletteColour(c.index));

/** The colours a run is drawn with, after inverse (which swaps them, defaults included). */
export function runColours(style: Style): { fg: string; bg: string | undefined } {
  const fg = resolve(style.fg, DEFAULT_FG);
  const bg = style.bg === undefined ? undefined : resolve(style.bg, DEFAULT_BG);
  return style.inverse ? { fg: bg ?? DEFAULT_BG, bg: fg } : { fg, bg };
}

export interface SvgOptions {
  /** Terminal width in columns (the grid's width, whatever the lines hold). */
  readonly columns: number;
  /** The window's title bar text. */
  readonly title: string;
  readonly fontSize?: number;
}

const escapeXml = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Splits a run into pieces to place: ASCII stretches whole, every other character alone. */
function placedPieces(text: string): { text: string; offset: number }[] {
  const pieces: { text: string; offset: number }[] = [];
  let col = 0;
  let ascii = '';
  let asciiStart = 0;
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) {
      if (ascii === '') asciiStart = col;
      ascii += ch;
    } else {
      if (ascii !== '') pieces.push({ text: ascii, offset: asciiStart });
      ascii = '';
      pieces.push({ text: ch, offset: col });
    }
    col += 1;
  }
  if (ascii !== '') pieces.push({ text: ascii, offset: asciiStart });
  // Leading spaces move the piece instead of being drawn: its first glyph then sits exactly on its column.
  return pieces.map((p) => {
    const lead = p.text.length - p.text.trimStart().length;
    return { text: p.text.slice(lead), offset: p.offset + lead };
  }).filter((p) => p.text !== '');
}

export function renderSvg(lines: readonly Line[], options: SvgOptions): string {
  const fontSize = options.fontSize ?? 14;
  // DejaVu Sans Mono advances 1233/2048 em per character.
  const cell = fontSize * (1233 / 2048);
  const lineHeight = Math.round(fontSize * 1.35);
  const pad = 14;
  const titleBar = 30;
  const width = Math.ceil(options.columns * cell + pad * 2);
  const height = Math.ceil(titleBar + pad * 2 + lines.length * lineHeight);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect x="0.5" y="0.5" width="${width - 1}" height="${height - 1}" rx="8" fill="${DEFAULT_BG}" stroke="#3b4048"/>`,
    `<path d="M0.5 ${titleBar} H${width - 0.5}" stroke="#3b4048"/>`,
    `<path d="M8.5 0.5 H${width - 8.5} A8 8 0 0 1 ${width - 0.5} 8.5 V${titleBar} H0.5 V8.5 A8 8 0 0 1 8.5 0.5 Z" fill="#2c313a"/>`,
    ...['#e06c75', '#e5c07b', '#98c379'].map((c, i) => `<circle cx="${18 + i * 20}" cy="${titleBar / 2}" r="6" fill="${c}"/>`),
    `<text x="${width / 2}" y="${titleBar / 2 + 4.5}" text-anchor="middle" font-family="DejaVu Sans" font-size="12.5" fill="#9da5b4">${escapeXml(options.title)}</text>`,
    `<g font-family="DejaVu Sans Mono" font-size="${fontSize}" xml:space="preserve">`,
  ];
  lines.forEach((runs, row) => {
    const top = titleBar + pad + row * lineHeight;
    const baseline = top + Math.round(lineHeight * 0.76);
    let col = 0;
    for (const run of runs) {
      const length = [...run.text].length;
      const { fg, bg } = runColours(run.style);
      const x = pad + col * cell;
      if (bg !== undefined) out.push(`<rect x="${x.toFixed(2)}" y="${top}" width="${(length * cell).toFixed(2)}" height="${lineHeight}" fill="${bg}"/>`);
      const attrs = [
        `fill="${fg}"`,
        run.style.bold ? 'font-weight="bold"' : '',
        run.style.dim ? 'fill-opacity="0.62"' : '',
        run.style.italic ? 'font-style="italic"' : '',
        run.style.underline ? 'text-decoration="underline"' : '',
      ].filter(Boolean).join(' ');
      for (const piece of placedPieces(run.text)) {
        out.push(`<text x="${(x + piece.offset * cell).toFixed(2)}" y="${baseline}" ${attrs}>${escapeXml(piece.text)}</text>`);
      }
      col += length;
    }
  });
  out.push('</g>', '</svg>', '');
  return out.join('\n');
}

/** Drops blank lines at the bottom (the unused rows of the pane), keeping one for air. */
export function trimBottom(lines: readonly Line[]): Line[] {
  let end = lines.length;
  while (end > 0 && lines[end - 1]!.every((r) => r.text.trim() === '' && runColours(r.style).bg === undefined)) end--;
  return lines.slice(0, Math.min(lines.length, end + 1));
}
