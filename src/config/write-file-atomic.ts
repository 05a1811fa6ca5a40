/**
 * Replaces a file in one step (temp file in the same folder, fsync, rename), so a crash or a
 * full disk never leaves half a reauth.yaml behind. Refuses when the file changed since it was
 * read: someone editing reauth.yaml while the wizard runs keeps their edit.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.js';

export interface AtomicWriteOptions {
  /** The text read before editing (null: the file did not exist); the write is refused if it no longer matches. */
  readonly expectedOriginal: string | null;
  /** Permissions for a new file. */
  readonly newFileMode: number;
  /** How messages name the file. */
  readonly displayPath: string;
}

export async function writeFileAtomic(path: string, text: string, options: AtomicWriteOptions): Promise<void> {
  const mode = await stat(path).then(
    (info) => info.mode & 0o777,
    () => options.newFileMode,
  );
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', mode).catch((error: NodeJS.ErrnoException) => {
    throw new UserError(`${options.displayPath} could not be written (${error.code ?? error.message}).`, `Check that you may write to ${dirname(path)}.`);
  });
  try {
    // open() honours the umask; chmod keeps the original file's permissions exactly.
    await handle.chmod(mode);
    await handle.writeFile(text, 'utf8');
    await handle.sync();
    await handle.close();
    const current = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (current !== options.expectedOriginal) {
      throw new UserError(
        `${options.displayPath} changed on disk while reauth was working, so reauth left it alone.`,
        'Run the same command again: reauth will read the new version first.',
      );
    }
    await rename(temp, path);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
