import { describe, expect, it } from 'vitest';
import { joinEditedLines, joinLines, splitLines } from '../../src/targets/text-lines.js';

describe('joinEditedLines', () => {
  it('gives exactly what joining every line gives, on 2,000 random texts and edits', () => {
    let state = 5;
    const rnd = () => {
      state = (state * 1103515245 + 12345) >>> 0;
      return state / 4294967296;
    };
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    for (let n = 0; n < 2000; n++) {
      let text = '';
      for (let i = Math.floor(rnd() * 8); i > 0; i--) text += pick(['A=1', '', 'B="x y"', '# c', 'é=ü']) + pick(['\n', '\r\n', '\r', '']);
      const original = splitLines(text);
      const edited = [...original];
      for (let i = 0; i < edited.length; i++) if (rnd() < 0.3) edited[i] = { content: pick(['NEW=2', '', 'X']), eol: rnd() < 0.5 ? (edited[i]?.eol ?? '') : '\n' };
      expect(joinEditedLines(text, original, edited)).toBe(joinLines(edited));
    }
  });

  it('gives the text itself back when no line changed', () => {
    const text = 'A=1\r\nB=2\n';
    const lines = splitLines(text);
    expect(joinEditedLines(text, lines, [...lines])).toBe(text);
  });
});
