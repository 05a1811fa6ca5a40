import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, parseJsonTree, skipJsonContainer } from '../../src/targets/json-tree.js';

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1103515245 + 12345) >>> 0;
    return state / 4294967296;
  };
}

/** Random JSON-like text: mostly valid, often broken in one place the way files break. */
function jsonish(rnd: () => number, depth = 0): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const space = () => pick(['', ' ', '\n  ', '\t', '\r\n']);
  const r = rnd();
  if (depth < 4 && r < 0.3) {
    const members = Array.from({ length: Math.floor(rnd() * 4) }, () => `${space()}${pick(['"k"', '"a\\"b"', '"\\u00e9"', 'k', '"x\ny"'])}${space()}${pick([':', ':', ':', ''])}${space()}${jsonish(rnd, depth + 1)}`);
    return `{${members.join(pick([',', ',', ',', ',,', ' ']))}${space()}${pick(['}', '}', '}', ']', ''])}`;
  }
  if (depth < 4 && r < 0.55) {
    const items = Array.from({ length: Math.floor(rnd() * 4) }, () => `${space()}${jsonish(rnd, depth + 1)}`);
    return `[${items.join(pick([',', ',', ',', ',,']))}${space()}${pick([']', ']', ']', '}', ',]'])}`;
  }
  return pick(['1', '-0', '01', '1.5e+3', '1.', '-', '2E-2', 'true', 'tru', 'false', 'null', 'nul', '"s"', '"\\n"', '"\\x"', '"\\u12"', '"\t"', '"é😀"', '"\\ud800"', '"unterminated']);
}

describe('skipJsonContainer', () => {
  it('accepts exactly the objects and lists JSON.parse accepts, and ends where they end (5,000 random texts)', () => {
    const rnd = random(3);
    let valid = 0;
    for (let n = 0; n < 5000; n++) {
      const text = `${rnd() < 0.5 ? '{"w": ' : '['}${jsonish(rnd)}${rnd() < 0.5 ? '}' : ']'}${rnd() < 0.2 ? ' x' : ''}`;
      const end = skipJsonContainer(text, 0);
      let parses = true;
      try {
        JSON.parse(text);
      } catch {
        parses = false;
      }
      if (parses) {
        valid++;
        expect(end, text).toBe(text.length);
      }
      if (end !== -1) expect(() => JSON.parse(text.slice(0, end)), text).not.toThrow();
      // The tree reader agrees: the same text, the same verdict and (when broken) an offset.
      let tree: unknown;
      try {
        tree = parseJsonTree(text, ['w']);
      } catch (error) {
        expect(error).toBeInstanceOf(JsonSyntaxError);
        tree = error;
      }
      expect(tree instanceof JsonSyntaxError, text).toBe(!parses);
    }
    expect(valid).toBeGreaterThan(500);
  });

  it('reports a broken value off the path at the offset where it breaks', () => {
    const text = '{"records": [{"a": 1}, {"a": tru}], "w": {"k": "v"}}';
    expect(() => parseJsonTree(text, ['w'])).toThrow(JsonSyntaxError);
    try {
      parseJsonTree(text, ['w']);
    } catch (error) {
      expect((error as JsonSyntaxError).offset).toBe(text.indexOf('tru'));
    }
  });
});
