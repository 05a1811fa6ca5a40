/**
 * `.reauth/` beside reauth.yaml: rescued tokens, locks and each profile's record. It holds
 * secrets, so it is 0700 whatever the umask, and its `.gitignore` of `*` keeps it out of any
 * commit.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ExitCode, UserError } from '../errors.js';
import { ensurePrivateFolder } from '../system/atomic-write.js';
import { describeFsError } from '../system/fs-failure.js';

export function reauthFolder(baseDir: string): string {
  return join(baseDir, '.reauth');
}

/** `.reauth/SUB`, created 0700 (and `.reauth/.gitignore`) when missing. */
export async function ensureReauthFolder(baseDir: string, sub: string): Promise<string> {
  const folder = join(reauthFolder(baseDir), sub);
  try {
    await ensurePrivateFolder(folder);
    await writeFile(join(reauthFolder(baseDir), '.gitignore'), '*\n', { mode: 0o600 });
  } catch (error) {
    throw new UserError(
      `reauth cannot create its working folder ${folder}: ${describeFsError(error)}.`,
      'Make the folder of reauth.yaml writable for the user running reauth (or free some disk space), then run it again.',
      ExitCode.usage,
    );
  }
  return folder;
}

/** A profile (or service) name as it appears in file names under `.reauth/`. */
export function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '_') || 'profile';
}
