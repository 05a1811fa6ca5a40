import { chmod, chown, lstat, mkdir, readdir, readFile, readlink, realpath, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import {
  assertWritable,
  ensurePrivateFolder,
  fingerprintOf,
  readTextFile,
  realTargetPath,
  writeFileAtomically,
} from '../../src/system/atomic-write.js';
import { describeFsError } from '../../src/system/fs-failure.js';
import { canMakeFaults, runsAsRoot, useFsFaults } from '../targets/fs-faults.js';
import { modeOf, useTempFolders } from '../targets/temp-folder.js';

const tempFolder = useTempFolders();
const faults = useFsFaults();

/** Runs `body` with the process umask set to `mask`, restoring it afterwards whatever happens. */
async function withUmask<T>(mask: number, body: () => Promise<T>): Promise<T> {
  const before = process.umask(mask);
  try {
    return await body();
  } finally {
    process.umask(before);
  }
}

async function rejection(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('writeFileAtomically', () => {
  it('creates a new file with mode 0600 and no backup, making missing folders 0700 even under umask 0', async () => {
    const dir = await tempFolder();
    const path = join(dir, 'main', 'deeper', 'tokens.json');
    const result = await withUmask(0, () => writeFileAtomically(path, '{}\n', { expectedFingerprint: null }));
    expect(result).toEqual({ backupPath: null, created: true });
    expect(await readFile(path, 'utf8')).toBe('{}\n');
    expect(modeOf(await stat(path))).toBe(0o600);
    expect(modeOf(await stat(join(dir, 'main')))).toBe(0o700);
    expect(modeOf(await stat(join(dir, 'main', 'deeper')))).toBe(0o700);
  });

  it('gives a new file the mode asked for, whatever the umask, and an existing one keeps its own', async () => {
    const dir = await tempFolder();
    const path = join(dir, 'reauth.yaml');
    await withUmask(0o077, () => writeFileAtomically(path, 'version: 1\n', { newFileMode: 0o644 }));
    expect(modeOf(await stat(path))).toBe(0o644);
    await chmod(path, 0o640);
    await writeFileAtomically(path, 'version: 1\nprofiles: {}\n', { newFileMode: 0o644 });
    expect(modeOf(await stat(path))).toBe(0o640);
  });

  it('leaves no .bak when asked not to (reauth.yaml saves)', async () => {
    const dir = await tempFolder();
    const path = join(dir, 'reauth.yaml');
    await writeFile(path, 'version: 1\n');
    const before = await readTextFile(path);
    const result = await writeFileAtomically(path, 'version: 1\nprofiles: {}\n', { expectedFingerprint: before.fingerprint, backup: false });
    expect(result).toEqual({ backupPath: null, created: false });
    expect(await readdir(dir)).toEqual(['reauth.yaml']);
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
    // The .bak sits beside the real file; nothing is left beside the link.
    expect((await readdir(join(dir, 'etc'))).sort()).toEqual(['app.env', 'app.env.bak']);
    expect((await readdir(dir)).sort()).toEqual(['.env', 'etc']);
  });

  it('follows a chain of symlinks (relative ones too) to the real file, every link staying a link', async () => {
    const dir = await tempFolder();
    await mkdir(join(dir, 'srv'));
    await writeFile(join(dir, 'srv', 'real.env'), 'A=old\n');
    await symlink('srv/real.env', join(dir, 'middle.env'));
    await symlink('middle.env', join(dir, '.env'));
    const before = await readTextFile(join(dir, '.env'));
    await writeFileAtomically(join(dir, '.env'), 'A=new\n', { expectedFingerprint: before.fingerprint });
    expect(await readFile(join(dir, 'srv', 'real.env'), 'utf8')).toBe('A=new\n');
    expect(await readlink(join(dir, '.env'))).toBe('middle.env');
    expect(await readlink(join(dir, 'middle.env'))).toBe('srv/real.env');
    expect(await readFile(join(dir, 'srv', 'real.env.bak'), 'utf8')).toBe('A=old\n');
  });

  it.runIf(canMakeFaults)('makes its temp file in the real file\'s folder, so a link to another disk still renames atomically (root: tmpfs)', async () => {
    const dir = await tempFolder();
    const other = await faults.smallFilesystem(256);
    await writeFile(join(other.dir, 'app.env'), 'A=old\n');
    await symlink(join(other.dir, 'app.env'), join(dir, '.env'));
    // A temp file beside the link would be on another file system: rename() would fail with EXDEV.
    await writeFileAtomically(join(dir, '.env'), 'A=new\n');
    expect(await readFile(join(other.dir, 'app.env'), 'utf8')).toBe('A=new\n');
    expect((await readdir(other.dir)).sort()).toEqual(['app.env', 'app.env.bak']);
  });

  it('refuses a dangling symlink, naming the link and where it points, and touches nothing', async () => {
    const dir = await tempFolder();
    await symlink(join(dir, 'gone', 'app.env'), join(dir, '.env'));
    const error = await rejection(writeFileAtomically(join(dir, '.env'), 'A=1\n', { displayName: '.env' }));
    expect(error.message).toBe(`.env is a symbolic link to ${join(dir, 'gone', 'app.env')}, which does not exist, so reauth left it alone.`);
    expect(error.nextStep).toMatch(/^Create .*gone\/app\.env \(an empty file will do\) or point \.env at the real file/);
    expect(error.exitCode).toBe(2);
    expect((await lstat(join(dir, '.env'))).isSymbolicLink()).toBe(true);
    expect(await readdir(dir)).toEqual(['.env']);
  });

  it('names the missing end of a dangling chain of links', async () => {
    const dir = await tempFolder();
    await symlink('missing.env', join(dir, 'middle.env'));
    await symlink('middle.env', join(dir, '.env'));
    const error = await rejection(writeFileAtomically(join(dir, '.env'), 'A=1\n', { displayName: '.env' }));
    expect(error.message).toBe(`.env is a symbolic link to middle.env (and on to ${join(dir, 'missing.env')}), which does not exist, so reauth left it alone.`);
    expect((await readdir(dir)).sort()).toEqual(['.env', 'middle.env']);
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

describe('writeFileAtomically failures read as a sentence with a next step, file untouched', () => {
  it('says the target is a folder', async () => {
    const dir = await tempFolder();
    await mkdir(join(dir, '.env'));
    const error = await rejection(writeFileAtomically(join(dir, '.env'), 'A=1\n', { displayName: '.env' }));
    expect(error.message).toBe('.env is a folder, not a file, so reauth cannot read or write it.');
    expect(error.nextStep).toBe('Name a file rather than a folder (check the path for a missing file name), then run reauth again.');
  });

  it('names the part of the path that is a file, not a folder', async () => {
    const dir = await tempFolder();
    await writeFile(join(dir, 'app'), 'I am a file\n');
    const error = await rejection(writeFileAtomically(join(dir, 'app', 'config', '.env'), 'A=1\n', { displayName: 'app/config/.env' }));
    expect(error.message).toBe(`reauth could not read app/config/.env: ${join(dir, 'app')} is a file, not a folder, so the path cannot go through it.`);
    expect(error.nextStep).toBe(`Fix the path (or move ${join(dir, 'app')} out of the way), then run reauth again.`);
    expect(await readFile(join(dir, 'app'), 'utf8')).toBe('I am a file\n');
  });

  it.runIf(canMakeFaults)('says the disk is full, leaving the old file and no temp file (root: a 64 KB tmpfs)', async () => {
    const small = await faults.smallFilesystem(64);
    const path = join(small.dir, '.env');
    await writeFile(path, 'A=old\n');
    await writeFile(join(small.dir, 'filler'), Buffer.alloc(1024 * 1024)).catch(() => undefined);
    const error = await rejection(writeFileAtomically(path, `A=${'x'.repeat(64 * 1024)}\n`, { displayName: '.env', backup: false }));
    expect(error.message).toBe('reauth could not write .env: the disk is full; the file was left as it was.');
    expect(error.nextStep).toBe(`Free some space on the disk that holds ${small.dir}, then run reauth again.`);
    expect(error.exitCode).toBe(5);
    expect(await readFile(path, 'utf8')).toBe('A=old\n');
    expect((await readdir(small.dir)).sort()).toEqual(['.env', 'filler']);
  });

  it.runIf(canMakeFaults)('says the file system is read-only (root: a tmpfs remounted ro)', async () => {
    const small = await faults.smallFilesystem();
    const path = join(small.dir, '.env');
    await writeFile(path, 'A=old\n');
    await small.remountReadOnly();
    const error = await rejection(writeFileAtomically(path, 'A=new\n', { displayName: '.env' }));
    expect(error.message).toBe('reauth could not write .env: the file system is read-only; the file was left as it was.');
    expect(error.nextStep).toBe('Make that file system writable (or point reauth at a file on a writable disk), then run reauth again.');
    await expect(assertWritable(path, '.env')).rejects.toThrow('reauth cannot write .env: the file system is read-only.');
    expect(await readFile(path, 'utf8')).toBe('A=old\n');
  });

  it.runIf(canMakeFaults)('says permission is denied when even root may not replace the file (root: chattr +i)', async () => {
    const dir = await tempFolder();
    const path = join(dir, '.env');
    await writeFile(path, 'A=old\n');
    await faults.makeImmutable(path);
    const error = await rejection(writeFileAtomically(path, 'A=new\n', { displayName: '.env', backup: false }));
    expect(error.message).toBe('reauth could not write .env: permission denied; the file was left as it was.');
    expect(error.nextStep).toBe('Fix the permissions of .env and its folder (or run reauth as the user that owns them), then run reauth again.');
    await expect(assertWritable(path, '.env')).rejects.toThrow('reauth cannot write .env: permission denied.');
    expect(await readFile(path, 'utf8')).toBe('A=old\n');
    expect(await readdir(dir)).toEqual(['.env']);
  });

  it.runIf(canMakeFaults)('says permission is denied when the folder refuses new files (root: chattr +i on the folder)', async () => {
    const dir = await tempFolder();
    await mkdir(join(dir, 'locked'));
    await faults.makeImmutable(join(dir, 'locked'));
    const error = await rejection(writeFileAtomically(join(dir, 'locked', '.env'), 'A=1\n', { displayName: 'locked/.env' }));
    expect(error.message).toBe('reauth could not write locked/.env: permission denied; the file was left as it was.');
    await expect(assertWritable(join(dir, 'locked', '.env'), 'locked/.env')).rejects.toThrow(
      `reauth cannot write in the folder of locked/.env (${join(dir, 'locked')}): permission denied.`,
    );
  });
});

describe('describeFsError', () => {
  it.each([
    ['EACCES', 'permission denied'],
    ['EPERM', 'permission denied'],
    ['ENOSPC', 'the disk is full'],
    ['EDQUOT', 'the disk is full'],
    ['EROFS', 'the file system is read-only'],
    ['EISDIR', 'it is a folder, not a file'],
    ['ENOTDIR', 'part of the path is a file, not a folder'],
  ])('words %s as "%s"', (code, words) => {
    expect(describeFsError(Object.assign(new Error(code), { code }))).toBe(words);
  });
});

describe('ensurePrivateFolder', () => {
  for (const mask of [0, 0o077, 0o022]) {
    it(`creates the folder and its missing parents as 0700 under umask ${mask.toString(8).padStart(3, '0')}`, async () => {
      const dir = await tempFolder();
      await withUmask(mask, () => ensurePrivateFolder(join(dir, 'a', 'b', 'c')));
      for (const folder of ['a', 'a/b', 'a/b/c']) expect(modeOf(await stat(join(dir, folder)))).toBe(0o700);
    });
  }

  it('leaves folders that already existed as they were', async () => {
    const dir = await tempFolder();
    await mkdir(join(dir, 'shared'));
    await chmod(join(dir, 'shared'), 0o755);
    await withUmask(0, () => ensurePrivateFolder(join(dir, 'shared', 'private')));
    expect(modeOf(await stat(join(dir, 'shared')))).toBe(0o755);
    expect(modeOf(await stat(join(dir, 'shared', 'private')))).toBe(0o700);
    await chmod(join(dir, 'shared', 'private'), 0o750);
    await ensurePrivateFolder(join(dir, 'shared', 'private'));
    expect(modeOf(await stat(join(dir, 'shared', 'private')))).toBe(0o750);
  });

  it('these tests hand the umask back as they found it', () => {
    const now = process.umask(0o022);
    process.umask(now);
    expect(now).toBe(initialUmask);
  });
});

/** Read (by setting and restoring) before any test changes it. */
const initialUmask = (() => {
  const mask = process.umask(0o022);
  process.umask(mask);
  return mask;
})();

describe('realTargetPath', () => {
  it('gives the real path of a file reached through a link or a linked folder', async () => {
    const dir = await realpath(await tempFolder());
    await mkdir(join(dir, 'srv'));
    await writeFile(join(dir, 'srv', 'app.env'), '');
    await symlink(join(dir, 'srv', 'app.env'), join(dir, '.env'));
    await symlink(join(dir, 'srv'), join(dir, 'linked'));
    expect(await realTargetPath(join(dir, '.env'))).toBe(join(dir, 'srv', 'app.env'));
    expect(await realTargetPath(join(dir, 'linked', 'app.env'))).toBe(join(dir, 'srv', 'app.env'));
    expect(await realTargetPath(join(dir, 'srv', '..', 'srv', 'app.env'))).toBe(join(dir, 'srv', 'app.env'));
  });

  it('for a file that does not exist yet, joins the real path of its nearest existing folder with the rest', async () => {
    const dir = await realpath(await tempFolder());
    await mkdir(join(dir, 'srv'));
    await symlink(join(dir, 'srv'), join(dir, 'linked'));
    expect(await realTargetPath(join(dir, 'linked', 'new.env'))).toBe(join(dir, 'srv', 'new.env'));
    expect(await realTargetPath(join(dir, 'linked', 'not', 'yet', 'new.env'))).toBe(join(dir, 'srv', 'not', 'yet', 'new.env'));
  });

  it('refuses a dangling link with the same plain message as the writer', async () => {
    const dir = await tempFolder();
    await symlink('nowhere.env', join(dir, '.env'));
    await expect(realTargetPath(join(dir, '.env'), '.env')).rejects.toThrow('.env is a symbolic link to nowhere.env');
  });
});

describe('readTextFile', () => {
  it('reports a target that is a folder as a folder, with what to do', async () => {
    const dir = await tempFolder();
    await mkdir(join(dir, '.env'));
    const error = await rejection(readTextFile(join(dir, '.env'), '.env'));
    expect(error.message).toBe('.env is a folder, not a file, so reauth cannot read or write it.');
    expect(error.exitCode).toBe(2);
  });

  it('refuses a dangling symlink instead of reading it as a file that does not exist yet', async () => {
    const dir = await tempFolder();
    await symlink('/nonexistent/reauth/app.env', join(dir, '.env'));
    await expect(readTextFile(join(dir, '.env'), '.env')).rejects.toThrow(
      '.env is a symbolic link to /nonexistent/reauth/app.env, which does not exist, so reauth left it alone.',
    );
  });

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
  it('refuses a dangling symlink before anything is spent', async () => {
    const dir = await tempFolder();
    await symlink('gone.env', join(dir, '.env'));
    const error = await rejection(assertWritable(join(dir, '.env'), '.env'));
    expect(error.message).toMatch(/^\.env is a symbolic link to gone\.env/);
    expect(error.exitCode).toBe(2);
  });

  it('refuses a target that is a folder, or whose path runs through a file', async () => {
    const dir = await tempFolder();
    await mkdir(join(dir, '.env'));
    await expect(assertWritable(join(dir, '.env'), '.env')).rejects.toThrow('.env is a folder, not a file');
    await writeFile(join(dir, 'app'), '');
    await expect(assertWritable(join(dir, 'app', 'x', '.env'), 'app/x/.env')).rejects.toThrow(
      `reauth cannot write app/x/.env: ${join(dir, 'app')} is a file, not a folder, so the path cannot go through it.`,
    );
  });

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
