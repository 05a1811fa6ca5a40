import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { UserError } from '../../src/errors.js';
import { editYaml, readYaml } from '../../src/targets/yaml-edit.js';

const NETATMO = 'weather.integrations.netatmo';

const DASHBOARD_YAML = `# Home dashboard — edit with care
defaults: &defaults
  timeout: 10   # seconds
  retries: 3

weather:
  location: "Berlin"
  units: metric
  integrations:
    netatmo:
      enabled: true
      client_id: '5f1c0de0000000000fake'   # from dev.netatmo.com
      client_secret: "fake-netatmo-secret-0001"
      redirect_uri: https://localhost/callback
      refresh_token: 5c0ffee0000000000fake|fake0001  # rotates on every refresh
      scopes: [read_station]
      http: *defaults
    openweather: {api_key: fake-owm-0001, city: Berlin}

panels:
- name: temperature
  source: netatmo
- name: forecast
  source: openweather
`;

interface EditCase {
  readonly name: string;
  readonly before: string;
  readonly at?: string;
  readonly changes: readonly { key: string; value: string }[];
  readonly after: string;
}

const cases: readonly EditCase[] = [
  {
    name: 'changes only the token lines of a commented file, keeping quote styles, comments, anchors and flow mappings',
    before: DASHBOARD_YAML,
    at: NETATMO,
    changes: [
      { key: 'refresh_token', value: '5c0ffee0000000000fake|fake0002' },
      { key: 'client_secret', value: 'fake-netatmo-secret-0002' },
      { key: 'client_id', value: '5f1c0de0000000000fak2' },
    ],
    after: `# Home dashboard — edit with care
defaults: &defaults
  timeout: 10   # seconds
  retries: 3

weather:
  location: "Berlin"
  units: metric
  integrations:
    netatmo:
      enabled: true
      client_id: '5f1c0de0000000000fak2'   # from dev.netatmo.com
      client_secret: "fake-netatmo-secret-0002"
      redirect_uri: https://localhost/callback
      refresh_token: 5c0ffee0000000000fake|fake0002  # rotates on every refresh
      scopes: [read_station]
      http: *defaults
    openweather: {api_key: fake-owm-0001, city: Berlin}

panels:
- name: temperature
  source: netatmo
- name: forecast
  source: openweather
`,
  },
  {
    name: 'adds a missing key as one new line after the last key of the mapping',
    before: DASHBOARD_YAML,
    at: NETATMO,
    changes: [{ key: 'access_token', value: 'fake-access-0001' }],
    after: DASHBOARD_YAML.replace('      http: *defaults\n', '      http: *defaults\n      access_token: fake-access-0001\n'),
  },
  {
    name: 'creates a missing mapping next to its siblings, indented like them',
    before: DASHBOARD_YAML,
    at: 'weather.integrations.tado',
    changes: [{ key: 'refresh_token', value: 'fake-tado-0001' }],
    after: DASHBOARD_YAML.replace(
      '    openweather: {api_key: fake-owm-0001, city: Berlin}\n',
      '    openweather: {api_key: fake-owm-0001, city: Berlin}\n    tado:\n      refresh_token: fake-tado-0001\n',
    ),
  },
  {
    name: 'creates the whole path at the end of the top-level mapping',
    before: `# settings
title: Dashboard
panels:
  - clock

# end of file
`,
    at: NETATMO,
    changes: [
      { key: 'client_id', value: 'fake-client-0001' },
      { key: 'refresh_token', value: 'fake|refresh-0001' },
    ],
    after: `# settings
title: Dashboard
panels:
  - clock
weather:
  integrations:
    netatmo:
      client_id: fake-client-0001
      refresh_token: fake|refresh-0001

# end of file
`,
  },
  {
    name: 'fills a mapping that is declared but empty, keeping its comment',
    before: `weather:
  integrations:
    netatmo:   # set up by reauth
    other: 1
`,
    at: NETATMO,
    changes: [{ key: 'refresh_token', value: 'fake-0001' }],
    after: `weather:
  integrations:
    netatmo:   # set up by reauth
      refresh_token: fake-0001
    other: 1
`,
  },
  {
    name: 'fills `key: ~` and bare `key:` values in place',
    before: `netatmo:
  refresh_token: ~
  access_token:
  enabled: true
`,
    at: 'netatmo',
    changes: [
      { key: 'refresh_token', value: 'fake-refresh-0001' },
      { key: 'access_token', value: 'fake-access-0001' },
    ],
    after: `netatmo:
  refresh_token: fake-refresh-0001
  access_token: fake-access-0001
  enabled: true
`,
  },
  {
    name: 'edits and extends a flow mapping without reflowing it',
    before: `weather: {netatmo: {enabled: true, refresh_token: "fake-0001"}}  # compact
`,
    at: 'weather.netatmo',
    changes: [
      { key: 'refresh_token', value: 'fake-0002' },
      { key: 'access_token', value: 'fake-access-0002' },
    ],
    after: `weather: {netatmo: {enabled: true, refresh_token: "fake-0002", access_token: fake-access-0002}}  # compact
`,
  },
  {
    name: 'keeps CRLF line endings, on new lines too',
    before: 'netatmo:\r\n  refresh_token: fake-0001 # rotates\r\n  enabled: true\r\n',
    at: 'netatmo',
    changes: [
      { key: 'refresh_token', value: 'fake-0002' },
      { key: 'access_token', value: 'fake-access-0002' },
    ],
    after: 'netatmo:\r\n  refresh_token: fake-0002 # rotates\r\n  enabled: true\r\n  access_token: fake-access-0002\r\n',
  },
  {
    name: 'keeps 4-space indentation and a `---` start marker',
    before: `---
# four spaces here
netatmo:
    enabled: true
`,
    at: 'netatmo',
    changes: [{ key: 'refresh_token', value: 'fake-0001' }],
    after: `---
# four spaces here
netatmo:
    enabled: true
    refresh_token: fake-0001
`,
  },
  {
    name: 'keeps an anchor on the scalar it rewrites',
    before: `tokens:
  refresh_token: &rt fake-0001
mirror: *rt
`,
    at: 'tokens',
    changes: [{ key: 'refresh_token', value: 'fake-0002' }],
    after: `tokens:
  refresh_token: &rt fake-0002
mirror: *rt
`,
  },
  {
    name: 'gives an alias its own value, leaving the anchored original alone',
    before: `shared: &tok fake-0001
netatmo:
  refresh_token: *tok
`,
    at: 'netatmo',
    changes: [{ key: 'refresh_token', value: 'fake-0002' }],
    after: `shared: &tok fake-0001
netatmo:
  refresh_token: fake-0002
`,
  },
  {
    name: 'keeps a numeric client id a number and quotes what YAML 1.1 or 1.2 would not read as text',
    before: `app:
  client_id: 600001
  scope: read
  flag: x
  time: x
  octal: x
`,
    at: 'app',
    changes: [
      { key: 'client_id', value: '600002' },
      { key: 'scope', value: 'yes' },
      { key: 'flag', value: '# not a comment' },
      { key: 'time', value: '12:30' },
      { key: 'octal', value: '0123' },
    ],
    after: `app:
  client_id: 600002
  scope: 'yes'
  flag: '# not a comment'
  time: '12:30'
  octal: '0123'
`,
  },
  {
    name: 'replaces a block scalar with a one-line value',
    before: `netatmo:
  refresh_token: |
    fake-0001
  enabled: true
`,
    at: 'netatmo',
    changes: [{ key: 'refresh_token', value: 'fake-0002' }],
    after: `netatmo:
  refresh_token: fake-0002
  enabled: true
`,
  },
  {
    name: 'writes top-level keys when there is no `at`',
    before: `# tokens
access_token: 'fake-0001'
`,
    changes: [
      { key: 'access_token', value: "it's-fake" },
      { key: 'refresh_token', value: 'fake-0001' },
    ],
    after: `# tokens
access_token: 'it''s-fake'
refresh_token: fake-0001
`,
  },
  {
    name: 'creates the structure in an empty file',
    before: '',
    at: NETATMO,
    changes: [{ key: 'refresh_token', value: 'fake-0001' }],
    after: `weather:
  integrations:
    netatmo:
      refresh_token: fake-0001
`,
  },
];

describe('editYaml', () => {
  for (const testCase of cases) {
    it(testCase.name, () => {
      const options = { fileName: 'config.yaml', ...(testCase.at ? { at: testCase.at } : {}) };
      expect(editYaml(testCase.before, testCase.changes, options)).toBe(testCase.after);
    });
  }

  it.each(['true', 'null', '~', 'on', 'no', '1e3', '0x1F', '-dash', '- item', 'a: b', '@at', '`tick', '"q', "'q", '!tag', '&anchor', '*alias', '%', ' lead', 'trail ', '[x]', '{x}', '2024-01-01'])(
    'writes %j so that YAML 1.2 and 1.1 both read back the same string',
    (value) => {
      const edited = editYaml('k: old\n', [{ key: 'k', value }], {});
      for (const version of ['1.2', '1.1'] as const) expect(parseDocument(edited, { version }).get('k')).toBe(value);
    },
  );

  it('refuses a file that does not parse, naming the line', () => {
    const attempt = () => editYaml('weather:\n  a: [1\nb: 2\n', [{ key: 'x', value: 'y' }], { fileName: 'config.yaml', at: 'weather' });
    expect(attempt).toThrow(UserError);
    expect(attempt).toThrow(/config\.yaml could not be read as YAML \(line 3, column 1/);
  });

  it('falls back to the Document API for the one shape it cannot edit as text (`{netatmo: ~}`), still quoting for YAML 1.1', () => {
    const edited = editYaml('# c\nweather: {netatmo: ~}  # x\nother: [1,2]\n', [{ key: 'refresh_token', value: 'yes' }], { at: 'weather.netatmo' });
    expect(edited).toBe("# c\nweather: { netatmo: { refresh_token: 'yes' } } # x\nother: [ 1, 2 ]\n");
  });

  it('refuses a mapping with a repeated key, naming the line of the repeat', () => {
    const text = 'netatmo:\n  refresh_token: a\n  enabled: true\n  refresh_token: b\n';
    expect(() => editYaml(text, [{ key: 'refresh_token', value: 'c' }], { fileName: 'config.yaml', at: 'netatmo' })).toThrow(
      'config.yaml could not be read as YAML (line 4, column 3: Map keys must be unique), so reauth left it untouched.',
    );
  });

  it('refuses to write keys into something that is not a mapping', () => {
    expect(() => editYaml('weather:\n  netatmo: disabled\n', [{ key: 'x', value: 'y' }], { fileName: 'config.yaml', at: 'weather.netatmo' })).toThrow(
      /weather\.netatmo in config\.yaml is not a mapping/,
    );
  });

  it('refuses to replace a mapping with a token', () => {
    expect(() => editYaml('netatmo:\n  refresh_token:\n    a: 1\n', [{ key: 'refresh_token', value: 'y' }], { at: 'netatmo' })).toThrow(
      /holds a mapping, not a single value/,
    );
  });

  it('refuses to write through an alias into an anchored mapping', () => {
    expect(() => editYaml('base: &b {x: 1}\nnetatmo: *b\n', [{ key: 'y', value: 'z' }], { at: 'netatmo' })).toThrow(/is an alias \(\*b\)/);
  });

  it('does not quote file contents (which may hold secrets) in a parse error', () => {
    try {
      editYaml('token: fake-secret-0001\n  bad: [\n', [], { fileName: 'config.yaml' });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain('fake-secret-0001');
    }
  });
});

describe('readYaml', () => {
  it('reads the keys under `at`, numbers as written, and says when a key holds a list', () => {
    const result = readYaml(DASHBOARD_YAML, ['client_id', 'client_secret', 'refresh_token', 'enabled', 'scopes', 'missing'], {
      fileName: 'config.yaml',
      at: NETATMO,
    });
    expect(result.values).toEqual({
      client_id: '5f1c0de0000000000fake',
      client_secret: 'fake-netatmo-secret-0001',
      refresh_token: '5c0ffee0000000000fake|fake0001',
      enabled: 'true',
    });
    expect(result.warnings).toEqual(['scopes in config.yaml holds a list, not a single value.']);
  });

  it('keeps a numeric-looking value as written', () => {
    expect(readYaml('app: {client_id: 0123, id: 600001}\n', ['client_id', 'id'], { at: 'app' }).values).toEqual({ client_id: '0123', id: '600001' });
  });

  it('reads through an alias and says that writing will detach it', () => {
    const result = readYaml('shared: &tok fake-0001\nnetatmo:\n  refresh_token: *tok\n', ['refresh_token'], { fileName: 'config.yaml', at: 'netatmo' });
    expect(result.values).toEqual({ refresh_token: 'fake-0001' });
    expect(result.warnings).toEqual(['refresh_token in config.yaml is an alias (*tok); writing gives it its own value instead.']);
  });

  it('warns that other places follow an anchored value', () => {
    const result = readYaml('t:\n  refresh_token: &rt fake-0001\nmirror: *rt\n', ['refresh_token'], { fileName: 'config.yaml', at: 't' });
    expect(result.warnings).toEqual(['refresh_token in config.yaml carries the anchor &rt: every *rt in the file follows its value.']);
  });

  it('finds nothing, without complaint, when the path does not exist yet', () => {
    expect(readYaml('other: 1\n', ['refresh_token'], { at: NETATMO })).toEqual({ values: {}, warnings: [] });
  });
});

describe('YAML with CR-only line endings (old Mac)', () => {
  const text = '# dashboard\rweather:\r  netatmo:\r    refresh_token: fake-refresh-0001   # rotates\r';

  it('reads it as lines instead of calling line 1 a syntax error', () => {
    expect(readYaml(text, ['refresh_token'], { at: 'weather.netatmo' }).values).toEqual({ refresh_token: 'fake-refresh-0001' });
  });

  it('edits the value and adds a key, keeping CR endings and the comment', () => {
    const edited = editYaml(
      text,
      [
        { key: 'refresh_token', value: 'fake-refresh-0002' },
        { key: 'access_token', value: 'fake-access-0002' },
      ],
      { at: 'weather.netatmo' },
    );
    expect(edited).toBe('# dashboard\rweather:\r  netatmo:\r    refresh_token: fake-refresh-0002   # rotates\r    access_token: fake-access-0002\r');
  });
});
