import { describe, expect, it } from 'vitest';
import { outlineYaml } from '../../src/targets/yaml-outline.js';

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
