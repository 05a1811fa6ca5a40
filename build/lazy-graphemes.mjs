// esbuild plugin: Ink's text packages without their start-up costs, same results.
// Four of them (string-width 8, which Ink measures lines with; wrap-ansi's own string-width 7;
// slice-ansi; @alcalzone/ansi-tokenize, which splits every drawn line) build an Intl.Segmenter
// when loaded: the first one costs 20–30 ms (ICU's break data). And string-width compiles an
// emoji expression on the first line that is not plain ASCII (8: \p{RGI_Emoji}, 40–90 ms; 7:
// the emoji-regex package). The wizard's first frame has ❯ ✔ … in it, no emoji, and every
// character of it is a grapheme cluster by itself, so it paid all that for nothing. Patched in
// the bundle (each package stays the one copy of its version; the sources are not touched):
// - every segmenter is made the first time a string needs one;
// - both string-widths and ansi-tokenize walk a string by code point when every code point in it
//   is a cluster of its own whatever its neighbours (OWN_CLUSTER_RANGES; each one checked
//   against Intl.Segmenter in test/build/lazy-graphemes.test.ts), the segmenter otherwise (7
//   made it for wrapped help text with a dash in it: ~11 ms and ~2.5 MB at the question after
//   the write);
// - string-width 8 makes \p{RGI_Emoji} (and tries it) only for a cluster that could be one: every RGI emoji
//   holds an Emoji_Presentation code point, U+FE0F or U+200D (basic emoji, keycaps and ZWJ
//   sequences by definition; flags, tag and modifier sequences through their
//   Emoji_Presentation parts);
// - string-width 7 takes the printable-ASCII shortcut 8 already has (each is 1 wide in both),
//   and makes its Default_Ignorable_Code_Point expression (~0.35 ms) when a text first needs it
//   (wrap-ansi measures each word of a wrapped line: the help texts' are mostly ASCII);
// - string-width 8 builds its three other property expressions (visible character, spacing
//   mark, extended pictographic; ~1 ms as the module is evaluated) when a text first needs one,
//   and measures a text of own clusters with no possible emoji one code point at a time,
//   without them (every code point checked against the package in the test, both widths).
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { patchSource } from './patch-source.mjs';

/**
 * Code points that form a grapheme cluster alone next to any other of them: C0 controls but CR
 * (CR LF is one cluster), Latin, IPA and spacing modifiers, C1 controls, punctuation without
 * ZWNJ/ZWJ, symbols, arrows, box drawing, geometric shapes, dingbats, braille. No combining
 * marks, no Hangul, no regional indicators.
 */
export const OWN_CLUSTER_RANGES = String.raw`\u0000-\u000C\u000E-\u02FF\u200E-\u2027\u2030-\u205E\u2070-\u20CF\u2100-\u2BFF`;

const MARK = '// reauth build patch (build/lazy-graphemes.mjs)';

/** A stand-in for `new Intl.Segmenter(...)` that makes the real one on first use. */
const LAZY = `${MARK}: the segmenter is made when a string first needs it.
function reauthLazySegmenter(locales, options, byCodePoint) {
	let made;
	const ownClusters = /^[${OWN_CLUSTER_RANGES}]*$/;
	return {
		segment(string) {
			if (byCodePoint && ownClusters.test(string)) {
				const segments = [];
				let index = 0;
				for (const segment of string) {
					segments.push({segment, index, input: string});
					index += segment.length;
				}
				return segments;
			}
			made ??= new Intl.Segmenter(locales, options);
			return made.segment(string);
		},
	};
}
`;

/** [package name, major version] → replacements. */
const PATCHES = {
  'string-width@8': [
    ['const segmenter = new Intl.Segmenter();', `${LAZY}const segmenter = reauthLazySegmenter(undefined, undefined, true);\nconst mayBeRgiEmojiRegex = /[\\p{Emoji_Presentation}\\uFE0F\\u200D]/u;\nconst reauthOwnClusters = /^[${OWN_CLUSTER_RANGES}]*$/;`],
    // Three property expressions V8 builds when the module is evaluated (~1 ms together,
    // the visible-character one ~0.75 ms): made when a text first needs one.
    [
      'const visibleCharacterRegex = /[^\\p{Default_Ignorable_Code_Point}\\p{Control}\\p{Format}\\p{Nonspacing_Mark}\\p{Enclosing_Mark}\\p{Surrogate}]/v;',
      `${MARK}: the property expressions are made when a text first needs one.
let reauthVisible;
const reauthVisibleRegex = () => (reauthVisible ??= new RegExp('[^\\\\p{Default_Ignorable_Code_Point}\\\\p{Control}\\\\p{Format}\\\\p{Nonspacing_Mark}\\\\p{Enclosing_Mark}\\\\p{Surrogate}]', 'v'));
const visibleCharacterRegex = {test: (text) => reauthVisibleRegex().test(text), [Symbol.search]: (text) => text.search(reauthVisibleRegex())};`,
    ],
    ['const spacingMarkRegex = /\\p{Spacing_Mark}/v;', `let reauthSpacingMark;\nconst spacingMarkRegex = {test: (text) => (reauthSpacingMark ??= new RegExp('\\\\p{Spacing_Mark}', 'v')).test(text)};`],
    ['const extendedPictographicRegex = /\\p{Extended_Pictographic}/gu;', `let reauthPictographic;\nconst extendedPictographicRegex = {[Symbol.match]: (text) => text.match(reauthPictographic ??= new RegExp('\\\\p{Extended_Pictographic}', 'gu'))};`],
    // The literal alone costs 30–50 ms when the module is evaluated (V8 builds the whole
    // RGI_Emoji set as it creates the expression), before any text is measured.
    ['const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;', `${MARK}: the RGI_Emoji expression is made when a cluster could be an emoji.\nlet reauthRgiEmoji;\nconst rgiEmojiRegex = {test: (segment) => (reauthRgiEmoji ??= new RegExp('^\\\\p{RGI_Emoji}$', 'v')).test(segment)};`],
    ['if (rgiEmojiRegex.test(segment) || ', 'if ((mayBeRgiEmojiRegex.test(segment) && rgiEmojiRegex.test(segment)) || '],
    // Every code point its own cluster and none an emoji: each is 0 wide if it is a control,
    // the soft hyphen or a direction mark (the only code points of OWN_CLUSTER_RANGES the
    // visible-character expression rejects), else its East Asian width, as the cluster loop
    // would find one cluster at a time.
    [
      'for (const {segment} of segmenter.segment(string)) {',
      `${MARK}: text of own clusters, measured without the expressions.
	if (reauthOwnClusters.test(string) && !mayBeRgiEmojiRegex.test(string)) {
		for (const character of string) {
			const codePoint = character.codePointAt(0);
			if (codePoint <= 0x1F || (codePoint >= 0x7F && codePoint <= 0x9F) || codePoint === 0xAD || codePoint === 0x20_0E || codePoint === 0x20_0F) {
				continue;
			}

			width += eastAsianWidth(codePoint, eastAsianWidthOptions);
		}

		return width;
	}

	for (const {segment} of segmenter.segment(string)) {`,
    ],
  ],
  'string-width@7': [
    ['const segmenter = new Intl.Segmenter();', `${LAZY}const segmenter = reauthLazySegmenter(undefined, undefined, true);`],
    [
      'const defaultIgnorableCodePointRegex = /^\\p{Default_Ignorable_Code_Point}$/u;',
      `${MARK}: the property expression is made when a text first needs it.\nlet reauthDefaultIgnorable;\nconst defaultIgnorableCodePointRegex = {test: (text) => (reauthDefaultIgnorable ??= new RegExp('^\\\\p{Default_Ignorable_Code_Point}$', 'u')).test(text)};`,
    ],
    [
      'for (const {segment: character} of segmenter.segment(string)) {',
      `if (/^[\\u0020-\\u007E]*$/.test(string)) {
		return string.length;
	}

	for (const {segment: character} of segmenter.segment(string)) {`,
    ],
  ],
  // Its segments' .containing() is used: the real segmenter always, only made later.
  'slice-ansi@8': [["const GRAPHEME_SEGMENTER = new Intl.Segmenter(undefined, {granularity: 'grapheme'});", `${LAZY}const GRAPHEME_SEGMENTER = reauthLazySegmenter(undefined, {granularity: 'grapheme'});`]],
  '@alcalzone/ansi-tokenize@0': [['const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });', `${LAZY}const segmenter = reauthLazySegmenter(undefined, { granularity: "grapheme" }, true);`]],
};

const FILES = /[\\/]node_modules[\\/](string-width[\\/]index|slice-ansi[\\/]tokenize-ansi|@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize)\.js$/;

/** The patched source of one of those files, given its package's name and version; others unchanged. */
export function patchGraphemes(source, name, version, what = `${name} ${version}`) {
  const patches = PATCHES[`${name}@${version.split('.')[0]}`];
  return patches ? patchSource(source, patches, what) : source;
}

async function packageOf(file) {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const { name, version } = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
      if (name) return { name, version };
    } catch {
      // not the package's root yet (build/ has none)
    }
  }
  throw new Error(`no package.json above ${file}`);
}

export function lazyGraphemes() {
  return {
    name: 'lazy-graphemes',
    setup(build) {
      build.onLoad({ filter: FILES }, async (args) => {
        const { name, version } = await packageOf(args.path);
        return { contents: patchGraphemes(await readFile(args.path, 'utf8'), name, version, args.path), loader: 'js' };
      });
    },
  };
}
