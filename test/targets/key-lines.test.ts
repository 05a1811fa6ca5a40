import { describe, expect, it } from 'vitest';
import { editDotenv, readDotenv } from '../../src/targets/dotenv-edit.js';
import { editEnvpy, readEnvpy } from '../../src/targets/envpy-edit.js';
import { LineNumbers, linesContaining, rewriteLines } from '../../src/targets/key-lines.js';
import { joinLines, splitLines } from '../../src/targets/text-lines.js';

function random(seed: number) {
  let state = seed;
  const rnd = () => {
    state = (state * 1103515245 + 12345) >>> 0;
    return state / 4294967296;
  };
  return { rnd, pick: <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T };
}

/** What an engine answers, or the message it refuses with. */
function outcome(work: () => unknown): unknown {
  try {
    return work();
  } catch (error) {
    return `refused: ${(error as Error).message}`;
  }
}

describe('linesContaining', () => {
  it('finds each line that holds the text once, with its start, number and content', () => {
    const text = 'A=1\nKEY=KEY\n\n# KEY\nB=2\nKEY';
    expect(linesContaining(text, 'KEY', new LineNumbers(text))).toEqual([
      { start: 4, index: 1, content: 'KEY=KEY' },
      { start: 13, index: 3, content: '# KEY' },
      { start: 23, index: 5, content: 'KEY' },
    ]);
    expect(linesContaining(text, 'none', new LineNumbers(text))).toEqual([]);
    expect(linesContaining(text, '', new LineNumbers(text))).toEqual([]);
  });

  it('numbers lines right when one LineNumbers is asked out of order', () => {
    const text = 'a\nb\nc\nd\n';
    const numbers = new LineNumbers(text);
    expect([6, 2, 0, 4, 6].map((start) => numbers.indexOf(start))).toEqual([3, 1, 0, 2, 3]);
  });
});

describe('rewriteLines', () => {
  it('gives what splitting, swapping the lines and joining gives, on 2,000 random texts', () => {
    const { rnd, pick } = random(11);
    for (let n = 0; n < 2000; n++) {
      let text = '';
      for (let i = Math.floor(rnd() * 8); i > 0; i--) text += pick(['A=1', '', 'B="x y"', '# c', 'é=ü']) + pick(['\n', '\n', '']);
      const lines = splitLines(text);
      const edited = [...lines];
      const rewrites = [];
      let start = 0;
      for (const [i, line] of lines.entries()) {
        if (rnd() < 0.3) {
          const content = pick(['NEW=2', '', 'X']);
          edited[i] = { content, eol: line.eol };
          rewrites.push({ start, length: line.content.length, content });
        }
        start += line.content.length + line.eol.length;
      }
      expect(rewriteLines(text, rewrites.reverse())).toBe(joinLines(edited));
    }
  });
});

describe('the .env engine finds keys by searching LF texts', () => {
  // A CR anywhere sends the engine through its line-by-line parse: the same file with CRLF
  // endings must read and edit the same, or the search found other lines than the parse.
  it('reads and edits 3,000 random files as the line-by-line parse of their CRLF twin does', () => {
    const { rnd, pick } = random(3);
    const keys = ['A', 'NETATMO_ACCESS_TOKEN', 'NETATMO_REFRESH_TOKEN', 'export', 'a.b-c'];
    const values = ['', 'v', "'q'", '"d\\"q"', '`b`', "'open", '"open', ' # c', 'a#b', "'it'\\''s'", '"x\\', 'NETATMO_REFRESH_TOKEN'];
    for (let n = 0; n < 3000; n++) {
      const lines: string[] = [];
      for (let i = Math.floor(rnd() * 8); i > 0; i--) {
        if (rnd() < 0.15) lines.push(pick(['# NETATMO_REFRESH_TOKEN=x', '', 'junk A', "'", 'export A', '  # A=1']));
        else lines.push(`${pick(['', ' ', '\t'])}${rnd() < 0.3 ? pick(['export ', 'export\t', 'export']) : ''}${pick(keys)}${pick(['', ' '])}${pick(['=', '==', ':'])}${pick(['', ' '])}${pick(values)}`);
      }
      const lf = lines.join('\n') + pick(['\n', '']);
      const crlf = lf.replace(/\n/g, '\r\n');
      const asked = [pick(keys), pick(keys), 'NETATMO_REFRESH_TOKEN'];
      const changes = asked.map((key, i) => ({ key, value: `${pick(['new', "it's", 'a|b', ''])}${i}` }));
      expect(outcome(() => readDotenv(lf, asked, { updating: true })), lf).toEqual(outcome(() => readDotenv(crlf, asked, { updating: true })));
      const edited = outcome(() => editDotenv(lf, changes, { siblings: ['NETATMO_ACCESS_TOKEN'] }));
      const twin = outcome(() => editDotenv(crlf, changes, { siblings: ['NETATMO_ACCESS_TOKEN'] }));
      expect(edited, lf).toEqual(typeof twin === 'string' ? twin.replace(/\r\n/g, '\n') : twin);
    }
  });
});

describe('the env.py engine finds keys by searching LF texts', () => {
  it('reads and edits 3,000 random files as the line-by-line parse of their CRLF twin does', () => {
    const { rnd, pick } = random(7);
    const keys = ['A', 'TOKEN', 'NETATMO_ACCESS_TOKEN', 'NETATMO_REFRESH_TOKEN'];
    const values = ["'v'", '"v"', "r'raw'", "f'x{y}'", "'open", "os.getenv('TOKEN')", '42', "'a' + 'b'", "'x'  # c", "'q\\'s'", 'call('];
    for (let n = 0; n < 3000; n++) {
      const lines: string[] = [];
      for (let i = Math.floor(rnd() * 9); i > 0; i--) {
        const key = pick(keys);
        const quote = pick(["'", '"']);
        if (rnd() < 0.2) lines.push(pick(['# TOKEN = 1', '', 'import os', '"""', "'''", '"""doc"""', 'x = """', `"${key}": 'x',`, `os.environ.update({'${key}': 'v'})`]));
        else if (rnd() < 0.5) lines.push(`${pick(['', '    '])}${pick(['os.', ''])}environ.setdefault(${quote}${key}${quote}, ${pick(values)}${pick([')', '', ') + x'])}`);
        else if (rnd() < 0.5) lines.push(`${pick(['', '    '])}os.environ[${quote}${key}${quote}] ${pick(['=', '=='])} ${pick(values)}`);
        else lines.push(`${key}${pick([' = ', '='])}${pick(values)}`);
      }
      const lf = lines.join('\n') + pick(['\n', '']);
      const crlf = lf.replace(/\n/g, '\r\n');
      const asked = [pick(keys), pick(keys), 'NETATMO_REFRESH_TOKEN'];
      const changes = asked.map((key, i) => ({ key, value: `${pick(['new', "it's", 'a|b', 'a\\b'])}${i}` }));
      expect(outcome(() => readEnvpy(lf, asked, { updating: true })), lf).toEqual(outcome(() => readEnvpy(crlf, asked, { updating: true })));
      const edited = outcome(() => editEnvpy(lf, changes, { siblings: ['NETATMO_ACCESS_TOKEN'] }));
      const twin = outcome(() => editEnvpy(crlf, changes, { siblings: ['NETATMO_ACCESS_TOKEN'] }));
      expect(edited, lf).toEqual(typeof twin === 'string' ? twin.replace(/\r\n/g, '\n') : twin);
    }
  });
});
