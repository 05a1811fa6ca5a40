import { chmod, chown, lstat, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { assertWritable, fingerprintOf, readTextFile, writeFileAtomically } from '../../src/targets/atomic-write.js';
import { modeOf, useTempFolders } from './temp-folder.js';

const tempFolder = useTempFolders();
const runsAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;

describe('writeFileAtomically', () => {
  it('creates a new file with mode 0600 and no backup, making missing folders', async () => {
    const dir = await tempFolder();
    const path = join(dir, 'main', 'tokens.json');
    const result = await writeFileAtomically(path, '{}\n', { expectedFingerprint: null });
    expect(result).toEqual({ backupPath: null, created: true });
    expect(await readFile(path, 'utf8')).toBe('{}\n');
    expect(modeOf(await stat(path))).toBe(0o600);
  });

  it('keeps the permission bits of the file it replaces and leaves a 0600 .bak of the old version', async () => {
    const dir = await tempFolder();
    const path = join(dir, '.env');
    await writeFile(path, 'A=old\n');
    await chmod(path, 0o640);
    const before = await readTextFile(path);
    await writeFileAtomically(path, 'A=new\n', { expectedFingerprint: before.fingerprint });
    expect(await readFile(path, 'utf8')).toBe('A=new\n');
    expect(modeOf(await stat(path))).toBe(0o640);
    expect(await readFile(`${path}.bak`, 'utf8')).toBe('A=old\n');
    expect(modeOf(await stat(`${path}.bak`))).toBe(0o600);
  });

  it('refuses, file untouched and no temp file left, when the file changed since it was read', async () => {
    const dir = await tempFolder();
    const path = join(dir, '.env');
    await writeFile(path, 'A=old\n');
    const before = await readTextFile(path);
    await writeFile(path, 'A=edited-by-someone\n');
    const attempt = writeFileAtomically(path, 'A=new\n', { expectedFingerprint: before.fingerprint, displayName: '.env' });
    await expect(attempt).rejects.toThrow(
      '.env changed on disk since reauth read it (another program or editor wrote to it); nothing was written',
    );
    await expect(attempt).rejects.toMatchObject({ nextStep: 'run reauth again', exitCode: 5 });
    expect(await readFile(path, 'utf8')).toBe('A=edited-by-someone\n');
    expect((await readdir(dir)).sort()).toEqual(['.env']);
  });

  it('refuses when a file appeared where none existed at read time', async () => {
    const dir = await tempFolder();
    const path = join(dir, '.env');
    await writeFile(path, 'MINE=1\n');
    await expect(writeFileAtomically(path, 'A=1\n', { expectedFingerprint: null })).rejects.toBeInstanceOf(UserError);
    expect(await readFile(path, 'utf8')).toBe('MINE=1\n');
  });

  it('writes through a symlink to the real file instead of replacing the link', async () => {
    const dir = await tempFolder();
    await mkdir(join(dir, 'etc'));
    const real = join(dir, 'etc', 'app.env');
    await writeFile(real, 'A=old\n');
    await symlink(real, join(dir, '.env'));
    await writeFileAtomically(join(dir, '.env'), 'A=new\n');
    expect(await readFile(real, 'utf8')).toBe('A=new\n');
    expect((await lstat(join(dir, '.env'))).isSymbolicLink()).toBe(true);
  });

  it.runIf(runsAsRoot)('keeps the owner when root edits a file that belongs to a service user', async () => {
    const dir = await tempFolder();
    const path = join(dir, '.env');
    await writeFile(path, 'A=old\n');
    await chown(path, 65534, 65534);
    await writeFileAtomically(path, 'A=new\n');
    expect(await stat(path)).toMatchObject({ uid: 65534, gid: 65534 });
  });

  it('puts back the byte order mark the original had', async () => {
    const dir = await tempFolder();
    const path = join(dir, '.env');
    await writeFile(path, Buffer.from('\uFEFFA=1\n', 'utf8'));
    const file = await readTextFile(path);
    expect(file).toMatchObject({ text: 'A=1\n', bom: true, exists: true });
    await writeFileAtomically(path, 'A=2\n', { bom: file.bom, expectedFingerprint: file.fingerprint });
    expect([...(await readFile(path)).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });
});

describe('readTextFile', () => {
  it('reports a missing file as not existing', async () => {
    const dir = await tempFolder();
    expect(await readTextFile(join(dir, 'nope.env'))).toEqual({ text: '', bom: false, fingerprint: null, exists: false, mode: null });
  });

  it('fingerprints the exact bytes', async () => {
    const dir = await tempFolder();
    const path = join(dir, 'a');
    await writeFile(path, 'x\r\n');
    expect((await readTextFile(path)).fingerprint).toBe(fingerprintOf(Buffer.from('x\r\n')));
  });

  it('refuses a file that is not UTF-8 rather than lose its bytes', async () => {
    const dir = await tempFolder();
    const path = join(dir, 'latin1.env');
    await writeFile(path, Buffer.from([0x41, 0x3d, 0xe9, 0x0a]));
    await expect(readTextFile(path, 'latin1.env')).rejects.toThrow(/latin1\.env is not UTF-8 text/);
  });
});

describe('assertWritable', () => {
  it('accepts a new file in a folder that does not exist yet under a writable one', async () => {
    const dir = await tempFolder();
    await expect(assertWritable(join(dir, 'new', 'deeper', 'tokens.json'))).resolves.toBeUndefined();
  });

  it.skipIf(runsAsRoot)('names the file when it is read-only', async () => {
    const dir = await tempFolder();
    const path = join(dir, '.env');
    await writeFile(path, 'A=1\n');
    await chmod(path, 0o400);
    await expect(assertWritable(path, '.env')).rejects.toThrow(/reauth cannot write \.env: permission denied/);
  });
});
