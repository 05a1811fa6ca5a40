/**
 * Real file-system faults for the writer's tests, no fs stubbing: a small tmpfs that fills up
 * or turns read-only, and the immutable flag (chattr +i), which refuses writes even to root
 * (the tests run as root in CI, where a chmod 0400 stops nobody). Each needs root on Linux;
 * tests that use them say so in their names and are skipped elsewhere.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach } from 'vitest';

const run = promisify(execFile);

export const runsAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Root on Linux with mount(8) and chattr(1) working: probed once, so a container without the capability skips cleanly. */
export const canMakeFaults: boolean = await probe();

async function probe(): Promise<boolean> {
  if (!runsAsRoot || process.platform !== 'linux') return false;
  const dir = await mkdtemp(join(tmpdir(), 'reauth-probe-'));
  try {
    await run('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]);
    await run('umount', [dir]);
    await run('chattr', ['-i', dir]);
    return true;
  } catch {
    return false;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface SmallFilesystem {
  readonly dir: string;
  remountReadOnly(): Promise<void>;
}

/** Small tmpfs mounts and immutable flags, undone after each test. */
export function useFsFaults(): { smallFilesystem(sizeKb?: number): Promise<SmallFilesystem>; makeImmutable(path: string): Promise<void> } {
  const mounts: string[] = [];
  const frozen: string[] = [];
  afterEach(async () => {
    for (const path of frozen.splice(0)) await run('chattr', ['-i', path]).catch(() => undefined);
    for (const dir of mounts.splice(0)) {
      await run('umount', [dir]).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    }
  });
  return {
    async smallFilesystem(sizeKb = 64) {
      const dir = await mkdtemp(join(tmpdir(), 'reauth-tmpfs-'));
      await run('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0755`, 'tmpfs', dir]);
      mounts.push(dir);
      return { dir, remountReadOnly: async () => void (await run('mount', ['-o', 'remount,ro', dir])) };
    },
    async makeImmutable(path) {
      await run('chattr', ['+i', path]);
      frozen.push(path);
    },
  };
}
