import { describe, expect, it } from 'vitest';
import { wrapWords, wrapForTerminal } from '../../src/system/wrap-words.js';

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

describe('wrapForTerminal (text printed before or after the wizard)', () => {
  it('wraps at word boundaries, hanging continuation lines under the text after a label column', () => {
    const text = '  Practice app     client ID practice-client-id, client secret practice-secret-not-real\nshort';
    expect(wrapForTerminal(text, 60)).toBe(
      ['  Practice app     client ID practice-client-id, client', '                   secret practice-secret-not-real', 'short'].join('\n'),
    );
  });

  it('wraps a sentence under its own leading spaces, and leaves text alone without a width', () => {
    const sentence = 'reauth demo — a practice run on this computer; no account needed, really none at all.';
    expect(wrapForTerminal(sentence, 40).split('\n').every((line) => line.length <= 40)).toBe(true);
    expect(wrapForTerminal(sentence, 40).replace(/\n/g, ' ')).toBe(sentence);
    expect(wrapForTerminal(sentence, undefined)).toBe(sentence);
  });
});
