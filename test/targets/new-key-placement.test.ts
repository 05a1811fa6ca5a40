/**
 * Issue 11.7: a key new to a `.env` or `env.py` goes next to its siblings (the other keys of the
 * same target already in the file), else after the keys of a related prefix, else at the end set
 * apart by a blank line — never under an unrelated banner. Byte-exact: every other byte stays.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { previewBlock } from '../../src/flow/steps/target-steps.js';
import { createDotenvTarget } from '../../src/targets/dotenv.js';
import { createEnvpyTarget } from '../../src/targets/envpy.js';
import { fileTargetContext, useTempFolders } from './temp-folder.js';
import { editDotenv, locateDotenv } from '../../src/targets/dotenv-edit.js';
import { editEnvpy, locateEnvpy } from '../../src/targets/envpy-edit.js';

const BANNERED_ENV = `# ━━━ Netatmo ━━━
NETATMO_CLIENT_ID=fake-client-0001
NETATMO_ACCESS_TOKEN=fake-access-0001

# ━━━ Mail ━━━
SMTP_HOST=mail.example.test
SMTP_USER=ada
`;

describe('a new key in a .env', () => {
  it('goes right after its sibling, not under the unrelated banner at the end', () => {
    const edited = editDotenv(
      BANNERED_ENV,
      [
        { key: 'NETATMO_ACCESS_TOKEN', value: 'fake-access-0002' },
        { key: 'NETATMO_REFRESH_TOKEN', value: 'fake-refresh-0002' },
      ],
      { fileName: '.env' },
    );
    expect(edited).toBe(`# ━━━ Netatmo ━━━
NETATMO_CLIENT_ID=fake-client-0001
NETATMO_ACCESS_TOKEN=fake-access-0002
NETATMO_REFRESH_TOKEN=fake-refresh-0002

# ━━━ Mail ━━━
SMTP_HOST=mail.example.test
SMTP_USER=ada
`);
  });

  it('finds siblings among the target’s unchanged keys too (options.siblings), keeping their order', () => {
    const edited = editDotenv(
      BANNERED_ENV,
      [
        { key: 'WEATHER_TOKEN', value: 'fake-access-0002' },
        { key: 'WEATHER_REFRESH', value: 'fake-refresh-0002' },
      ],
      { fileName: '.env', siblings: ['NETATMO_CLIENT_ID', 'WEATHER_TOKEN', 'WEATHER_REFRESH'] },
    );
    expect(edited).toBe(BANNERED_ENV.replace('NETATMO_CLIENT_ID=fake-client-0001\n', 'NETATMO_CLIENT_ID=fake-client-0001\nWEATHER_TOKEN=fake-access-0002\nWEATHER_REFRESH=fake-refresh-0002\n'));
  });

  it('without a sibling, goes after the last key of the longest related prefix', () => {
    const edited = editDotenv(BANNERED_ENV, [{ key: 'SMTP_PASSWORD_EXPIRES_AT', value: '2030-01-01T00:00:00Z' }], { fileName: '.env' });
    expect(edited).toBe(`${BANNERED_ENV}`.replace('SMTP_USER=ada\n', 'SMTP_USER=ada\nSMTP_PASSWORD_EXPIRES_AT=2030-01-01T00:00:00Z\n'));
    const netatmo = editDotenv(BANNERED_ENV, [{ key: 'NETATMO_TOKEN_EXPIRES_AT', value: '2030-01-01T00:00:00Z' }], { fileName: '.env' });
    expect(netatmo).toBe(BANNERED_ENV.replace('NETATMO_ACCESS_TOKEN=fake-access-0001\n', 'NETATMO_ACCESS_TOKEN=fake-access-0001\nNETATMO_TOKEN_EXPIRES_AT=2030-01-01T00:00:00Z\n'));
  });

  it('with nothing related, goes at the end as its own group, set apart by one blank line', () => {
    const changes = [
      { key: 'TIKTOK_ACCESS_TOKEN', value: 'fake-access-0001' },
      { key: 'TIKTOK_REFRESH_TOKEN', value: 'fake-refresh-0001' },
    ];
    expect(editDotenv(BANNERED_ENV, changes, { fileName: '.env' })).toBe(`${BANNERED_ENV}\nTIKTOK_ACCESS_TOKEN=fake-access-0001\nTIKTOK_REFRESH_TOKEN=fake-refresh-0001\n`);
    // Already ending with a blank line: no second one.
    expect(editDotenv(`${BANNERED_ENV}\n`, changes, { fileName: '.env' })).toBe(`${BANNERED_ENV}\nTIKTOK_ACCESS_TOKEN=fake-access-0001\nTIKTOK_REFRESH_TOKEN=fake-refresh-0001\n`);
    // A plain list of assignments stays a plain list; CRLF and a missing last newline are kept.
    expect(editDotenv('A=1\r\nB=2', changes, { fileName: '.env' })).toBe('A=1\r\nB=2\r\nTIKTOK_ACCESS_TOKEN=fake-access-0001\r\nTIKTOK_REFRESH_TOKEN=fake-refresh-0001\r\n');
  });

  it('after a sibling on the last line without a newline, ends that line and leaves the file unterminated', () => {
    expect(editDotenv('# x\nA=1\nNETATMO_ACCESS_TOKEN=a', [{ key: 'NETATMO_REFRESH_TOKEN', value: 'b' }], { siblings: ['NETATMO_ACCESS_TOKEN'] })).toBe(
      '# x\nA=1\nNETATMO_ACCESS_TOKEN=a\nNETATMO_REFRESH_TOKEN=b',
    );
  });

  it('after a sibling with `export `, gets `export ` too; after a multi-line value, goes after its last line', () => {
    expect(editDotenv('export NETATMO_ACCESS_TOKEN=a\nB=2\n', [{ key: 'NETATMO_REFRESH_TOKEN', value: 'b' }], {})).toBe('export NETATMO_ACCESS_TOKEN=a\nexport NETATMO_REFRESH_TOKEN=b\nB=2\n');
    expect(editDotenv('NETATMO_KEY="line1\nline2"\nB=2\n', [{ key: 'NETATMO_REFRESH_TOKEN', value: 'b' }], {})).toBe('NETATMO_KEY="line1\nline2"\nNETATMO_REFRESH_TOKEN=b\nB=2\n');
  });

  it('is located by line and the key before it, as the preview says', () => {
    const edited = editDotenv(BANNERED_ENV, [{ key: 'NETATMO_REFRESH_TOKEN', value: 'fake-refresh-0002' }], { siblings: ['NETATMO_ACCESS_TOKEN'] });
    expect(locateDotenv(edited, ['NETATMO_REFRESH_TOKEN', 'NETATMO_CLIENT_ID'], {})).toEqual(
      new Map([
        ['NETATMO_REFRESH_TOKEN', { line: 4, after: 'NETATMO_ACCESS_TOKEN' }],
        ['NETATMO_CLIENT_ID', { line: 2 }],
      ]),
    );
  });
});

const BANNERED_ENV_PY = `import os

# Locks
os.environ.setdefault('SCIENER_CLIENT_ID', 'fake-client-0001')
os.environ.setdefault("SCIENER_ACCESS_TOKEN", "fake-access-0001")  # 90 days

# Mail
os.environ.setdefault('SMTP_HOST', 'mail.example.test')

if os.environ.get('DEBUG'):
    os.environ.setdefault('LOG_LEVEL', 'debug')
`;

describe('a new key in an env.py', () => {
  it('goes right after its sibling setdefault, styled like it, not after the unrelated last one', () => {
    const edited = editEnvpy(
      BANNERED_ENV_PY,
      [
        { key: 'SCIENER_ACCESS_TOKEN', value: 'fake-access-0002' },
        { key: 'SCIENER_REFRESH_TOKEN', value: 'fake-refresh-0002' },
      ],
      { fileName: 'env.py' },
    );
    expect(edited).toBe(`import os

# Locks
os.environ.setdefault('SCIENER_CLIENT_ID', 'fake-client-0001')
os.environ.setdefault("SCIENER_ACCESS_TOKEN", "fake-access-0002")  # 90 days
os.environ.setdefault("SCIENER_REFRESH_TOKEN", "fake-refresh-0002")

# Mail
os.environ.setdefault('SMTP_HOST', 'mail.example.test')

if os.environ.get('DEBUG'):
    os.environ.setdefault('LOG_LEVEL', 'debug')
`);
    expect(locateEnvpy(edited, ['SCIENER_REFRESH_TOKEN'], {})).toEqual(new Map([['SCIENER_REFRESH_TOKEN', { line: 6, after: 'SCIENER_ACCESS_TOKEN' }]]));
  });

  it('goes after a related prefix, and never into an indented block (that would change what it means)', () => {
    expect(editEnvpy(BANNERED_ENV_PY, [{ key: 'SMTP_USER', value: 'ada' }], {})).toBe(
      BANNERED_ENV_PY.replace("'mail.example.test')\n", "'mail.example.test')\nos.environ.setdefault('SMTP_USER', 'ada')\n"),
    );
    expect(editEnvpy(BANNERED_ENV_PY, [{ key: 'LOG_FORMAT', value: 'json' }], {})).toBe(
      BANNERED_ENV_PY.replace("'mail.example.test')\n", "'mail.example.test')\nos.environ.setdefault('LOG_FORMAT', 'json')\n"),
    );
  });
});

describe('the preview of a new key', () => {
  const tempFolder = useTempFolders();

  it('says the line and the key above it, and the written file has it exactly there', async () => {
    const dir = await tempFolder();
    const path = join(dir, '.env');
    await writeFile(path, BANNERED_ENV);
    const target = createDotenvTarget(
      { type: 'dotenv', file: '.env', keys: { access_token: 'NETATMO_ACCESS_TOKEN', refresh_token: 'NETATMO_REFRESH_TOKEN', client_id: 'NETATMO_CLIENT_ID' } },
      fileTargetContext(dir),
    );
    const plan = await target.plan({ access_token: 'fake-access-0001', refresh_token: 'fake-refresh-0002', client_id: 'fake-client-0001' });
    expect(previewBlock(plan).lines).toEqual([{ key: 'NETATMO_REFRESH_TOKEN', before: '(new, line 4, after NETATMO_ACCESS_TOKEN)', after: 'fa…02 (17 chars)' }]);
    await target.apply(plan);
    expect((await readFile(path, 'utf8')).split('\n')[3]).toBe('NETATMO_REFRESH_TOKEN=fake-refresh-0002');
  });

  it('does the same for env.py', async () => {
    const dir = await tempFolder();
    await writeFile(join(dir, 'env.py'), BANNERED_ENV_PY);
    const target = createEnvpyTarget({ type: 'envpy', file: 'env.py', keys: { access_token: 'SCIENER_ACCESS_TOKEN', refresh_token: 'SCIENER_REFRESH_TOKEN' } }, fileTargetContext(dir));
    const plan = await target.plan({ access_token: 'fake-access-0001', refresh_token: 'fake-refresh-0002' });
    expect(previewBlock(plan).lines).toEqual([{ key: 'SCIENER_REFRESH_TOKEN', before: '(new, line 6, after SCIENER_ACCESS_TOKEN)', after: 'fa…02 (17 chars)' }]);
    await target.apply(plan);
    expect((await readFile(join(dir, 'env.py'), 'utf8')).split('\n')[5]).toBe('os.environ.setdefault("SCIENER_REFRESH_TOKEN", "fake-refresh-0002")');
  });
});
