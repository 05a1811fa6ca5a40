import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { editEnvpy, readEnvpy } from '../../src/targets/envpy-edit.js';

const GUEST_HOUSE_ENV_PY = `"""Local settings for the guest house app.

Example:
    os.environ.setdefault('SCIENER_ACCESS_TOKEN', 'not-this-one')
"""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent

os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'guesthouse.settings')
os.environ.setdefault('SCIENER_CLIENT_ID', 'fake-client-0001')
os.environ.setdefault("SCIENER_ACCESS_TOKEN", "fake-access-0001")  # expires every 90 days
os.environ.setdefault('SCIENER_REFRESH_TOKEN', 'fake-refresh-0001')

DEBUG = os.environ.get('DEBUG') == '1'


def lock_api_base():
    return 'https://euapi.ttlock.com'


if DEBUG:
    os.environ['SCIENER_ACCESS_TOKEN'] = 'fake-debug-access-0001'
    LOG_LEVEL = 'debug'
else:
    LOG_LEVEL = 'info'
`;

interface EditCase {
  readonly name: string;
  readonly before: string;
  readonly changes: readonly { key: string; value: string }[];
  readonly after: string;
}

const cases: readonly EditCase[] = [
  {
    name: 'updates setdefault and os.environ[...] lines in place amid imports, functions and if DEBUG, and adds a new key after the setdefault block',
    before: GUEST_HOUSE_ENV_PY,
    changes: [
      { key: 'SCIENER_ACCESS_TOKEN', value: 'fake-access-0002' },
      { key: 'SCIENER_REFRESH_TOKEN', value: 'fake-refresh-0002' },
      { key: 'SCIENER_UID', value: '1234567' },
    ],
    after: `"""Local settings for the guest house app.

Example:
    os.environ.setdefault('SCIENER_ACCESS_TOKEN', 'not-this-one')
"""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent

os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'guesthouse.settings')
os.environ.setdefault('SCIENER_CLIENT_ID', 'fake-client-0001')
os.environ.setdefault("SCIENER_ACCESS_TOKEN", "fake-access-0002")  # expires every 90 days
os.environ.setdefault('SCIENER_REFRESH_TOKEN', 'fake-refresh-0002')
os.environ.setdefault('SCIENER_UID', '1234567')

DEBUG = os.environ.get('DEBUG') == '1'


def lock_api_base():
    return 'https://euapi.ttlock.com'


if DEBUG:
    os.environ['SCIENER_ACCESS_TOKEN'] = 'fake-access-0002'
    LOG_LEVEL = 'debug'
else:
    LOG_LEVEL = 'info'
`,
  },
  {
    name: 'updates a plain `K = "v"` assignment and appends new keys after importing os',
    before: `# settings
SCIENER_ACCESS_TOKEN = "fake-access-0001"
TIMEOUT = 30
`,
    changes: [
      { key: 'SCIENER_ACCESS_TOKEN', value: 'fake-access-0002' },
      { key: 'SCIENER_REFRESH_TOKEN', value: 'fake-refresh-0002' },
    ],
    after: `# settings
SCIENER_ACCESS_TOKEN = "fake-access-0002"
TIMEOUT = 30
import os
os.environ.setdefault('SCIENER_REFRESH_TOKEN', 'fake-refresh-0002')
`,
  },
  {
    name: 'starts an empty file with import os',
    before: '',
    changes: [{ key: 'SCIENER_ACCESS_TOKEN', value: 'fake-access-0001' }],
    after: `import os

os.environ.setdefault('SCIENER_ACCESS_TOKEN', 'fake-access-0001')
`,
  },
  {
    name: 'keeps CRLF endings and a setdefault block on the last line without a newline',
    before: "import os\r\nos.environ.setdefault('A', 'fake-a-0001')",
    changes: [
      { key: 'A', value: 'fake-a-0002' },
      { key: 'B', value: 'fake-b-0002' },
    ],
    after: "import os\r\nos.environ.setdefault('A', 'fake-a-0002')\r\nos.environ.setdefault('B', 'fake-b-0002')",
  },
  {
    name: 'escapes backslashes and the quote character for Python',
    before: `import os
os.environ.setdefault('A', 'old')
os.environ.setdefault("B", "old")
`,
    changes: [
      { key: 'A', value: "it's \\ fine" },
      { key: 'B', value: 'say "hi"' },
    ],
    after: `import os
os.environ.setdefault('A', 'it\\'s \\\\ fine')
os.environ.setdefault("B", "say \\"hi\\"")
`,
  },
  {
    name: 'follows `from os import environ`, indentation and quote style of the block it joins',
    before: `from os import environ

if True:
    environ.setdefault("A", "fake-a-0001")
else:
    pass
`,
    changes: [{ key: 'B', value: 'fake-b-0001' }],
    after: `from os import environ

if True:
    environ.setdefault("A", "fake-a-0001")
    environ.setdefault("B", "fake-b-0001")
else:
    pass
`,
  },
  {
    name: 'keeps an r-prefix when the new value needs no escaping',
    before: "SCIENER_ACCESS_TOKEN = r'fake-0001'\n",
    changes: [{ key: 'SCIENER_ACCESS_TOKEN', value: 'fake-0002' }],
    after: "SCIENER_ACCESS_TOKEN = r'fake-0002'\n",
  },
  {
    name: 'leaves `K = os.getenv("K")` alone when an editable assignment comes first',
    before: `import os
os.environ.setdefault('SCIENER_ACCESS_TOKEN', 'fake-0001')
SCIENER_ACCESS_TOKEN = os.getenv('SCIENER_ACCESS_TOKEN')
`,
    changes: [{ key: 'SCIENER_ACCESS_TOKEN', value: 'fake-0002' }],
    after: `import os
os.environ.setdefault('SCIENER_ACCESS_TOKEN', 'fake-0002')
SCIENER_ACCESS_TOKEN = os.getenv('SCIENER_ACCESS_TOKEN')
`,
  },
  {
    name: 'does not refuse an unusual form of a key it is not writing',
    before: `import os
os.environ.setdefault('OTHER', f'{BASE}/x')
os.environ.setdefault('SCIENER_ACCESS_TOKEN', 'fake-0001')
`,
    changes: [{ key: 'SCIENER_ACCESS_TOKEN', value: 'fake-0002' }],
    after: `import os
os.environ.setdefault('OTHER', f'{BASE}/x')
os.environ.setdefault('SCIENER_ACCESS_TOKEN', 'fake-0002')
`,
  },
];

describe('editEnvpy with CR-only line endings (old Mac)', () => {
  const crOnly = GUEST_HOUSE_ENV_PY.replace(/\n/g, '\r');

  it('reads every line, not one long line, and rewrites only the value, keeping every CR', () => {
    expect(readEnvpy(crOnly, ['SCIENER_REFRESH_TOKEN'], { fileName: 'env.py' }).values).toEqual({ SCIENER_REFRESH_TOKEN: 'fake-refresh-0001' });
    const edited = editEnvpy(crOnly, [{ key: 'SCIENER_REFRESH_TOKEN', value: 'fake-refresh-0002' }], { fileName: 'env.py' });
    expect(edited).toBe(crOnly.replace("'fake-refresh-0001'", "'fake-refresh-0002'"));
    expect(edited).not.toContain('\n');
  });

  it('adds a new key to the setdefault block ending with CR', () => {
    const text = "import os\ros.environ.setdefault('A', '1')\rDEBUG = False\r";
    expect(editEnvpy(text, [{ key: 'SCIENER_UID', value: '42' }], { fileName: 'env.py' })).toBe(
      "import os\ros.environ.setdefault('A', '1')\ros.environ.setdefault('SCIENER_UID', '42')\rDEBUG = False\r",
    );
  });

  it('appends with CR, importing os first, to a file without a setdefault block', () => {
    expect(editEnvpy('DEBUG = False\r', [{ key: 'SCIENER_UID', value: '42' }], { fileName: 'env.py' })).toBe(
      "DEBUG = False\rimport os\ros.environ.setdefault('SCIENER_UID', '42')\r",
    );
  });

  it('keeps each line\'s own ending in a mixed file', () => {
    const text = "import os\r\nos.environ.setdefault('A', '1')\ros.environ.setdefault('B', '2')\n";
    expect(editEnvpy(text, [{ key: 'A', value: 'x' }, { key: 'B', value: 'y' }], { fileName: 'env.py' })).toBe(
      "import os\r\nos.environ.setdefault('A', 'x')\ros.environ.setdefault('B', 'y')\n",
    );
  });
});

describe('editEnvpy', () => {
  for (const testCase of cases) {
    it(testCase.name, () => {
      expect(editEnvpy(testCase.before, testCase.changes, { fileName: 'env.py' })).toBe(testCase.after);
    });
  }

  const unsafe: readonly [string, string, number, RegExp][] = [
    ['an f-string', "import os\nos.environ.setdefault('SCIENER_ACCESS_TOKEN', f'{PREFIX}-0001')\n", 2, /is set from an f-string/],
    ['a concatenation', "import os\nos.environ['SCIENER_ACCESS_TOKEN'] = 'fake-' + SUFFIX\n", 2, /is set from a concatenation/],
    ['a variable', 'TOKEN = "x"\nSCIENER_ACCESS_TOKEN = TOKEN\n', 2, /is set from a variable/],
    ['a call', 'SCIENER_ACCESS_TOKEN = load_token()\n', 1, /is set from a call/],
    ['os.getenv with nothing assigned before it', "import os\nSCIENER_ACCESS_TOKEN = os.getenv('SCIENER_ACCESS_TOKEN')\n", 2, /is set from a call/],
    ['triple quotes', 'SCIENER_ACCESS_TOKEN = """fake-0001"""\n', 1, /is set from a triple-quoted string/],
    ['a call split over lines', "import os\nos.environ.setdefault(\n    'SCIENER_ACCESS_TOKEN',\n    'fake-0001',\n)\n", 3, /cannot follow/],
    ['environ.update', "import os\nos.environ.update({'SCIENER_ACCESS_TOKEN': 'fake-0001'})\n", 2, /cannot follow/],
    ['None', 'SCIENER_ACCESS_TOKEN = None\n', 1, /is set from a value that is not a string/],
    ['a second statement after a semicolon', "import os\nos.environ.setdefault('A', 'x'); os.environ.setdefault('SCIENER_ACCESS_TOKEN', 'y')\n", 2, /cannot follow/],
  ];
  for (const [what, text, line, reason] of unsafe) {
    it(`refuses, naming the line, a key set from ${what}`, () => {
      const attempt = () => editEnvpy(text, [{ key: 'SCIENER_ACCESS_TOKEN', value: 'fake-0002' }], { fileName: 'env.py' });
      expect(attempt).toThrow(UserError);
      expect(attempt).toThrow(new RegExp(`SCIENER_ACCESS_TOKEN in env\\.py \\(line ${line}\\)`));
      expect(attempt).toThrow(reason);
    });
  }

  it('refuses a raw string that cannot hold a value with a backslash', () => {
    expect(() => editEnvpy("A = r'old'\n", [{ key: 'A', value: 'a\\b' }], { fileName: 'env.py' })).toThrow(/line 1\) is a raw string/);
  });

  it('never shows the line itself in the refusal (it may hold a secret)', () => {
    try {
      editEnvpy("X = 'fake-secret-0001' + Y\n", [{ key: 'X', value: 'v' }]);
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain('fake-secret-0001');
    }
  });
});

describe('readEnvpy', () => {
  it('reads string literals in every form, ignoring the docstring example', () => {
    const { values, warnings } = readEnvpy(GUEST_HOUSE_ENV_PY, ['SCIENER_CLIENT_ID', 'SCIENER_REFRESH_TOKEN', 'SCIENER_ACCESS_TOKEN'], {
      fileName: 'env.py',
    });
    expect(values).toEqual({
      SCIENER_CLIENT_ID: 'fake-client-0001',
      SCIENER_REFRESH_TOKEN: 'fake-refresh-0001',
      SCIENER_ACCESS_TOKEN: 'fake-debug-access-0001',
    });
    expect(warnings).toEqual(['SCIENER_ACCESS_TOKEN is set twice in env.py (lines 13 and 24); loaders disagree on which one wins']);
  });

  it('unescapes Python escapes but keeps raw strings literal', () => {
    const text = "A = 'it\\'s\\n\\x41'\nB = r'C:\\new'\nC = u\"\\u00e9\"\n";
    expect(readEnvpy(text, ['A', 'B', 'C']).values).toEqual({ A: "it's\nA", B: 'C:\\new', C: 'é' });
  });

  it('warns instead of guessing about a value it cannot read', () => {
    const result = readEnvpy('SCIENER_ACCESS_TOKEN = load()\n', ['SCIENER_ACCESS_TOKEN'], { fileName: 'env.py' });
    expect(result.values).toEqual({});
    expect(result.warnings).toEqual(['SCIENER_ACCESS_TOKEN in env.py (line 1) is set from a call; reauth cannot read or rewrite that line.']);
  });
});
