import { describe, expect, it } from 'vitest';
import { wrapWords } from '../../screens/wrap-words.js';

describe('wrapping a history value', () => {
  it('breaks between words and keeps each line within the width', () => {
    const lines = wrapWords('SCIENER_ACCESS_TOKEN, SCIENER_REFRESH_TOKEN, SCIENER_CLIENT_ID', 30);
    expect(lines).toEqual(['SCIENER_ACCESS_TOKEN,', 'SCIENER_REFRESH_TOKEN,', 'SCIENER_CLIENT_ID']);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(30);
  });

  it('cuts a word only when it is longer than a whole line', () => {
    expect(wrapWords('short aaaaaaaaaaaaaaaaaaaaaaaaa end', 10)).toEqual(['short', 'aaaaaaaaaa', 'aaaaaaaaaa', 'aaaaa end']);
  });

  it('returns one empty line for an empty value', () => {
    expect(wrapWords('', 10)).toEqual(['']);
  });
});
