/**
 * A real, small file system for the disk-full tests: a tmpfs of a few hundred KB (with a small
 * inode table) mounted on a fresh temp folder — root only; CI runs the suite as root — and a
 * filler that takes every last byte and inode of it. Nothing here fakes `fs`: reauth meets a
 * real ENOSPC.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, rmdirSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SmallDisk {
  readonly dir: string;
  unmount(): void;
}

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Why small disks cannot be had here, or undefined when they can (checked by mounting one). */
export function mountTmpfs(sizeKb = 512, inodes = 128): SmallDisk | { readonly error: string } {
  if (process.platform !== 'linux') return { error: `tmpfs mounts need Linux (this is ${process.platform})` };
  if (!isRoot) return { error: 'the disk-full tests need root to mount a tmpfs (run as root, as CI does)' };
  const dir = mkdtempSync(join(tmpdir(), 'reauth-diskfull-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,nr_inodes=${inodes},mode=0755`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) {
    rmdirSync(dir);
    const why = (r.error?.message ?? r.stderr ?? '').trim() || `exit ${r.status}`;
    return { error: `mount -t tmpfs failed (${why}): no CAP_SYS_ADMIN in this container?` };
  }
  let mounted = true;
  return {
    dir,
    unmount() {
      if (!mounted) return;
      const u = spawnSync('umount', [dir], { encoding: 'utf8' });
      // Something still has a file open there (a process a failed test left): detach it lazily.
      if (u.status !== 0) spawnSync('umount', ['-l', dir], { encoding: 'utf8' });
      mounted = false;
      try {
        rmdirSync(dir);
      } catch {
        // Left for the OS's temp cleaning.
      }
    },
  };
}

/** What a filled disk took. */
export interface Filled {
  readonly bytes: number;
  readonly files: number;
}

const FILLER = 'filler.bin';
const fillerName = (n: number) => `.filler-${String(n).padStart(4, '0')}`;

/**
 * Fills the file system that holds `dir` completely: `filler.bin` is written until ENOSPC in
 * ever smaller pieces (not a byte left), then empty `.filler-N` files are made until the inode
 * table is full too (ENOSPC again). Both matter: reauth may free bytes it owns (a reserved
 * safety copy shrinks once it holds the tokens), but with no inode left, no new file — a temp
 * file for an atomic write — can be made anyway. A disk full of small log files looks so.
 */
export function fillDisk(dir: string, what: 'bytes' | 'bytes-and-inodes' = 'bytes-and-inodes'): Filled {
  const fd = openSync(join(dir, FILLER), 'a');
  let bytes = 0;
  try {
    for (const size of [64 * 1024, 4096, 512, 1]) {
      const chunk = Buffer.alloc(size, 0x78);
      for (;;) {
        try {
          const n = writeSync(fd, chunk);
          bytes += n;
          if (n < size) break; // a short write: this size no longer fits
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw error;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  let files = 0;
  if (what === 'bytes-and-inodes') {
    for (let n = 0; n < 100_000; n++) {
      try {
        closeSync(openSync(join(dir, fillerName(n)), 'wx'));
        files += 1;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
        throw error;
      }
    }
  }
  return { bytes, files };
}

/** Takes back everything fillDisk took. */
export function removeFiller(dir: string): void {
  rmSync(join(dir, FILLER), { force: true });
  for (const name of readdirSync(dir)) if (/^\.filler-\d+$/.test(name)) rmSync(join(dir, name), { force: true });
}
