import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { safeLine, safeText } from '../../src/system/terminal-text.js';

/** [what, input, what reauth shows] */
const CORPUS: readonly (readonly [string, string, string])[] = [
  ['CSI clear screen', 'a\u001B[2Jb', 'a␛b'],
  ['CSI with private and intermediate bytes', 'a\u001B[?1049hb\u001B[1 qc', 'a␛b␛c'],
  ['SGR colour', '\u001B[31mred\u001B[0m', '␛red␛'],
  ['cursor moves that overwrite a line', 'ok\u001B[1A\u001B[2Kfake ✔', 'ok␛␛fake ✔'],
  ['OSC window title ended by BEL', 'x\u001B]0;pwned\u0007y', 'x␛y'],
  ['OSC ended by ST', 'x\u001B]2;pwned\u001B\\y', 'x␛y'],
  ['OSC 8 hyperlink', '\u001B]8;;https://evil.example/\u001B\\click\u001B]8;;\u001B\\', '␛click␛'],
  ['OSC never ended', 'x\u001B]0;swallows the rest', 'x␛'],
  ['DCS with a body', 'a\u001BPq#0;2;0;0;0\u001B\\b', 'a␛b'],
  ['APC, PM and SOS', '\u001B_apc\u001B\\1\u001B^pm\u001B\\2\u001BXsos\u001B\\3', '␛1␛2␛3'],
  ['two-byte ESC (reset, charset)', 'a\u001Bcb\u001B(0c', 'a␛b␛c'],
  ['lone ESC at the end', 'end\u001B', 'end␛'],
  ['C1 CSI 0x9b', 'c\u009B2Jz', 'c␛z'],
  ['C1 OSC 0x9d to BEL', '\u009D0;title\u0007k', '␛k'],
  ['C1 DCS 0x90 to ST 0x9c', 'a\u0090body\u009Cb', 'a␛b'],
  ['other C1 (NEL)', 'a\u0085b', 'a�b'],
  ['BEL, backspace, DEL, NUL', 'a\u0007b\u0008c\u007Fd\u0000e', 'a�b�c�d�e'],
  ['bidi override', 'invoice \u202Efdp.exe', 'invoice �fdp.exe'],
  ['bidi isolates and marks', '\u2066a\u2069\u200Fb\u061C', '�a��b�'],
  ['zero-width characters', 'p\u200Bay\uFEFFpal', 'p�ay�pal'],
  ['carriage return (overwrites a line)', 'fail\rok  ', 'fail\nok  '],
  ['CRLF', 'one\r\ntwo', 'one\ntwo'],
  ['tab and newline kept', 'a\tb\nc', 'a\tb\nc'],
  ['accents, emoji, CJK, arrows untouched', 'café 🙂 中文 → ✔ ✘ ⚠', 'café 🙂 中文 → ✔ ✘ ⚠'],
];

describe('safeText', () => {
  it.each(CORPUS)('%s', (_what, input, shown) => {
    expect(safeText(input)).toBe(shown);
  });

  it('leaves nothing that steers a terminal in any corpus entry, even glued together', () => {
    const all = CORPUS.map(([, input]) => input).join('');
    expect(safeText(all)).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/);
  });

  // Why not node:util: these still carry control bytes after stripVTControlCharacters.
  it.each([
    ['C1 OSC', '\u009D0;title\u0007k'],
    ['DCS body', 'a\u001BPq#0;2\u001B\\b'],
    ['lone ESC', 'end\u001B'],
    ['BEL and backspace', 'a\u0007b\u0008c'],
    ['bidi override', 'x\u202Ey'],
  ])('catches what stripVTControlCharacters misses: %s', (_what, input) => {
    const controls = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E]/;
    expect(stripVTControlCharacters(input)).toMatch(controls);
    expect(safeText(input)).not.toMatch(controls);
  });
});

describe('safeLine', () => {
  it('keeps a quotation on the line it is quoted in: a newline or bare CR cannot start a line of its own', () => {
    expect(safeLine('no\n✔ weather: refreshed\r✘ more')).toBe('no ✔ weather: refreshed ✘ more');
    expect(safeLine('  one \r\n\n two ')).toBe('  one two ');
  });

  it('sanitises as safeText does and leaves plain text alone', () => {
    expect(safeLine('a\u001B[2Jb\u009B2Jc')).toBe('a␛b␛c');
    expect(safeLine('café\tok')).toBe('café\tok');
  });
});
