import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { editDotenv, formatValue, readDotenv } from '../../src/targets/dotenv-edit.js';

interface EditCase {
  readonly name: string;
  readonly before: string;
  readonly changes: readonly { key: string; value: string }[];
  readonly after: string;
}

const cases: readonly EditCase[] = [
  {
    name: 'keeps box-drawing banners, blank lines and every other key of the Zoho chatbot file',
    before: `# ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━
# ━━━ SalesIQ ━━━
# ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━
SALESIQ_ACCESS_TOKEN=1000.fake-salesiq-access-0001
SALESIQ_REFRESH_TOKEN=1000.fake-salesiq-refresh-0001

# ╔══════════════════════╗
# ║      Zoho Desk       ║
# ╚══════════════════════╝
DESK_ACCESS_TOKEN="1000.fake-desk-access-0001"
DESK_REFRESH_TOKEN='1000.fake-desk-refresh-0001'
DESK_ORG_ID=600001   # org id
ZOHO_CLIENT_ID=1000.FAKECLIENTID
`,
    changes: [
      { key: 'SALESIQ_ACCESS_TOKEN', value: '1000.fake-salesiq-access-0002' },
      { key: 'DESK_ACCESS_TOKEN', value: '1000.fake-desk-access-0002' },
      { key: 'DESK_REFRESH_TOKEN', value: '1000.fake-desk-refresh-0002' },
    ],
    after: `# ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━
# ━━━ SalesIQ ━━━
# ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━
SALESIQ_ACCESS_TOKEN=1000.fake-salesiq-access-0002
SALESIQ_REFRESH_TOKEN=1000.fake-salesiq-refresh-0001

# ╔══════════════════════╗
# ║      Zoho Desk       ║
# ╚══════════════════════╝
DESK_ACCESS_TOKEN="1000.fake-desk-access-0002"
DESK_REFRESH_TOKEN='1000.fake-desk-refresh-0002'
DESK_ORG_ID=600001   # org id
ZOHO_CLIENT_ID=1000.FAKECLIENTID
`,
  },
  {
    name: 'keeps CRLF line endings, including on a new key (placed after its sibling)',
    before: 'APP_NAME=guesthouse\r\nNETATMO_REFRESH_TOKEN=fake-old-0001\r\n# end\r\n',
    changes: [
      { key: 'NETATMO_REFRESH_TOKEN', value: 'fake-new-0002' },
      { key: 'NETATMO_TOKEN_EXPIRES_AT', value: '2030-01-01T00:00:00Z' },
    ],
    after: 'APP_NAME=guesthouse\r\nNETATMO_REFRESH_TOKEN=fake-new-0002\r\nNETATMO_TOKEN_EXPIRES_AT=2030-01-01T00:00:00Z\r\n# end\r\n',
  },
  {
    name: 'keeps `export ` prefixes and gives new keys one when every line has it',
    before: `export APP=weather
export NETATMO_ACCESS_TOKEN=fake-access-0001
`,
    changes: [
      { key: 'NETATMO_ACCESS_TOKEN', value: 'fake-access-0002' },
      { key: 'NETATMO_REFRESH_TOKEN', value: 'fake-refresh-0002' },
    ],
    after: `export APP=weather
export NETATMO_ACCESS_TOKEN=fake-access-0002
export NETATMO_REFRESH_TOKEN=fake-refresh-0002
`,
  },
  {
    name: 'keeps a `#` inside quotes as part of the value and the real comment after it',
    before: `A="abc#def" # real comment
NETATMO_REFRESH_TOKEN='fake # not a comment' # note
`,
    changes: [{ key: 'NETATMO_REFRESH_TOKEN', value: 'fake-refresh-0002' }],
    after: `A="abc#def" # real comment
NETATMO_REFRESH_TOKEN='fake-refresh-0002' # note
`,
  },
  {
    name: 'updates both assignments of a key that is set twice',
    before: `# tokens
APP=x
NETATMO_REFRESH_TOKEN=fake-first-0001
B=y



C=z
NETATMO_REFRESH_TOKEN="fake-second-0001"
`,
    changes: [{ key: 'NETATMO_REFRESH_TOKEN', value: 'fake-new-0002' }],
    after: `# tokens
APP=x
NETATMO_REFRESH_TOKEN=fake-new-0002
B=y



C=z
NETATMO_REFRESH_TOKEN="fake-new-0002"
`,
  },
  {
    name: 'edits the last line of a file without a trailing newline and leaves it without one',
    before: 'A=1\nNETATMO_ACCESS_TOKEN=fake-access-0001',
    changes: [{ key: 'NETATMO_ACCESS_TOKEN', value: 'fake-access-0002' }],
    after: 'A=1\nNETATMO_ACCESS_TOKEN=fake-access-0002',
  },
  {
    name: 'ends an unterminated last line before appending a new key',
    before: 'A=1\nB=2',
    changes: [{ key: 'NETATMO_ACCESS_TOKEN', value: 'fake-access-0002' }],
    after: 'A=1\nB=2\nNETATMO_ACCESS_TOKEN=fake-access-0002\n',
  },
  {
    name: 'keeps spacing around `=`, an inline comment after a bare value, and `=` inside values',
    before: `TOKEN_A = fake-a-0001
TOKEN_B=fake-b-0001 # rotated by cron
URL=https://example.test/?a=b
TOKEN_C=fake=c=0001
`,
    changes: [
      { key: 'TOKEN_A', value: 'fake-a-0002' },
      { key: 'TOKEN_B', value: 'fake-b-0002' },
      { key: 'TOKEN_C', value: 'fake=c=0002' },
    ],
    after: `TOKEN_A = fake-a-0002
TOKEN_B=fake-b-0002 # rotated by cron
URL=https://example.test/?a=b
TOKEN_C=fake=c=0002
`,
  },
  {
    name: 'fills empty values, keeping a comment that follows one',
    before: `TOKEN_A=
TOKEN_B=   # paste here
TOKEN_C=''
`,
    changes: [
      { key: 'TOKEN_A', value: 'fake-a-0002' },
      { key: 'TOKEN_B', value: 'fake-b-0002' },
      { key: 'TOKEN_C', value: 'fake-c-0002' },
    ],
    after: `TOKEN_A=fake-a-0002
TOKEN_B=fake-b-0002   # paste here
TOKEN_C='fake-c-0002'
`,
  },
  {
    name: "quotes a Netatmo token (it contains `|`) so sh does not read a pipe, and escapes inside double quotes",
    before: `NETATMO_REFRESH_TOKEN=5c0ffee|fake0001
NETATMO_ACCESS_TOKEN="fake"
`,
    changes: [
      { key: 'NETATMO_REFRESH_TOKEN', value: '5c0ffee|fake0002' },
      { key: 'NETATMO_ACCESS_TOKEN', value: 'fa$ke"`\\0002' },
    ],
    after: `NETATMO_REFRESH_TOKEN='5c0ffee|fake0002'
NETATMO_ACCESS_TOKEN="fa\\$ke\\"\\\`\\\\0002"
`,
  },
  {
    name: 'skips a multi-line quoted value of another key instead of reading its lines as assignments',
    before: `PRIVATE_KEY="-----BEGIN FAKE KEY-----
NETATMO_ACCESS_TOKEN=not-an-assignment
-----END FAKE KEY-----"
NETATMO_ACCESS_TOKEN=fake-access-0001
`,
    changes: [{ key: 'NETATMO_ACCESS_TOKEN', value: 'fake-access-0002' }],
    after: `PRIVATE_KEY="-----BEGIN FAKE KEY-----
NETATMO_ACCESS_TOKEN=not-an-assignment
-----END FAKE KEY-----"
NETATMO_ACCESS_TOKEN=fake-access-0002
`,
  },
  {
    name: 'reads CR-only line endings (old Mac) as lines and keeps them, appending with CR too',
    before: '# tokens\rNETATMO_ACCESS_TOKEN=fake-access-0001\rNETATMO_REFRESH_TOKEN=fake-refresh-0001\r',
    changes: [
      { key: 'NETATMO_ACCESS_TOKEN', value: 'fake-access-0002' },
      { key: 'NETATMO_TOKEN_EXPIRES_AT', value: '2030-01-01T00:00:00Z' },
    ],
    after: '# tokens\rNETATMO_ACCESS_TOKEN=fake-access-0002\rNETATMO_REFRESH_TOKEN=fake-refresh-0001\rNETATMO_TOKEN_EXPIRES_AT=2030-01-01T00:00:00Z\r',
  },
  {
    name: 'keeps each line\'s own ending in a file that mixes CRLF, LF and CR',
    before: 'A=1\r\nNETATMO_ACCESS_TOKEN=fake-access-0001\rB=2\nNETATMO_REFRESH_TOKEN=fake-refresh-0001\r\nC=3',
    changes: [
      { key: 'NETATMO_ACCESS_TOKEN', value: 'fake-access-0002' },
      { key: 'NETATMO_REFRESH_TOKEN', value: 'fake-refresh-0002' },
    ],
    after: 'A=1\r\nNETATMO_ACCESS_TOKEN=fake-access-0002\rB=2\nNETATMO_REFRESH_TOKEN=fake-refresh-0002\r\nC=3',
  },
  {
    name: 'ends an unterminated last line of a CR-only file with CR before appending',
    before: 'A=1\rB=2',
    changes: [{ key: 'NETATMO_ACCESS_TOKEN', value: 'fake-access-0001' }],
    after: 'A=1\rB=2\rNETATMO_ACCESS_TOKEN=fake-access-0001\r',
  },
  {
    name: 'creates the first line of an empty file',
    before: '',
    changes: [{ key: 'NETATMO_ACCESS_TOKEN', value: 'fake-access-0001' }],
    after: 'NETATMO_ACCESS_TOKEN=fake-access-0001\n',
  },
];

describe('editDotenv', () => {
  for (const testCase of cases) {
    it(testCase.name, () => {
      expect(editDotenv(testCase.before, testCase.changes, { fileName: '.env' })).toBe(testCase.after);
    });
  }

  it('refuses to edit a key whose double-quoted value spans several lines, naming file and line', () => {
    const text = 'A=1\nNETATMO_ACCESS_TOKEN="fake\nstill-fake"\n';
    expect(() => editDotenv(text, [{ key: 'NETATMO_ACCESS_TOKEN', value: 'x' }], { fileName: '.env' })).toThrow(
      /NETATMO_ACCESS_TOKEN in \.env \(line 2\) holds a quoted value that spans several lines/,
    );
  });

  it('refuses a key whose quote is never closed', () => {
    const text = "NETATMO_ACCESS_TOKEN='fake\nB=2\n";
    expect(() => editDotenv(text, [{ key: 'NETATMO_ACCESS_TOKEN', value: 'x' }], { fileName: 'app/.env' })).toThrow(
      /app\/\.env \(line 1\) opens a quote that is never closed/,
    );
  });

  it('refuses to edit any key of a file with an unclosed quote, even one it could reach', () => {
    expect(() => editDotenv('B=2\nOTHER="abc\n', [{ key: 'B', value: '3' }], { fileName: '.env' })).toThrow(/OTHER in \.env \(line 2\)/);
  });

  it('refuses a value with a line break, which no single-line form can hold', () => {
    expect(() => editDotenv('', [{ key: 'A', value: 'one\ntwo' }])).toThrow(UserError);
  });
});

describe('readDotenv', () => {
  it('unquotes single (literal), double (escapes) and bare (inline comment stripped) values', () => {
    const text = `SINGLE='lit\\n $HOME'
DOUBLE="line\\none \\"q\\" back\\\\slash"
BARE=plain-0001 # comment
HASH=a#b
export EXPORTED=yes
EMPTY=
SH_QUOTE='it'\\''s'
`;
    const { values } = readDotenv(text, ['SINGLE', 'DOUBLE', 'BARE', 'HASH', 'EXPORTED', 'EMPTY', 'SH_QUOTE', 'MISSING']);
    expect(values).toEqual({
      SINGLE: 'lit\\n $HOME',
      DOUBLE: 'line\none "q" back\\slash',
      BARE: 'plain-0001',
      HASH: 'a#b',
      EXPORTED: 'yes',
      EMPTY: '',
      SH_QUOTE: "it's",
    });
  });

  it('reads a multi-line double-quoted value', () => {
    const { values } = readDotenv('K="one\ntwo"\n', ['K']);
    expect(values.K).toBe('one\ntwo');
  });

  it('reads a properly closed multi-line value followed by other keys, with a comment after the closing quote', () => {
    const text = 'PRIVATE_KEY="-----BEGIN-----\nabc\n-----END-----"  # the key\nNETATMO_REFRESH_TOKEN=fake-0001\n';
    expect(readDotenv(text, ['PRIVATE_KEY', 'NETATMO_REFRESH_TOKEN']).values).toEqual({
      PRIVATE_KEY: '-----BEGIN-----\nabc\n-----END-----',
      NETATMO_REFRESH_TOKEN: 'fake-0001',
    });
  });

  describe('refuses a file with a quote that is never closed, naming file and line and what to fix', () => {
    // Node's dotenv would read `"fake-0001` (quote included) and python-dotenv would skip the
    // line: reauth reading either would write a token the program reads differently.
    it.each([
      ['at the end of the file', 'A=1\nNETATMO_REFRESH_TOKEN="fake-0001\n', '"'],
      ['without a final newline', 'A=1\nNETATMO_REFRESH_TOKEN="fake-0001', '"'],
      ['with a single quote', "A=1\nNETATMO_REFRESH_TOKEN='fake-0001\nB=2\n", "'"],
      ['when a later line holds the same quote (it would swallow B)', 'A=1\nNETATMO_REFRESH_TOKEN="fake-0001\nB="two"\n', '"'],
      ['in a CR-only file', 'A=1\rNETATMO_REFRESH_TOKEN="fake-0001\rB=2\r', '"'],
    ])('%s', (_, text, quote) => {
      let caught: unknown;
      try {
        readDotenv(text, ['NETATMO_REFRESH_TOKEN', 'B'], { fileName: 'app/.env' });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(UserError);
      const error = caught as UserError;
      expect(error.message).toBe(
        `NETATMO_REFRESH_TOKEN in app/.env (line 2) opens a quote that is never closed (${quote}), so loaders disagree on where its value ends; reauth left the file untouched.`,
      );
      expect(error.nextStep).toBe(`Add the closing ${quote} at the end of the value on line 2 of app/.env (or remove the opening one), then run reauth again.`);
    });

    it('even when the broken key is not one reauth was asked about', () => {
      expect(() => readDotenv('PRIVATE_KEY="abc\nNETATMO_REFRESH_TOKEN=fake-0001\n', ['NETATMO_REFRESH_TOKEN'])).toThrow(/PRIVATE_KEY in \.env \(line 1\)/);
    });
  });

  it('warns about a key set twice, with both line numbers, and lets the last one win like sh', () => {
    const text = 'A=1\nB=2\nNETATMO_REFRESH_TOKEN=first\n\n\n\n\n\nNETATMO_REFRESH_TOKEN=second\n';
    const result = readDotenv(text, ['NETATMO_REFRESH_TOKEN'], { fileName: '.env' });
    expect(result.values.NETATMO_REFRESH_TOKEN).toBe('second');
    expect(result.warnings).toEqual([
      'NETATMO_REFRESH_TOKEN is set twice in .env (lines 3 and 9); loaders disagree on which one wins',
    ]);
    expect(result.inconsistent).toEqual(['NETATMO_REFRESH_TOKEN']);
    expect(readDotenv(text, ['NETATMO_REFRESH_TOKEN'], { fileName: '.env', updating: true }).warnings).toEqual([
      'NETATMO_REFRESH_TOKEN is set twice in .env (lines 3 and 9); both were updated — loaders disagree on which one wins',
    ]);
  });

  it('reads CR-only lines as separate assignments, with line numbers counted by CR', () => {
    const text = 'A=1\rNETATMO_REFRESH_TOKEN=first\rNETATMO_REFRESH_TOKEN=second\r';
    const result = readDotenv(text, ['A', 'NETATMO_REFRESH_TOKEN'], { fileName: '.env' });
    expect(result.values).toEqual({ A: '1', NETATMO_REFRESH_TOKEN: 'second' });
    expect(result.warnings).toEqual(['NETATMO_REFRESH_TOKEN is set twice in .env (lines 2 and 3); loaders disagree on which one wins']);
  });

  it('does not mistake a commented-out assignment for a value', () => {
    expect(readDotenv('# NETATMO_REFRESH_TOKEN=old\n', ['NETATMO_REFRESH_TOKEN']).values).toEqual({});
  });
});

describe('formatValue', () => {
  it.each([
    ['fake-token.0001', '', 'fake-token.0001'],
    ['a|b', '', "'a|b'"],
    ['has space', '', "'has space'"],
    ['bang!', '', "'bang!'"],
    ['a#b', '', "'a#b'"],
    ['$HOME', '', "'$HOME'"],
    ['`cmd`', '', "'`cmd`'"],
    ["it's", '', `"it's"`],
    ["it's $HOME", '', `'it'\\''s $HOME'`],
    ['', '', ''],
    ['', "'", "''"],
    ['a"b$c', '"', '"a\\"b\\$c"'],
  ] as const)('writes %j (original quote %j) as %s', (value, quote, expected) => {
    expect(formatValue(value, quote)).toBe(expected);
  });
});
