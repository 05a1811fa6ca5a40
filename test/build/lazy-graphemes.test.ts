/**
 * build/lazy-graphemes.mjs patches Ink's text packages in the bundle so that no Intl.Segmenter
 * or emoji expression is built before text needs one. The patched copies must measure, split
 * and slice every string exactly as the packages do (the screens stay identical), and must
 * really skip the segmenter for the text of a first frame.
 */
import { build, type Plugin } from 'esbuild';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript build helper, no types
import { lazyGraphemes, OWN_CLUSTER_RANGES } from '../../build/lazy-graphemes.mjs';
// @ts-expect-error plain JavaScript build helper, no types
import { SPLIT_OUTPUT } from '../../build/split-output.mjs';

type Width = (text: string) => number;
interface TextPackages {
  width8: Width;
  width7: Width;
  sliceAnsi: (text: string, start: number, end?: number) => string;
  tokenize: (text: string) => unknown[];
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The string-width wrap-ansi (under Ink) imports, resolved the way the bundle resolves it. */
const wrapAnsiStringWidth: Plugin = {
  name: 'wrap-ansi-string-width',
  setup(b) {
    b.onResolve({ filter: /^reauth-test:string-width-7$/ }, async () => {
      const ink = await b.resolve('ink', { kind: 'import-statement', resolveDir: ROOT });
      const wrapAnsi = await b.resolve('wrap-ansi', { kind: 'import-statement', resolveDir: dirname(ink.path) });
      const width = await b.resolve('string-width', { kind: 'import-statement', resolveDir: dirname(wrapAnsi.path) });
      return { path: width.path };
    });
  },
};

const ENTRY = `
export { default as width8 } from 'string-width';
export { default as width7 } from 'reauth-test:string-width-7';
export { default as sliceAnsi } from 'slice-ansi';
export { tokenize } from '@alcalzone/ansi-tokenize';
`;

let folder: string;
let original: TextPackages;
let patched: TextPackages;
let segmentersMade = 0;
const RealSegmenter = Intl.Segmenter;
let rgiEmojiMade = 0;
/** string-width 8's other property expressions, made (patched) when a text first needs one. */
let propertyExpressionsMade = 0;
/** string-width 7's (wrap-ansi's) Default_Ignorable_Code_Point expression, likewise. */
let width7ExpressionsMade = 0;
const RealRegExp = RegExp;
const global = globalThis as { RegExp: RegExpConstructor };
/** Intl's properties are read-only to TypeScript; the test swaps the constructor to count its calls. */
const intl = Intl as { Segmenter: typeof Intl.Segmenter };

async function bundle(name: string, plugins: Plugin[], beforeImport = () => {}): Promise<TextPackages> {
  const outfile = join(folder, `${name}.mjs`);
  // target as in esbuild.config.mjs: esbuild then writes the /v expressions as new RegExp(), as in the bundle.
  await build({ stdin: { contents: ENTRY, resolveDir: ROOT, loader: 'js' }, outfile, bundle: true, format: 'esm', platform: 'node', target: SPLIT_OUTPUT.target, plugins, logLevel: 'error' });
  // After esbuild, which checks its filters with the real RegExp.
  beforeImport();
  return (await import(pathToFileURL(outfile).href)) as TextPackages;
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'reauth-lazy-graphemes-'));
  original = await bundle('original', [wrapAnsiStringWidth]);
  // Counted from here on: the patched copies are loaded with this in place.
  intl.Segmenter = class extends RealSegmenter {
    constructor(...args: ConstructorParameters<typeof Intl.Segmenter>) {
      super(...args);
      segmentersMade++;
    }
  };
  const countRgiEmoji = () => {
    global.RegExp = class extends RealRegExp {
      constructor(pattern: string | RegExp, flags?: string) {
        super(pattern, flags);
        if (String(pattern).includes('RGI_Emoji')) rgiEmojiMade++;
        // string-width 8's visible-character class (not string-width 7's own ^\p{Default_Ignorable_Code_Point}$).
        if (/^\[\^\\p\{Default_Ignorable_Code_Point\}|Spacing_Mark|Extended_Pictographic/.test(String(pattern))) propertyExpressionsMade++;
        if (String(pattern) === '^\\p{Default_Ignorable_Code_Point}$') width7ExpressionsMade++;
      }
    } as RegExpConstructor;
  };
  patched = await bundle('patched', [wrapAnsiStringWidth, lazyGraphemes() as Plugin], countRgiEmoji);
});
afterAll(async () => {
  intl.Segmenter = RealSegmenter;
  global.RegExp = RealRegExp;
  await rm(folder, { recursive: true, force: true });
});

const segmentCount = (text: string) => [...new RealSegmenter().segment(text)].length;

function* codePointsOf(ranges: string): Generator<string> {
  for (const [, from, to] of ranges.matchAll(/\\u([0-9A-F]{4})-\\u([0-9A-F]{4})/g)) {
    for (let cp = parseInt(from!, 16); cp <= parseInt(to!, 16); cp++) yield String.fromCodePoint(cp);
  }
}

/** A text made of `alphabet`, the same for every run (a small linear congruential generator). */
function texts(alphabet: readonly string[], count: number, length: number): string[] {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: count }, () => Array.from({ length: 1 + Math.floor(next() * length) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''));
}

const WIZARD_TEXT = ['✔ Service         Netatmo', 'For example: sudo systemctl restart chatbot — so your program picks up the new tokens.', '⠋ Looking for files that already hold these tokens…', '❯ ▌', 'Enter confirm · Ctrl+U clear', '◉ read_station  ◯ read_thermostat', '✘ That did not work → try again', '⚠ Keep it secret •••••'];
const HARD = [
  'e\u0301', 'a\u0308\u0301', '\u1100\u1161\u11A8', '\u1100\u1100\u1161', '한국어', '日本語テキスト', 'ｶﾞｷﾞ', 'ﾊﾟｰﾃｨｰ', '\r\n', 'a\r\nb',
  '👍', '👍🏽', '👨‍👩‍👧‍👦', '🏳️‍🌈', '🇩🇪🇫🇷', '🇩', '#️⃣', '1⃣', '✔️', '❤️', '☺', '©️', '🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}',
  'क्षि', 'ก่า', '\u0600\u0661', 'a\u200Db', 'a\u200Cb', '\u00AD', 'x\uFE0Fy', '\u{1F3FB}', 'ab\u0000c\u001Fd',
];
const ALPHABET = ['a', ' ', '✔', '❯', '…', '·', '▌', '⠋', 'é', 'e', '\u0301', '\u200D', '👍', '\u{1F3FD}', '🇩', '🇪', '\uFE0F', '한', '\u1100', '\u1161', '日', 'ｶ', 'ﾞ', '\t', '\n', '\r', '\u001B[32m', '\u001B[39m', '\u001B[1m', '\u001B[22m'];

describe('OWN_CLUSTER_RANGES', () => {
  it('holds only code points that are a grapheme cluster alone, next to anything they could join', () => {
    const joining: string[] = [];
    for (const c of codePointsOf(OWN_CLUSTER_RANGES as string)) {
      // after a letter (Extend, ZWJ, SpacingMark), before one (Prepend), Hangul L/V/T/LV/LVT, regional indicators, CR LF
      for (const pair of [`a${c}`, `${c}a`, `${c}\u1161`, `\u1100${c}`, `${c}\u11A8`, `${c}\u{1F1E6}`, `${c}\n`]) {
        if (segmentCount(pair) !== 2) joining.push(`U+${c.codePointAt(0)!.toString(16).toUpperCase()} in ${JSON.stringify(pair)}`);
      }
    }
    expect(joining).toEqual([]);
  });
});

describe('the patched text packages', () => {
  const samples = [...WIZARD_TEXT, ...HARD, ...texts(ALPHABET, 3000, 12)];

  // First: a segmenter or an expression, once made, is kept, so the counts mean something only before the others.
  it('build no segmenter and none of the string-widths\' property expressions for the text of a first frame, and them when a text needs them', () => {
    const before = segmentersMade;
    // string-width 7 needs its expression for any text beyond ASCII: none for the words of a wrapped help text.
    for (const word of 'Sign in at https://dev.netatmo.com, open My apps and choose your app (or create one)'.split(' ')) patched.width7(word);
    expect(width7ExpressionsMade).toBe(0);
    for (const line of WIZARD_TEXT) {
      patched.width8(line);
      patched.width7(line);
      patched.tokenize(`\u001B[36m${line}\u001B[39m`);
    }
    expect(segmentersMade - before).toBe(0);
    // Counted since the patched copies loaded: unpatched, V8 builds these (~1.3 ms) as it evaluates the modules.
    expect(propertyExpressionsMade).toBe(0);
    expect(patched.width8('e\u0301')).toBe(1);
    expect(segmentersMade - before).toBe(1);
    expect(propertyExpressionsMade).toBeGreaterThan(0);
    expect(width7ExpressionsMade).toBe(1);
  });

  it('make the RGI_Emoji expression only when a text could hold an emoji (the literal alone costs tens of ms)', () => {
    for (const line of WIZARD_TEXT) patched.width8(line);
    expect(rgiEmojiMade).toBe(0);
    expect(patched.width8('👍')).toBe(2);
    expect(rgiEmojiMade).toBe(1);
  });

  it('measure every code point as string-width does', { timeout: 120_000 }, () => {
    const differ: string[] = [];
    const wide = { ambiguousIsNarrow: false };
    const width8 = (text: string, options?: object) => (patched.width8 as (t: string, o?: object) => number)(text, options);
    const original8 = (text: string, options?: object) => (original.width8 as (t: string, o?: object) => number)(text, options);
    const planes = [[0x0, 0x2fff], [0x3000, 0xd7ff], [0xe000, 0xffff], [0x1f000, 0x1faff], [0xe0000, 0xe007f]] as const;
    for (const [from, to] of planes) {
      for (let cp = from; cp <= to; cp++) {
        const c = String.fromCodePoint(cp);
        if (width8(c) !== original8(c) || width8(c, wide) !== original8(c, wide) || patched.width7(c) !== original.width7(c)) differ.push(cp.toString(16));
      }
    }
    expect(differ).toEqual([]);
  });

  it('measure, split and slice texts exactly as the packages do', () => {
    for (const text of samples) {
      expect({ text, width: patched.width8(text) }).toEqual({ text, width: original.width8(text) });
      expect({ text, width: patched.width7(text) }).toEqual({ text, width: original.width7(text) });
      expect({ text, tokens: patched.tokenize(text) }).toEqual({ text, tokens: original.tokenize(text) });
      expect({ text, slice: patched.sliceAnsi(text, 1, 5) }).toEqual({ text, slice: original.sliceAnsi(text, 1, 5) });
    }
  });

});
