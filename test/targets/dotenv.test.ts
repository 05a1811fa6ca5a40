import { execFile } from 'node:child_process';
import { chmod, lstat, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readDotenv } from '../../src/targets/dotenv-edit.js';
import { createDotenvTarget } from '../../src/targets/dotenv.js';
import { fileTargetContext, modeOf, useTempFolders } from './temp-folder.js';

const tempFolder = useTempFolders();
const run = promisify(execFile);

const CHATBOT_ENV = `# ━━━ SalesIQ ━━━
SALESIQ_ACCESS_TOKEN=1000.fake-salesiq-access-0001
SALESIQ_REFRESH_TOKEN=1000.fake-salesiq-refresh-0001
# ━━━ Desk ━━━
DESK_ACCESS_TOKEN=1000.fake-desk-access-0001
`;

function salesiqTarget(dir: string, file = '.env') {
  return createDotenvTarget(
    { type: 'dotenv', file, keys: { access_token: 'SALESIQ_ACCESS_TOKEN', refresh_token: 'SALESIQ_REFRESH_TOKEN', expires_at: 'SALESIQ_EXPIRES_AT' } },
    fileTargetContext(dir),
  );
}

describe('dotenv target', () => {
  it('reads the mapped keys only, by token field', async () => {
    const dir = await tempFolder();
    await writeFile(join(dir, '.env'), CHATBOT_ENV);
    const result = await salesiqTarget(dir).read();
    expect(result).toEqual({
      values: { access_token: '1000.fake-salesiq-access-0001', refresh_token: '1000.fake-salesiq-refresh-0001' },
      exists: true,
      warnings: [],
    });
  });

  it('plans only what changes, then writes exactly those lines, keeping 0640 and leaving a 0600 .bak', async () => {
    const dir = await tempFolder();
    const path = join(dir, '.env');
    await writeFile(path, CHATBOT_ENV);
    await chmod(path, 0o640);
    const target = salesiqTarget(dir);
    const plan = await target.plan({
      access_token: '1000.fake-salesiq-access-0002',
      refresh_token: '1000.fake-salesiq-refresh-0001',
      expires_at: '2030-01-01T01:00:00Z',
      client_secret: 'not-mapped-so-ignored',
    });
    expect(plan.label).toBe('.env');
    expect(plan.changes).toEqual([
      { field: 'access_token', key: 'SALESIQ_ACCESS_TOKEN', before: '1000.fake-salesiq-access-0001', after: '1000.fake-salesiq-access-0002' },
      // New: next to its siblings, where the preview says (issue 11.7), not under the Desk banner.
      { field: 'expires_at', key: 'SALESIQ_EXPIRES_AT', after: '2030-01-01T01:00:00Z', placement: { line: 4, after: 'SALESIQ_REFRESH_TOKEN' } },
    ]);
    expect(await readFile(path, 'utf8')).toBe(CHATBOT_ENV);

    const result = await target.apply(plan);
    expect(result).toEqual({ label: '.env', summary: '2 keys written, backup at .env.bak' });
    expect(await readFile(path, 'utf8')).toBe(`# ━━━ SalesIQ ━━━
SALESIQ_ACCESS_TOKEN=1000.fake-salesiq-access-0002
SALESIQ_REFRESH_TOKEN=1000.fake-salesiq-refresh-0001
SALESIQ_EXPIRES_AT=2030-01-01T01:00:00Z
# ━━━ Desk ━━━
DESK_ACCESS_TOKEN=1000.fake-desk-access-0001
`);
    expect(modeOf(await stat(path))).toBe(0o640);
    expect(await readFile(`${path}.bak`, 'utf8')).toBe(CHATBOT_ENV);
    expect(modeOf(await stat(`${path}.bak`))).toBe(0o600);
  });

  it('creates a missing file with mode 0600', async () => {
    const dir = await tempFolder();
    const target = salesiqTarget(dir, 'config/app.env');
    expect((await target.read()).exists).toBe(false);
    const result = await target.apply(await target.plan({ access_token: 'fake-access-0001' }));
    expect(result.summary).toBe('created with 1 key');
    expect(await readFile(join(dir, 'config/app.env'), 'utf8')).toBe('SALESIQ_ACCESS_TOKEN=fake-access-0001\n');
    expect(modeOf(await stat(join(dir, 'config/app.env')))).toBe(0o600);
  });

  it('keeps a BOM and CRLF endings byte for byte', async () => {
    const dir = await tempFolder();
    const path = join(dir, '.env');
    await writeFile(path, Buffer.from('\uFEFF# Windows\r\nSALESIQ_ACCESS_TOKEN="fake-0001"\r\nOTHER=1\r\n', 'utf8'));
    const target = salesiqTarget(dir);
    await target.apply(await target.plan({ access_token: 'fake-0002' }));
    expect(await readFile(path)).toEqual(Buffer.from('\uFEFF# Windows\r\nSALESIQ_ACCESS_TOKEN="fake-0002"\r\nOTHER=1\r\n', 'utf8'));
  });

  it('refuses to apply, file byte-identical, when another program wrote the file after plan', async () => {
    const dir = await tempFolder();
    const path = join(dir, '.env');
    await writeFile(path, CHATBOT_ENV);
    const target = salesiqTarget(dir);
    const plan = await target.plan({ access_token: 'fake-access-0002' });
    const editedMeanwhile = `${CHATBOT_ENV}ADDED_BY_EDITOR=1\n`;
    await writeFile(path, editedMeanwhile);
    await expect(target.apply(plan)).rejects.toThrow(/\.env changed on disk since reauth read it/);
    expect(await readFile(path, 'utf8')).toBe(editedMeanwhile);
    expect(await readdir(dir)).toEqual(['.env']);
  });

  it('writes nothing, not even a .bak, when every value is already there', async () => {
    const dir = await tempFolder();
    await writeFile(join(dir, '.env'), CHATBOT_ENV);
    const target = salesiqTarget(dir);
    const plan = await target.plan({ access_token: '1000.fake-salesiq-access-0001' });
    expect(plan.changes).toEqual([]);
    expect((await target.apply(plan)).summary).toBe('already up to date; nothing was written');
    expect(await readdir(dir)).toEqual(['.env']);
  });

  it('rewrites a duplicated key whose copies disagree even when the last copy already matches', async () => {
    const dir = await tempFolder();
    const path = join(dir, '.env');
    await writeFile(path, 'SALESIQ_ACCESS_TOKEN=stale-0001\nSALESIQ_ACCESS_TOKEN=fresh-0002\n');
    const target = salesiqTarget(dir);
    const plan = await target.plan({ access_token: 'fresh-0002' });
    expect(plan.warnings).toEqual([
      'SALESIQ_ACCESS_TOKEN is set twice in .env (lines 1 and 2); both were updated — loaders disagree on which one wins',
    ]);
    await target.apply(plan);
    expect(await readFile(path, 'utf8')).toBe('SALESIQ_ACCESS_TOKEN=fresh-0002\nSALESIQ_ACCESS_TOKEN=fresh-0002\n');
  });

  it('fails preflight, writing nothing, when a mapped key holds a multi-line value', async () => {
    const dir = await tempFolder();
    const path = join(dir, '.env');
    const text = 'SALESIQ_ACCESS_TOKEN="one\ntwo"\n';
    await writeFile(path, text);
    await expect(salesiqTarget(dir).preflight()).rejects.toThrow(/\.env \(line 1\)/);
    expect(await readFile(path, 'utf8')).toBe(text);
  });

  it('refuses a file with an unclosed quote at read, plan and preflight, leaving it byte for byte', async () => {
    const dir = await tempFolder();
    const path = join(dir, '.env');
    const text = 'SALESIQ_ACCESS_TOKEN="1000.fake-salesiq-access-0001\nSALESIQ_REFRESH_TOKEN=1000.fake-salesiq-refresh-0001\n';
    await writeFile(path, text);
    const target = salesiqTarget(dir);
    const refused = /SALESIQ_ACCESS_TOKEN in \.env \(line 1\) opens a quote that is never closed/;
    await expect(target.read()).rejects.toThrow(refused);
    await expect(target.plan({ refresh_token: '1000.fake-salesiq-refresh-0002' })).rejects.toThrow(refused);
    await expect(target.preflight()).rejects.toThrow(refused);
    expect(await readFile(path, 'utf8')).toBe(text);
    expect(await readdir(dir)).toEqual(['.env']);
  });

  it('writes a CR-only .env keeping its CR line endings', async () => {
    const dir = await tempFolder();
    const path = join(dir, '.env');
    await writeFile(path, 'SALESIQ_ACCESS_TOKEN=1000.fake-salesiq-access-0001\rOTHER=1\r');
    const target = salesiqTarget(dir);
    expect((await target.read()).values).toEqual({ access_token: '1000.fake-salesiq-access-0001' });
    await target.apply(await target.plan({ access_token: '1000.fake-salesiq-access-0002', refresh_token: '1000.fake-salesiq-refresh-0002' }));
    expect(await readFile(path, 'utf8')).toBe('SALESIQ_ACCESS_TOKEN=1000.fake-salesiq-access-0002\rSALESIQ_REFRESH_TOKEN=1000.fake-salesiq-refresh-0002\rOTHER=1\r');
  });

  it('writes a symlinked .env through to its real file, keeping the link and leaving the .bak beside the real file', async () => {
    const dir = await tempFolder();
    await mkdir(join(dir, 'shared'));
    await writeFile(join(dir, 'shared', 'app.env'), CHATBOT_ENV);
    await symlink('shared/app.env', join(dir, '.env'));
    const target = salesiqTarget(dir);
    await target.preflight();
    await target.apply(await target.plan({ access_token: '1000.fake-salesiq-access-0002' }));
    expect((await lstat(join(dir, '.env'))).isSymbolicLink()).toBe(true);
    expect(await readFile(join(dir, 'shared', 'app.env'), 'utf8')).toContain('SALESIQ_ACCESS_TOKEN=1000.fake-salesiq-access-0002\n');
    expect(await readFile(join(dir, 'shared', 'app.env.bak'), 'utf8')).toBe(CHATBOT_ENV);
  });

  it('refuses a dangling .env symlink at read and preflight, leaving the link as it was', async () => {
    const dir = await tempFolder();
    await symlink('/nonexistent/app.env', join(dir, '.env'));
    const target = salesiqTarget(dir);
    const refused = '.env is a symbolic link to /nonexistent/app.env, which does not exist, so reauth left it alone.';
    await expect(target.read()).rejects.toThrow(refused);
    await expect(target.preflight()).rejects.toThrow(refused);
    expect(await readdir(dir)).toEqual(['.env']);
  });

  it('passes preflight for a writable folder where the file does not exist yet', async () => {
    const dir = await tempFolder();
    await expect(salesiqTarget(dir).preflight()).resolves.toBeUndefined();
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('dotenv values that need quoting stay sourceable by sh', () => {
  const awkward = [
    '5c0ffee0|fake0001',
    'with space',
    'bang!value',
    'hash#value',
    'hash #comment-like',
    '$HOME-and-${PATH}',
    '`echo pwned`',
    "it's",
    'double"quote',
    "both ' and \" and $ and \\",
    'back\\slash',
    'semi;colon&amp',
    '*glob?[x]',
    '~tilde',
    '(paren)<>',
  ];

  it.each(awkward)('round-trips %j through `. ./.env` in /bin/sh, in bare, single- and double-quoted slots and as a new key', async (value) => {
    const dir = await tempFolder();
    const path = join(dir, '.env');
    await writeFile(path, "BARE=old\nSINGLE='old'\nDOUBLE=\"old\"\nexport EXPORTED=old # note\n");
    for (const key of ['BARE', 'SINGLE', 'DOUBLE', 'EXPORTED', 'ADDED']) {
      const target = createDotenvTarget({ type: 'dotenv', file: '.env', keys: { access_token: key } }, fileTargetContext(dir));
      await target.apply(await target.plan({ access_token: value }));
      const { stdout } = await run('/bin/sh', ['-c', `. ./.env; printf %s "$${key}"`], { cwd: dir });
      expect(stdout, key).toBe(value);
    }
    const text = await readFile(path, 'utf8');
    expect(readDotenv(text, ['BARE', 'SINGLE', 'DOUBLE', 'EXPORTED', 'ADDED']).values).toEqual({
      BARE: value,
      SINGLE: value,
      DOUBLE: value,
      EXPORTED: value,
      ADDED: value,
    });
  });
});
