/**
 * The one way reauth reads and replaces a file: token targets, reauth.yaml and reauth's own
 * files alike, so that a crash, a full disk or a second writer can never leave a half-written
 * or silently overwritten file (the rclone way: temp file in the same folder, fsync, rename,
 * old version kept). Every failure becomes a UserError in plain words with a next step.
 */
import { createHash, randomBytes } from 'node:crypto';
import { close, constants as fsConstants, fstat, open as openFd, readFile as readFd, type Stats } from 'node:fs';
import { promisify } from 'node:util';
import { access, chmod, chown, lstat, mkdir, open, readlink, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ExitCode, UserError, type ExitCodeValue } from '../errors.js';
import { describeFsError, errorCode, fsFailure, isFolder, LEAD, nextStepFor, throughFile } from './fs-failure.js';

const UTF8_BOM = '\uFEFF';
/** New files hold secrets: owner read/write only. */
const NEW_FILE_MODE = 0o600;
/** Folders reauth creates may hold secrets (.reauth/rescue, a target's new folder). */
const PRIVATE_FOLDER_MODE = 0o700;

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
  /**
   * Keep the previous version as `<file>.bak` (0600). Default true: a token file's old copy is
   * the last way back. reauth.yaml passes false (it is in git, and a .bak beside it would be committed).
   */
  readonly backup?: boolean;
  /** Permission bits of a file that does not exist yet (default 0600). An existing file keeps its own. */
  readonly newFileMode?: number;
}

export interface WriteResult {
  /** Where the previous version was kept, or null when the file is new (or no backup was asked for). */
  readonly backupPath: string | null;
  readonly created: boolean;
}

interface CurrentFile {
  readonly bytes: Uint8Array;
  readonly stats: Stats;
}

export function fingerprintOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function readTextFile(path: string, displayName = path): Promise<TextFile> {
  const current = await readCurrent(path, displayName, ExitCode.usage);
  if (current === null) return { text: '', bom: false, fingerprint: null, exists: false, mode: null };
  let text: string;
  try {
    // fatal: replacing undecodable bytes with U+FFFD would rewrite them on the next save.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(current.bytes);
  } catch {
    throw new UserError(
      `${displayName} is not UTF-8 text, so reauth will not edit it (it could damage the bytes it cannot read).`,
      'save it as UTF-8, or point the target at another file',
    );
  }
  const bom = text.startsWith(UTF8_BOM);
  // Hashed when first asked: reading a file to look at it (the folder scan before the wizard's
  // first question) needs no fingerprint, and the first hash loads node:crypto (~8 ms, issue 9).
  // The bytes are this read's own copy, so the hash is of exactly what was read.
  const { bytes } = current;
  let fingerprint: string | undefined;
  return {
    text: bom ? text.slice(1) : text,
    bom,
    get fingerprint() {
      return (fingerprint ??= fingerprintOf(bytes));
    },
    exists: true,
    mode: current.stats.mode & 0o7777,
  };
}

/**
 * Replace `path` with `text`: temp file in the same folder (so rename is atomic), fsync,
 * rename. Keeps the original's permission bits (new files `newFileMode`, 0600) and, unless
 * `backup: false`, leaves `<path>.bak` (0600) holding the previous version. A symlink is
 * written through: the real file is replaced in its own folder and the link stays a link.
 * The temp file is removed on any failure.
 */
export async function writeFileAtomically(path: string, text: string, options: WriteOptions = {}): Promise<WriteResult> {
  const displayName = options.displayName ?? path;
  // .env → /etc/app/env: temp file, rename and .bak all happen beside the real file, because
  // a rename over the link would replace the link with a plain file.
  const target = await realTargetPath(path, displayName);
  const current = await readCurrent(target, displayName, ExitCode.writeFailed);
  assertUnchanged(current, options.expectedFingerprint, displayName);

  if (current === null) {
    try {
      await ensurePrivateFolder(dirname(target));
    } catch (error) {
      throw await fsFailure(error, 'write', displayName, target, ExitCode.writeFailed);
    }
  }
  const mode = current ? current.stats.mode & 0o7777 : (options.newFileMode ?? NEW_FILE_MODE);
  const bytes = Buffer.from((options.bom ? UTF8_BOM : '') + text, 'utf8');

  let backupPath: string | null = null;
  if (current !== null && options.backup !== false) {
    backupPath = `${target}.bak`;
    await replaceFile(backupPath, current.bytes, NEW_FILE_MODE, null, displayName);
  }
  await replaceFile(target, bytes, mode, current?.stats ?? null, displayName, async () => {
    // Checked again just before the rename: an editor may have saved while we were writing.
    assertUnchanged(await readCurrent(target, displayName, ExitCode.writeFailed), options.expectedFingerprint, displayName);
  });
  return { backupPath, created: current === null };
}

/**
 * Throws UserError (exit 2: found before anything is spent) unless `path` could be written:
 * not a dangling link, not a folder, and the file (or the nearest folder that exists) writable.
 */
export async function assertWritable(path: string, displayName = path): Promise<void> {
  const target = await realTargetPath(path, displayName);
  let candidate = target;
  for (;;) {
    const info = await stat(candidate).catch((error: unknown) => error as NodeJS.ErrnoException);
    if (!(info instanceof Error)) {
      if (candidate === target && info.isDirectory()) throw isFolder(displayName, ExitCode.usage);
      if (candidate !== target && !info.isDirectory()) throw throughFile('check', displayName, candidate, ExitCode.usage);
      break;
    }
    const parent = dirname(candidate);
    if (parent === candidate) return;
    candidate = parent;
  }
  try {
    await access(candidate, candidate === target ? fsConstants.W_OK : fsConstants.W_OK | fsConstants.X_OK);
  } catch (error) {
    const where = candidate === target ? displayName : `in the folder of ${displayName} (${candidate})`;
    throw new UserError(`${LEAD.check} ${where}: ${describeFsError(error)}.`, nextStepFor(error, displayName, candidate), ExitCode.usage);
  }
}

/**
 * Creates `path` and any missing parents as 0700, whatever the umask: mkdir's mode is masked
 * by it (umask 0 would give 0777, 0022 gives 0755), so each folder created here is chmod-ed
 * afterwards. Folders that already existed keep their permissions. Throws the raw fs error.
 */
export async function ensurePrivateFolder(path: string): Promise<void> {
  const folder = resolve(path);
  // recursive mkdir answers with the first folder it created (undefined: it all existed).
  const first = await mkdir(folder, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  if (first === undefined) return;
  for (let created = folder; ; created = dirname(created)) {
    await chmod(created, PRIVATE_FOLDER_MODE);
    if (created === first || dirname(created) === created) break;
  }
}

/**
 * Where a write of `path` really lands: the real path of an existing file (symlinks and linked
 * folders followed), or for a file that does not exist yet, the real path of its nearest
 * existing folder joined with the rest. Two spellings of one file give one answer (locks are
 * keyed by it). A dangling symlink is refused with a UserError naming the link and its target.
 */
export async function realTargetPath(path: string, displayName = path): Promise<string> {
  const absolute = resolve(path);
  try {
    return await realpath(absolute);
  } catch (error) {
    const code = errorCode(error);
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw await fsFailure(error, 'read', displayName, absolute, ExitCode.usage);
  }
  await refuseDanglingLink(absolute, displayName);
  const rest = [basename(absolute)];
  for (let folder = dirname(absolute); ; folder = dirname(folder)) {
    try {
      return join(await realpath(folder), ...rest);
    } catch {
      if (dirname(folder) === folder) return absolute;
      rest.unshift(basename(folder));
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
    throw await fsFailure(error, 'write', displayName, path, ExitCode.writeFailed);
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

function assertUnchanged(current: CurrentFile | null, expected: string | null | undefined, displayName: string): void {
  if (expected === undefined) return;
  const now = current === null ? null : fingerprintOf(current.bytes);
  if (now === expected) return;
  throw new UserError(
    `${displayName} changed on disk since reauth read it (another program or editor wrote to it); nothing was written`,
    'run reauth again',
    ExitCode.writeFailed,
  );
}

/** The file's bytes and stats from one open descriptor, or null when there is no file. */
async function readCurrent(path: string, displayName: string, exitCode: ExitCodeValue): Promise<CurrentFile | null> {
  let fd: number;
  try {
    fd = await promisify(openFd)(path, 'r');
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw await fsFailure(error, 'read', displayName, path, exitCode);
    await refuseDanglingLink(path, displayName);
    return null;
  }
  // One descriptor for the stats and the bytes, so both are of the same file. Through node:fs's
  // callback functions, not a FileHandle: the folder scan before the wizard's first question
  // reads files here, and node:fs/promises would be loaded for it (build/lazy-fs-promises.mjs).
  try {
    const stats: Stats = await promisify(fstat)(fd);
    // POSIX lets a folder be opened for reading; only the read itself would fail, vaguely.
    if (stats.isDirectory()) throw isFolder(displayName, exitCode);
    return { bytes: await promisify(readFd)(fd), stats };
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw await fsFailure(error, 'read', displayName, path, exitCode);
  } finally {
    await promisify(close)(fd);
  }
}

/**
 * A link whose file is missing: writing "through" it would create a file somewhere the person
 * may not expect, and renaming over it would silently turn the link into a file. Refuse both.
 */
async function refuseDanglingLink(path: string, displayName: string): Promise<void> {
  const info = await lstat(path).catch(() => null);
  if (!info?.isSymbolicLink()) return;
  const pointsTo = await readlink(path);
  let end = resolve(dirname(path), pointsTo);
  // Follow a chain (a → b → missing) to the link that dangles, so the message names the missing file.
  for (let hops = 0; hops < 40; hops++) {
    const next = await lstat(end).catch(() => null);
    if (!next?.isSymbolicLink()) break;
    end = resolve(dirname(end), await readlink(end));
  }
  const chain = end === resolve(dirname(path), pointsTo) ? '' : ` (and on to ${end})`;
  throw new UserError(
    `${displayName} is a symbolic link to ${pointsTo}${chain}, which does not exist, so reauth left it alone.`,
    `Create ${end} (an empty file will do) or point ${displayName} at the real file, then run reauth again.`,
    ExitCode.usage,
  );
}
