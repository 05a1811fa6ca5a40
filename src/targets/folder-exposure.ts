/**
 * A target in a folder every user may write to (mode o+w without the sticky bit) can be swapped
 * by another user between reads, or replaced by a link to a file of theirs: reauth still writes
 * atomically, but the person should know. Only a warning: the folder is theirs to fix.
 */
import { realpath, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function folderExposureWarning(path: string, shownName: string): Promise<string | undefined> {
  if (process.platform === 'win32') return undefined;
  // The real file's folder: writes go through a symlink to where the file really is.
  const real = await realpath(path).catch(() => path);
  const folder = dirname(real);
  const facts = await stat(folder).catch(() => undefined);
  if (!facts || (facts.mode & 0o002) === 0 || (facts.mode & 0o1000) !== 0) return undefined;
  return `The folder of ${shownName} (${folder}) can be written by every user of this machine, so another user could replace the file: run \`chmod o-w ${folder}\`.`;
}
