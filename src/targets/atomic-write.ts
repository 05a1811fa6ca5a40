/**
 * Reading and writing the files tokens live in, so that a crash, a full disk or a second
 * writer can never leave a half-written or silently overwritten file (the rclone way: temp
 * file in the same folder, fsync, rename, old version kept).
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { access, chown, mkdir, open, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ExitCode, UserError } from '../errors.js';

const UTF8_BOM = '\uFEFF';
/** New files hold secrets: owner read/write only. */
const NEW_FILE_MODE = 0o600;

export interface TextFile {
  /** The decoded text, without a leading BOM (see `bom`). */
  readonly text: string;
  /** The file started with a UTF-8 byte order mark; writes put it back. */
  readonly bom: boolean;
  /** sha256 of the file's bytes, or null when it does not exist. */
  readonly fingerprint: string | null;
  readonly exists: boolean;
  /** Permission bits (e.g. 0o640), or null when the file does not exist. */
  readonly mode: number | null;
}

export interface WriteOptions {
  /**
   * Fingerprint of the version the new text was computed from (null: "did not exist").
   * When given and the file now differs, nothing is written.
   */
  readonly expectedFingerprint?: string | null;
  /** Start the file with a UTF-8 BOM (keep it when the original had one). */
  readonly bom?: boolean;
  /** How the file is named in messages; defaults to the path. */
  readonly displayName?: string;
}

export interface WriteResult {
  /** Where the previous version was kept, or null when the file is new. */
  readonly backupPath: string | null;
  readonly created: boolean;
}

export function fingerprintOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function readTextFile(path: string, displayName = path): Promise<TextFile> {
  const bytes = await readBytes(path, displayName);
  if (bytes === null) return { text: '', bom: false, fingerprint: null, exists: false, mode: null };
  const info = await stat(path);
  let text: string;
  try {
    // fatal: replacing undecodable bytes with U+FFFD would rewrite them on the next save.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new UserError(
      `${displayName} is not UTF-8 text, so reauth will not edit it (it could damage the bytes it cannot read).`,
      'save it as UTF-8, or point the target at another file',
    );
  }
  const bom = text.startsWith(UTF8_BOM);
  return {
    text: bom ? text.slice(1) : text,
    bom,
    fingerprint: fingerprintOf(bytes),
    exists: true,
    mode: info.mode & 0o7777,
  };
}

/**
 * Replace `path` with `text`: temp file in the same folder (so rename is atomic), fsync,
 * rename. Keeps the original's permission bits (new files 0600) and leaves `<path>.bak`
 * (0600) holding the previous version. The temp file is removed on any failure.
 */
export async function writeFileAtomically(path: string, text: string, options: WriteOptions = {}): Promise<WriteResult> {
  const displayName = options.displayName ?? path;
  // Write through a symlink (e.g. .env → /etc/app/env) instead of replacing the link itself.
  const target = await resolveExisting(path);
  const current = await readBytes(target, displayName);
  assertUnchanged(current, options.expectedFingerprint, displayName);

  const folder = dirname(target);
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    throw writeFailure(displayName, error);
  }
  const previous = current === null ? null : await stat(target);
  const mode = previous ? previous.mode & 0o7777 : NEW_FILE_MODE;
  const bytes = Buffer.from((options.bom ? UTF8_BOM : '') + text, 'utf8');

  let backupPath: string | null = null;
  if (current !== null) {
    backupPath = `${target}.bak`;
    await replaceFile(backupPath, current, NEW_FILE_MODE, null, displayName);
  }
  await replaceFile(target, bytes, mode, previous, displayName, () => {
    // Checked again just before the rename: an editor may have saved while we were writing.
    return readBytes(target, displayName).then((now) => assertUnchanged(now, options.expectedFingerprint, displayName));
  });
  return { backupPath, created: current === null };
}

/** Throws UserError unless `path`'s folder (the nearest one that exists) and the file itself are writable. */
export async function assertWritable(path: string, displayName = path): Promise<void> {
  let folder = dirname(path);
  for (;;) {
    try {
      await stat(folder);
      break;
    } catch {
      const parent = dirname(folder);
      if (parent === folder) break;
      folder = parent;
    }
  }
  for (const candidate of [folder, path]) {
    try {
      await access(candidate, fsConstants.W_OK);
    } catch (error) {
      if (candidate === path && errorCode(error) === 'ENOENT') continue;
      throw new UserError(
        `reauth cannot write ${candidate === path ? displayName : `in the folder of ${displayName} (${folder})`}: ${describeFsError(error)}.`,
        'fix the permissions (or run reauth as the user that owns the file) and run reauth again',
        ExitCode.writeFailed,
      );
    }
  }
}

async function replaceFile(
  path: string,
  bytes: Uint8Array,
  mode: number,
  owner: { uid: number; gid: number } | null,
  displayName: string,
  beforeRename?: () => Promise<void>,
): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.reauth-tmp`);
  try {
    const handle = await open(temp, 'wx', NEW_FILE_MODE);
    try {
      await handle.writeFile(bytes);
      // chmod after creating: the umask would otherwise strip bits of the original's mode.
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // Root editing /opt/app/.env must not hand the file to root: keep the owner (best effort).
    if (owner && typeof process.getuid === 'function' && process.getuid() === 0) {
      await chown(temp, owner.uid, owner.gid).catch(() => undefined);
    }
    if (beforeRename) await beforeRename();
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    if (error instanceof UserError) throw error;
    throw writeFailure(displayName, error);
  }
  await syncFolder(dirname(path));
}

/** The rename itself is only durable once the folder entry is flushed (POSIX; a no-op elsewhere). */
async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows and some file systems refuse fsync on folders; the data itself is already synced.
  }
}

function assertUnchanged(current: Uint8Array | null, expected: string | null | undefined, displayName: string): void {
  if (expected === undefined) return;
  const now = current === null ? null : fingerprintOf(current);
  if (now === expected) return;
  throw new UserError(
    `${displayName} changed on disk since reauth read it (another program or editor wrote to it); nothing was written`,
    'run reauth again',
    ExitCode.writeFailed,
  );
}

async function readBytes(path: string, displayName: string): Promise<Uint8Array | null> {
  try {
    return await readFile(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw new UserError(
      `reauth cannot read ${displayName}: ${describeFsError(error)}.`,
      'fix the permissions (or run reauth as the user that owns the file) and run reauth again',
      ExitCode.writeFailed,
    );
  }
}

async function resolveExisting(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return path;
  }
}

function writeFailure(displayName: string, error: unknown): UserError {
  return new UserError(
    `${displayName} could not be written: ${describeFsError(error)}; the file was left as it was.`,
    'fix the cause and run reauth again',
    ExitCode.writeFailed,
  );
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

function describeFsError(error: unknown): string {
  switch (errorCode(error)) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOTDIR':
      return 'part of the path is a file, not a folder';
    case 'EISDIR':
      return 'it is a folder';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
