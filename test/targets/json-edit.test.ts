import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { editJson, readJson } from '../../src/targets/json-edit.js';

interface EditCase {
  readonly name: string;
  readonly before: string;
  readonly at?: string;
  readonly changes: readonly { key: string; value: string }[];
  readonly after: string;
}

const cases: readonly EditCase[] = [
  {
    name: 'edits the guest house tokens.json (4 spaces, no final newline) and appends a new key in its style',
    before: `{
    "access_token": "fake-access-0001",
    "refresh_token": "fake-refresh-0001",
    "uid": 1234567,
    "expires_in": 7776000
}`,
    changes: [
      { key: 'access_token', value: 'fake-access-0002' },
      { key: 'refresh_token', value: 'fake-refresh-0002' },
      { key: 'expires_at', value: '2030-04-01T00:00:00Z' },
    ],
    after: `{
    "access_token": "fake-access-0002",
    "refresh_token": "fake-refresh-0002",
    "uid": 1234567,
    "expires_in": 7776000,
    "expires_at": "2030-04-01T00:00:00Z"
}`,
  },
  {
    name: 'keeps tab indentation inside a nested object named by `at`',
    before: '{\n\t"name": "guesthouse",\n\t"ttlock": {\n\t\t"access_token": "fake-0001"\n\t}\n}\n',
    at: 'ttlock',
    changes: [
      { key: 'access_token', value: 'fake-0002' },
      { key: 'refresh_token', value: 'fake-refresh-0002' },
    ],
    after: '{\n\t"name": "guesthouse",\n\t"ttlock": {\n\t\t"access_token": "fake-0002",\n\t\t"refresh_token": "fake-refresh-0002"\n\t}\n}\n',
  },
  {
    name: 'creates missing objects along `at`, indented like the file',
    before: `{
  "name": "guesthouse"
}
`,
    at: 'tokens.ttlock',
    changes: [{ key: 'refresh_token', value: 'fake-0001' }],
    after: `{
  "name": "guesthouse",
  "tokens": {
    "ttlock": {
      "refresh_token": "fake-0001"
    }
  }
}
`,
  },
  {
    name: "keeps a one-line file written by Python's json.dump on one line",
    before: '{"access_token": "fake-0001", "refresh_token": "fake-r-0001"}',
    changes: [
      { key: 'refresh_token', value: 'fake-r-0002' },
      { key: 'uid', value: '42' },
    ],
    after: '{"access_token": "fake-0001", "refresh_token": "fake-r-0002", "uid": "42"}',
  },
  {
    name: 'keeps minified spacing',
    before: '{"a":1}\n',
    changes: [{ key: 'access_token', value: 'fake-0001' }],
    after: '{"a":1,"access_token":"fake-0001"}\n',
  },
  {
    name: 'lays out an empty object like json.dump(indent=2)',
    before: '{}\n',
    changes: [
      { key: 'access_token', value: 'fake-0001' },
      { key: 'refresh_token', value: 'fake-r-0001' },
    ],
    after: '{\n  "access_token": "fake-0001",\n  "refresh_token": "fake-r-0001"\n}\n',
  },
  {
    name: 'keeps CRLF line endings',
    before: '{\r\n  "access_token": "fake-0001"\r\n}\r\n',
    changes: [
      { key: 'access_token', value: 'fake-0002' },
      { key: 'refresh_token', value: 'fake-r-0002' },
    ],
    after: '{\r\n  "access_token": "fake-0002",\r\n  "refresh_token": "fake-r-0002"\r\n}\r\n',
  },
  {
    name: 'keeps a number a number (TTLock uid) and escapes what JSON needs escaped',
    before: '{ "uid" : 1234567, "note": "x" }',
    changes: [
      { key: 'uid', value: '7654321' },
      { key: 'note', value: 'quote " and \\ and é' },
    ],
    after: '{ "uid" : 7654321, "note": "quote \\" and \\\\ and é" }',
  },
  {
    name: 'updates every copy of a duplicated key',
    before: '{\n  "access_token": "fake-1",\n  "access_token": "fake-2"\n}\n',
    changes: [{ key: 'access_token', value: 'fake-3' }],
    after: '{\n  "access_token": "fake-3",\n  "access_token": "fake-3"\n}\n',
  },
  {
    name: 'creates the file content from nothing',
    before: '',
    at: 'ttlock',
    changes: [{ key: 'access_token', value: 'fake-0001' }],
    after: '{\n  "ttlock": {\n    "access_token": "fake-0001"\n  }\n}\n',
  },
];

describe('editJson', () => {
  for (const testCase of cases) {
    it(testCase.name, () => {
      const options = { fileName: 'main/tokens.json', ...(testCase.at ? { at: testCase.at } : {}) };
      expect(editJson(testCase.before, testCase.changes, options)).toBe(testCase.after);
    });
  }

  it('refuses invalid JSON with the line and column, without quoting the file', () => {
    const text = '{\n  "access_token": "fake-secret-0001",\n  "refresh_token": \n}\n';
    const attempt = () => editJson(text, [{ key: 'access_token', value: 'x' }], { fileName: 'main/tokens.json' });
    expect(attempt).toThrow(UserError);
    expect(attempt).toThrow('main/tokens.json is not valid JSON (line 4, column 1), so reauth left it untouched.');
  });

  it.each([
    ['{"a": 1,}', 1, 9],
    ["{'a': 1}", 1, 2],
    ['{"a": 01}', 1, 8],
    ['{"a": "tab\there"}', 1, 11],
    ['{"a": 1} x', 1, 10],
    ['{"a": tru}', 1, 7],
  ])('rejects %j at line %i, column %i like JSON.parse would', (text, line, column) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(() => editJson(text, [], { fileName: 'f.json' })).toThrow(`(line ${line}, column ${column})`);
  });

  it('refuses a file whose top level is a list', () => {
    expect(() => editJson('[1]', [{ key: 'a', value: 'b' }], { fileName: 'f.json' })).toThrow(/f\.json holds a list, not an object/);
  });

  it('refuses to write below a value that is not an object', () => {
    expect(() => editJson('{"ttlock": "x"}', [{ key: 'a', value: 'b' }], { fileName: 'f.json', at: 'ttlock.tokens' })).toThrow(
      /ttlock in f\.json holds a string, not an object/,
    );
  });
});

describe('readJson', () => {
  it('reads strings, numbers as written, and the last of duplicate keys with a warning', () => {
    const text = '{\n  "access_token": "fake\\u002d0001",\n  "uid": 1234567,\n  "scope": null,\n  "uid": 7654321,\n  "nested": {}\n}';
    const result = readJson(text, ['access_token', 'uid', 'scope', 'nested'], { fileName: 'main/tokens.json' });
    expect(result.values).toEqual({ access_token: 'fake-0001', uid: '7654321' });
    expect(result.warnings).toEqual([
      'uid is set twice in main/tokens.json (lines 3 and 5); loaders disagree on which one wins',
      'nested in main/tokens.json holds an object, not a single value.',
    ]);
    expect(result.inconsistent).toEqual(['uid']);
  });

  it('reads nothing from an empty file or a missing path', () => {
    expect(readJson('', ['a'])).toEqual({ values: {}, warnings: [] });
    expect(readJson('{"b": {}}', ['a'], { at: 'b.c' })).toEqual({ values: {}, warnings: [] });
  });
});

describe('JSON with CR-only line endings (old Mac)', () => {
  const text = '{\r  "netatmo": {\r    "refresh_token": "fake-refresh-0001"\r  }\r}\r';

  it('adds keys laid out on their own CR-ended lines, like the members around them', () => {
    expect(editJson(text, [{ key: 'access_token', value: 'fake-access-0002' }], { at: 'netatmo' })).toBe(
      '{\r  "netatmo": {\r    "refresh_token": "fake-refresh-0001",\r    "access_token": "fake-access-0002"\r  }\r}\r',
    );
  });

  it('adds a missing mapping as indented CR-ended lines, not squeezed onto one line', () => {
    expect(editJson(text, [{ key: 'refresh_token', value: 'fake-refresh-0002' }], { at: 'netatmo.eu' })).toBe(
      '{\r  "netatmo": {\r    "refresh_token": "fake-refresh-0001",\r    "eu": {\r      "refresh_token": "fake-refresh-0002"\r    }\r  }\r}\r',
    );
  });

  it('counts lines by CR when it reports a syntax error', () => {
    expect(() => readJson('{\r  "a": 1,\r  oops\r}\r', ['a'], { fileName: 'tokens.json' })).toThrow(/line 3, column 3/);
  });
});
