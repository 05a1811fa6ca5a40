/**
 * One delivery per profile — and per file — at a time (DESIGN.md): with a rotating refresh
 * token (Netatmo), two runs that both spend the same token — cron and a person, or two cron
 * lines — leave one of them holding a dead pair. A lock is a file created with O_EXCL,
 * holding who took it; the second run waits, then re-reads what the first one stored.
 *
 * The profile's lock lives under `.reauth/locks/`. Two reauth.yaml files (two `.reauth/`
 * folders) can share one `.env`, so each file a profile writes is locked too, by its real path
 * (symlinks resolved): `.NAME.reauth-lock` beside the real file. File locks are taken in
 * sorted order, so two runs never wait for each other in a circle.
 */
import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { ExitCode, UserError } from '../errors.js';
import { processAlive } from '../system/process-alive.js';
import { realTargetPath } from '../system/atomic-write.js';
import { describeFsError } from '../system/fs-failure.js';
import { ensureReauthFolder, safeName } from './reauth-folder.js';

export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** ISO 8601 UTC. */
  readonly started_at: string;
  readonly nonce: string;
}

export interface ProfileLock {
  readonly path: string;
  /** True when another run held the lock first: its tokens may have changed meanwhile. */
  readonly waited: boolean;
  /** The run this one waited for (when its lock file was readable). */
  readonly waitedFor?: LockOwner;
  /** Removes the lock file, if it is still ours. */
  release(): Promise<void>;
}

export interface ProfileLockOptions {
  /** How long to wait for another run (default 60 s). */
  readonly timeoutMs?: number;
  /** A lock older than this is taken over even if its process seems alive (default 10 min). */
  readonly staleMs?: number;
  readonly pollMs?: number;
  readonly now?: () => number;
  /** Files the profile writes (absolute paths): each is locked too, by its real path. */
  readonly files?: readonly string[];
}

export const DEFAULT_LOCK_TIMEOUT_MS = 60_000;
/** A refresh with a slow Heroku release takes a minute or two; ten is surely abandoned. */
export const DEFAULT_LOCK_STALE_MS = 10 * 60_000;
const UNREADABLE_LOCK_STALE_MS = 5_000;

interface LockFileState {
  readonly raw: string;
  readonly owner?: LockOwner;
  readonly mtimeMs: number;
}

export function lockPathFor(baseDir: string, profile: string): string {
  return join(baseDir, '.reauth', 'locks', `${safeName(profile)}.lock`);
}

/**
 * Takes the profile's lock and one per file in `options.files`. `profile` is undefined for a
 * new connection not saved yet: then only its files are locked.
 */
export async function acquireProfileLock(baseDir: string, profile: string | undefined, options: ProfileLockOptions = {}): Promise<ProfileLock> {
  let profileLock: ProfileLock | undefined;
  if (profile !== undefined) {
    await ensureReauthFolder(baseDir, 'locks');
    profileLock = await acquireLockFile(lockPathFor(baseDir, profile), `"${profile}"`, options);
  }
  const held: ProfileLock[] = profileLock ? [profileLock] : [];
  try {
    const real = [...new Set(await Promise.all((options.files ?? []).map((file) => realTargetPath(file))))].sort();
    // A file whose folder does not exist (or is not a folder) cannot be shared yet: nothing to lock
    // (the target's own preflight says what is wrong with the path).
    for (const file of real) if (await isFolder(dirname(file))) held.push(await acquireLockFile(fileLockPath(file), file, options));
  } catch (error) {
    await releaseAll(held);
    throw error;
  }
  return {
    path: profileLock?.path ?? held[0]?.path ?? '',
    waited: held.some((lock) => lock.waited),
    ...(profileLock?.waitedFor ? { waitedFor: profileLock.waitedFor } : {}),
    release: () => releaseAll(held),
  };
}

async function isFolder(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
}

/** The lock of a file reauth writes: hidden, beside the real file. */
export function fileLockPath(realFile: string): string {
  return join(dirname(realFile), `.${basename(realFile)}.reauth-lock`);
}

async function releaseAll(locks: readonly ProfileLock[]): Promise<void> {
  for (const lock of [...locks].reverse()) await lock.release();
}

async function acquireLockFile(path: string, what: string, options: ProfileLockOptions): Promise<ProfileLock> {
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  const staleMs = options.staleMs ?? DEFAULT_LOCK_STALE_MS;
  const pollMs = options.pollMs ?? 100;
  const mine: LockOwner = { pid: process.pid, host: hostname(), started_at: new Date(now()).toISOString(), nonce: randomBytes(8).toString('hex') };
  const raw = `${JSON.stringify(mine)}\n`;
  const deadline = now() + timeoutMs;
  let waited = false;
  let waitedFor: LockOwner | undefined;

  for (;;) {
    if (await tryCreate(path, raw)) {
      return { path, waited, ...(waitedFor ? { waitedFor } : {}), release: () => releaseIfOurs(path, raw) };
    }
    const held = await readLockFile(path);
    if (!held) continue; // released between our attempt and the read: try again at once
    if (isStale(held, now(), staleMs)) {
      await takeOver(path, held);
      continue;
    }
    waited = true;
    waitedFor = held.owner ?? waitedFor;
    if (now() >= deadline) throw timedOut(what, held, timeoutMs, path);
    // Jitter keeps two waiting runs from retrying in lockstep.
    await sleep(pollMs + Math.floor(Math.random() * pollMs));
  }
}

/**
 * Creates the lock with its content in one step: the owner is written to a temp file first,
 * then hard-linked into place (link fails if the lock exists). A run stopped at any moment
 * never leaves an empty lock behind that would make the next run wait for nobody.
 */
async function tryCreate(path: string, raw: string): Promise<boolean> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(raw, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    // Found before anything is spent: a problem of the environment, not a lost write.
    throw new UserError(
      `reauth could not create its lock file ${path}: ${describeFsError(error)}.`,
      `Make ${dirname(path)} writable for the user running reauth (or free some disk space), then run it again.`,
      ExitCode.usage,
    );
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

async function readLockFile(path: string): Promise<LockFileState | undefined> {
  try {
    const [raw, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    return { raw, owner: parseOwner(raw), mtimeMs: info.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parseOwner(raw: string): LockOwner | undefined {
  try {
    const parsed = JSON.parse(raw) as Partial<LockOwner>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.started_at === 'string' && typeof parsed.nonce === 'string') {
      return parsed as LockOwner;
    }
  } catch {
    // Empty or half-written: the owner is between open() and write(); judged by age below.
  }
  return undefined;
}

/**
 * A lock is abandoned when its process is gone (same machine only: a pid on another host of
 * a shared folder says nothing) or when it is older than any real refresh takes.
 */
function isStale(held: LockFileState, nowMs: number, staleMs: number): boolean {
  // A lock without a readable owner was left half-made (by a reauth before locks were linked
  // into place): a few seconds settle whether its writer is still at it.
  if (!held.owner) return nowMs - held.mtimeMs > Math.min(staleMs, UNREADABLE_LOCK_STALE_MS);
  const started = Date.parse(held.owner.started_at);
  if (!Number.isFinite(started) || nowMs - started > staleMs) return true;
  if (held.owner && held.owner.host === hostname()) return !processAlive(held.owner.pid);
  return false;
}

/**
 * Two runs may judge the same lock stale at once. Renaming is atomic, so only one of them moves
 * the stale file aside; if what it moved is not the file it judged (another run already took
 * over and wrote a fresh lock), that lock is put back.
 */
async function takeOver(path: string, judged: LockFileState): Promise<void> {
  const aside = `${path}.stale-${randomBytes(6).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    const moved = await readFile(aside, 'utf8');
    if (moved !== judged.raw) await link(aside, path).catch(() => undefined);
  } finally {
    await unlink(aside).catch(() => undefined);
  }
}

async function releaseIfOurs(path: string, raw: string): Promise<void> {
  const held = await readLockFile(path).catch(() => undefined);
  if (held?.raw === raw) await unlink(path).catch(() => undefined);
}

function timedOut(what: string, held: LockFileState, timeoutMs: number, path: string): UserError {
  const who = held.owner ? ` (process ${held.owner.pid} on ${held.owner.host}, since ${held.owner.started_at})` : '';
  return new UserError(
    `Another reauth run is still refreshing ${what}${who}; gave up waiting after ${Math.round(timeoutMs / 1000)} s.`,
    `Try again later. If no reauth is running, delete ${path}.`,
    ExitCode.unavailable,
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
