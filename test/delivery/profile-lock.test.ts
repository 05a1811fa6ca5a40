import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ExitCode, UserError } from '../../src/errors.js';
import { acquireProfileLock, lockPathFor } from '../../src/delivery/profile-lock.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reauth-lock-'));
});

/** A pid that surely belongs to no running process: a child that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('the per-profile refresh lock', () => {
  it('is a 0600 file under .reauth/locks naming who holds it, in a folder git ignores', async () => {
    const lock = await acquireProfileLock(dir, 'weather');
    expect(lock.path).toBe(join(dir, '.reauth', 'locks', 'weather.lock'));
    expect(lock.waited).toBe(false);
    const owner = JSON.parse(await readFile(lock.path, 'utf8'));
    expect(owner).toMatchObject({ pid: process.pid, host: hostname() });
    expect((await stat(lock.path)).mode & 0o777).toBe(0o600);
    expect(await readFile(join(dir, '.reauth', '.gitignore'), 'utf8')).toBe('*\n');
    await lock.release();
    expect(await readdir(join(dir, '.reauth', 'locks'))).toEqual([]);
  });

  it('makes a second run wait until the first releases, and says it waited and for whom', async () => {
    const first = await acquireProfileLock(dir, 'weather');
    let secondHasIt = false;
    const second = acquireProfileLock(dir, 'weather', { pollMs: 10 }).then((lock) => {
      secondHasIt = true;
      return lock;
    });
    await new Promise((r) => setTimeout(r, 150));
    expect(secondHasIt).toBe(false);
    await first.release();
    const lock = await second;
    expect(lock.waited).toBe(true);
    expect(lock.waitedFor?.pid).toBe(process.pid);
    await lock.release();
  });

  it('does not make different profiles wait for each other', async () => {
    const weather = await acquireProfileLock(dir, 'weather');
    const locks = await acquireProfileLock(dir, 'locks', { timeoutMs: 0 });
    expect(locks.waited).toBe(false);
    await Promise.all([weather.release(), locks.release()]);
  });

  it('gives up after the timeout with exit 4 and the lock file to delete if nothing runs', async () => {
    const first = await acquireProfileLock(dir, 'weather');
    const error = await acquireProfileLock(dir, 'weather', { timeoutMs: 100, pollMs: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(ExitCode.unavailable);
    expect((error as UserError).message).toMatch(new RegExp(`Another reauth run is still refreshing "weather" \\(process ${process.pid} on `));
    expect((error as UserError).nextStep).toContain(lockPathFor(dir, 'weather'));
    await first.release();
  });

  it('takes over a lock whose process has died', async () => {
    const first = await acquireProfileLock(dir, 'weather');
    const pid = await deadPid();
    await writeFile(first.path, JSON.stringify({ pid, host: hostname(), started_at: new Date().toISOString(), nonce: 'dead' }));
    const lock = await acquireProfileLock(dir, 'weather', { timeoutMs: 0 });
    expect(JSON.parse(await readFile(lock.path, 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('takes over a lock older than any refresh takes, even from a live process on another host', async () => {
    await acquireProfileLock(dir, 'weather');
    const path = lockPathFor(dir, 'weather');
    await writeFile(path, JSON.stringify({ pid: 1, host: 'elsewhere.invalid', started_at: new Date(Date.now() - 11 * 60_000).toISOString(), nonce: 'old' }));
    const lock = await acquireProfileLock(dir, 'weather', { timeoutMs: 0 });
    expect(JSON.parse(await readFile(path, 'utf8')).host).toBe(hostname());
    await lock.release();
  });

  it('trusts a fresh lock from another host (its pid means nothing here)', async () => {
    await acquireProfileLock(dir, 'weather');
    await writeFile(lockPathFor(dir, 'weather'), JSON.stringify({ pid: await deadPid(), host: 'elsewhere.invalid', started_at: new Date().toISOString(), nonce: 'x' }));
    await expect(acquireProfileLock(dir, 'weather', { timeoutMs: 50, pollMs: 10 })).rejects.toThrow(/still refreshing/);
  });

  it('judges an unreadable lock file by its age', async () => {
    await acquireProfileLock(dir, 'weather');
    const path = lockPathFor(dir, 'weather');
    await writeFile(path, '');
    await expect(acquireProfileLock(dir, 'weather', { timeoutMs: 50, pollMs: 10 })).rejects.toThrow(/still refreshing/);
    const old = new Date(Date.now() - 11 * 60_000);
    await utimes(path, old, old);
    const lock = await acquireProfileLock(dir, 'weather', { timeoutMs: 0 });
    await lock.release();
  });

  it('never removes a lock that another run took over meanwhile', async () => {
    const mine = await acquireProfileLock(dir, 'weather');
    const theirs = JSON.stringify({ pid: process.pid, host: hostname(), started_at: new Date().toISOString(), nonce: 'theirs' });
    await writeFile(mine.path, theirs);
    await mine.release();
    expect(await readFile(mine.path, 'utf8')).toBe(theirs);
  });

  it('lets exactly one of many simultaneous runs in at a time', async () => {
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        const lock = await acquireProfileLock(dir, 'weather', { pollMs: 5 });
        inside++;
        most = Math.max(most, inside);
        await new Promise((r) => setTimeout(r, 20));
        inside--;
        await lock.release();
      }),
    );
    expect(most).toBe(1);
  });

  it('takes over an empty lock after a few seconds (a run stopped while making it, before locks were linked into place)', async () => {
    await acquireProfileLock(dir, 'weather').then((lock) => lock.release());
    const path = lockPathFor(dir, 'weather');
    await writeFile(path, '');
    await expect(acquireProfileLock(dir, 'weather', { timeoutMs: 50, pollMs: 10 })).rejects.toThrow(/still refreshing/);
    const old = new Date(Date.now() - 6_000);
    await utimes(path, old, old);
    const lock = await acquireProfileLock(dir, 'weather', { timeoutMs: 0 });
    expect(JSON.parse(await readFile(path, 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('locks each file a profile writes beside its real file, and leaves nothing there afterwards', async () => {
    await writeFile(join(dir, '.env'), 'A=1\n');
    const lock = await acquireProfileLock(dir, 'weather', { files: [join(dir, '.env')] });
    expect(await readdir(dir)).toContain('..env.reauth-lock');
    const other = await mkdtemp(join(tmpdir(), 'reauth-lock-other-'));
    // Another reauth.yaml (another .reauth/ folder) sharing the same .env must wait.
    await expect(acquireProfileLock(other, 'tokens', { files: [join(dir, '.env')], timeoutMs: 50, pollMs: 10 })).rejects.toThrow(/still refreshing/);
    await lock.release();
    expect((await readdir(dir)).filter((f) => f.includes('reauth-lock'))).toEqual([]);
  });
});
