import { describe, expect, it } from 'vitest';
import { outlineYaml } from '../../src/targets/yaml-outline.js';
import { isAlias, isMap, isScalar, isSeq, parseDocument, type YAMLMap } from 'yaml';

const CONFIG = `# dashboard
services:
  web: &web
    port: 8080   # public
    tags: [prod, eu]
  api:
    <<: *web
    name: "API"
weather:
  city: Lyon
  integrations:
    netatmo:
      refresh_token: 'fake-refresh-0001'
      station: &home Garden
      panels:
        - temperature
    other: *home
`;

describe('outlineYaml', () => {
  it('keeps the lines on the way to `at` and the mapping there, each where it was in the file', () => {
    const outline = outlineYaml(CONFIG, ['weather', 'integrations', 'netatmo']);
    expect(outline?.text).toBe(
      'services:\nweather:\n  city: Lyon\n  integrations:\n    netatmo:\n      refresh_token: \'fake-refresh-0001\'\n      station: &home Garden\n      panels:\n        - temperature\n',
    );
    const at = outline!.text.indexOf("'fake-refresh-0001'");
    expect(outline!.toFile(at)).toBe(CONFIG.indexOf("'fake-refresh-0001'"));
    expect(outline!.aliasesResolve).toBe(true);
    expect([...outline!.aliased].sort()).toEqual(['home', 'web']);
  });

  it('says when an alias comes before its anchor', () => {
    expect(outlineYaml('a: *later\nb: &later x\n', ['b'])?.aliasesResolve).toBe(false);
  });

  it.each([
    ['a block scalar', 'note: |\n  text\nnetatmo:\n  refresh_token: x\n'],
    ['a tab', 'netatmo:\n\trefresh_token: x\n'],
    ['a value over two lines', 'netatmo:\n  refresh_token: x\n    y\n'],
    ['a repeated key', 'a: 1\na: 2\nnetatmo:\n  refresh_token: x\n'],
    ['a quoted key', "'a': 1\nnetatmo:\n  refresh_token: x\n"],
    ['a flow mapping with keys', 'netatmo: {refresh_token: x}\n'],
    ['a directive', '%YAML 1.1\n---\nnetatmo:\n  refresh_token: x\n'],
    ['a comment glued to a quote', "netatmo:\n  refresh_token: 'x'#c\n"],
    ['an uneven indentation', 'netatmo:\n    refresh_token: x\n  other: y\n'],
    ['an alias held by the mapping at `at`', 'base: &b x\nnetatmo:\n  refresh_token: *b\n'],
    ['a list at the top', '- a\n- b\n'],
  ])('leaves a file with %s to the yaml package', (_, text) => {
    expect(outlineYaml(text, ['netatmo'])).toBeNull();
  });
});

describe('outlineYaml with lists of mappings', () => {
  const SERVICES = `# services, as people keep them
services:
  # the web one
  - name: web
    port: 8080   # public
    env:
      LEVEL: info
    tags: [prod, eu]
  -   name: api
      port: 8081
  - plain item
weather:
  integrations:
    netatmo:
      refresh_token: 'fake-refresh-0001'
      panels:
      - name: temperature
        unit: C
more:
- a: 1
  b:
  - x
  c: 2
`;

  it('checks every item line and keeps none of them but a list’s first line under `at`', () => {
    const outline = outlineYaml(SERVICES, ['weather', 'integrations', 'netatmo']);
    expect(outline?.text).toBe(
      "services:\nweather:\n  integrations:\n    netatmo:\n      refresh_token: 'fake-refresh-0001'\n      panels:\n      - name: temperature\n",
    );
  });

  it.each([
    ['a key repeated in one item', 'list:\n  - a: 1\n    a: 2\nnetatmo:\n  refresh_token: x\n'],
    ['an item key indented less than the first', 'list:\n  -   a: 1\n    b: 2\nnetatmo:\n  refresh_token: x\n'],
    ['an item key indented more than the first', 'list:\n  - a: 1\n     b: 2\nnetatmo:\n  refresh_token: x\n'],
    ['an item value over two lines', 'list:\n  - a: 1\n      more\nnetatmo:\n  refresh_token: x\n'],
    ['an anchored item mapping', 'list:\n  - &i a: 1\nnetatmo:\n  refresh_token: x\n'],
    ['a nested dash', 'list:\n  - - a: 1\nnetatmo:\n  refresh_token: x\n'],
  ])('leaves a file with %s to the yaml package', (_, text) => {
    expect(outlineYaml(text, ['netatmo'])).toBeNull();
  });

  // Seeded random files with lists of mappings anywhere: whenever the outline takes a file, the
  // whole file must parse cleanly (no error, no repeated key), and the outline must say the
  // same as the whole file about every step of `at` and the mapping there.
  it('says what the whole file says, on 3,000 random files', () => {
    let state = 17;
    const rnd = () => {
      state = (state * 1103515245 + 12345) >>> 0;
      return state / 4294967296;
    };
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const SCALARS = ['v', "'q'", '"d"', '12', 'a b', 'x # c', '[a, b]', '{}', '*anc', '&anc w', 'yes'];
    const KEYS = ['weather', 'integrations', 'netatmo', 'refresh_token', 'name', 'port', 'env'];
    const lines = (indent: number, depth: number, out: string[]): void => {
      const count = 1 + Math.floor(rnd() * 3);
      const asList = depth > 0 && rnd() < 0.35;
      const dashIndent = indent - (asList && rnd() < 0.3 ? 2 : 0);
      for (let i = 0; i < count; i++) {
        if (rnd() < 0.1) out.push(pick(['', '# note', `${' '.repeat(indent)}# deeper`]));
        const key = pick(KEYS);
        const deeper = depth < 4 && rnd() < 0.4;
        if (asList) {
          const dash = `${' '.repeat(Math.max(0, dashIndent))}-${' '.repeat(1 + (rnd() < 0.2 ? 2 : 0))}`;
          if (rnd() < 0.25) {
            out.push(`${dash}${pick(SCALARS)}`);
            continue;
          }
          const itemIndent = dash.length;
          out.push(deeper ? `${dash}${key}:` : `${dash}${key}: ${pick(SCALARS)}`);
          if (deeper) lines(itemIndent + 2, depth + 1, out);
          for (let j = Math.floor(rnd() * 3); j > 0; j--) {
            const other = pick(KEYS);
            out.push(`${' '.repeat(itemIndent + (rnd() < 0.05 ? 1 : 0))}${other}: ${pick(SCALARS)}`);
          }
        } else {
          out.push(deeper ? `${' '.repeat(indent)}${key}:` : `${' '.repeat(indent)}${key}: ${pick(SCALARS)}`);
          if (deeper) lines(indent + 2, depth + 1, out);
        }
      }
    };
    let outlined = 0;
    let withItemMappings = 0;
    for (let n = 0; n < 3000; n++) {
      const out: string[] = [];
      lines(0, 0, out);
      const text = `${out.join('\n')}\n`;
      const path = pick([['weather', 'integrations', 'netatmo'], ['weather'], ['netatmo'], ['weather', 'integrations']]);
      const outline = outlineYaml(text, path);
      if (!outline) continue;
      outlined++;
      if (/^ *- +[a-z_]+:/m.test(text)) withItemMappings++;
      const whole = parseDocument(text);
      expect(whole.errors, text).toEqual([]);
      const part = parseDocument(outline.text);
      expect(part.errors, `${text}\n--- outline:\n${outline.text}`).toEqual([]);
      for (let depth = 0; depth <= path.length; depth++) {
        const wholeNode = whole.getIn(path.slice(0, depth), true);
        const partNode = part.getIn(path.slice(0, depth), true);
        expect(kindOf(partNode), `${text}\n--- outline:\n${outline.text}\n--- at ${path.slice(0, depth).join('.')}`).toBe(kindOf(wholeNode));
        if (depth === path.length && isMap(wholeNode) && isMap(partNode)) {
          // The mapping at `at`: the same keys, each holding the same kind of thing (scalars equal).
          const summary = (map: YAMLMap) => map.items.map((pair) => [String((pair.key as { value?: unknown }).value), kindOf(pair.value), isScalar(pair.value) ? pair.value.value : null]);
          expect(summary(partNode), text).toEqual(summary(wholeNode));
        }
      }
    }
    expect(outlined).toBeGreaterThan(300);
    expect(withItemMappings).toBeGreaterThan(100);
  });
});

function kindOf(node: unknown): string {
  if (node === undefined) return 'missing';
  if (isMap(node)) return 'map';
  if (isSeq(node)) return 'seq';
  if (isAlias(node)) return 'alias';
  if (isScalar(node)) return node.value === null ? 'null' : 'scalar';
  return 'other';
}
