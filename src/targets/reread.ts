/**
 * A file target's reads of its file within one run (preflight, read, plan): the text read last
 * time is handed out again while the file provably has not changed since, so a refresh decodes
 * and hashes a 2 MB file once instead of three times. "Provably": the stat taken just before
 * that read still matches — device, inode, size, and change and modification times to the
 * nanosecond — and the file's last change was already well in the past at that stat (a second
 * write within the same clock tick would otherwise keep every time stamp).
 *
 * This never weakens the write: apply still compares the bytes on disk with the fingerprint of
 * the text the plan was made from, and refuses, file untouched, when they differ.
 */
import { stat } from 'node:fs/promises';
import type { BigIntStats } from 'node:fs';
import { readTextFile, type TextFile } from '../system/atomic-write.js';

/**
 * How long ago the file must have changed, at the stat before a read, for that read to be
 * reused: well over a kernel clock tick (1–10 ms), so a change after it gets a later time.
 */
const SETTLED_MS = 100n;
const NS_PER_MS = 1_000_000n;

export type FileReader = (path: string, displayName: string) => Promise<TextFile>;

/** readTextFile for one target: each call reads the file again unless it is unchanged since the last read. */
export function createRereader(): FileReader {
  let last: { readonly path: string; readonly file: TextFile; readonly stats: BigIntStats } | undefined;
  return async (path, displayName) => {
    // The real clock, not Deps.now (tests fake that one): it is compared with the file system's
    // time stamps. Taken before the stat, so "changed before this" holds at the stat too.
    const statAt = BigInt(Date.now()) * NS_PER_MS;
    // Before the read: a change during it leaves the stat behind, and the next call reads again.
    const before = await stat(path, { bigint: true }).catch(() => undefined);
    if (last && before && last.path === path && sameVersion(last.stats, before)) return last.file;
    const file = await readTextFile(path, displayName);
    const settled = before !== undefined && before.ctimeNs + SETTLED_MS * NS_PER_MS < statAt && before.mtimeNs + SETTLED_MS * NS_PER_MS < statAt;
    last = file.exists && settled ? { path, file, stats: before } : undefined;
    return file;
  };
}

function sameVersion(a: BigIntStats, b: BigIntStats): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs && a.mode === b.mode;
}
