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

describe('wrapForTerminal at 60 columns: links and paths whole (issue 11.7)', () => {
  const url = 'https://accounts.zoho.eu/oauth/v2/auth?scope=SalesIQ.departments.READ&client_id=1000.FAKE&state=abc';
  const path = '/home/operator/projects/guest-house/deploy/settings/production/env.py';

  it('puts a link longer than a line whole on a line of its own, never cut, and wraps the words around it', () => {
    const text = `Open this link in the browser of your computer: ${url} then paste the address of the page you land on here.`;
    const lines = wrapForTerminal(text, 60).split('\n');
    expect(lines).toContain(url);
    for (const line of lines) if (line !== url) expect(line.length).toBeLessThanOrEqual(60);
    expect(lines.join(' ')).toBe(text);
  });

  it('keeps a closing bracket with the path it closes (no lone ")" line), and an indented label', () => {
    const text = `    ✘ The file could not be written (${path})`;
    const lines = wrapForTerminal(text, 60).split('\n');
    expect(lines.some((line) => line.trim() === ')')).toBe(false);
    expect(lines).toContain(`(${path})`);
    expect(lines[0]).toBe('    ✘ The file could not be written');
  });

  it('wraps at 100 columns without a lone ")" either', () => {
    const long = `${'word '.repeat(17)}(see ${'x'.repeat(90)})`;
    expect(wrapForTerminal(long, 100).split('\n').some((line) => line.trim() === ')')).toBe(false);
  });
});

describe('wrapWords cutting a word longer than a line (the transcript, issue 11.7)', () => {
  it('never leaves a closing bracket alone on the next line', () => {
    const value = `.env (${'p'.repeat(99)})`;
    const lines = wrapWords(value, 100);
    expect(lines.some((line) => line === ')')).toBe(false);
    expect(lines.join('').replace(/\s/g, '')).toBe(value.replace(/\s/g, ''));
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);
    expect(wrapWords(`${'a'.repeat(60)}),`, 60).at(-1)).toMatch(/^a+\),$/);
  });
});
