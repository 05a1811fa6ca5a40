/**
 * Tokens reauth obtained but could not write go here, so they are never lost
 * (DESIGN.md): `.reauth/rescue/PROFILE-TIMESTAMP.json`, readable only by the owner, in a
 * folder whose `.gitignore` keeps it out of any commit. The next setup/refresh of the
 * profile applies them first, then removes the file.
 */
import { mkdir, open, readFile, readdir, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FieldValues } from './token-set.js';

export interface RescuedTokens {
  readonly profile: string;
  readonly savedAt: string;
  readonly values: FieldValues;
  readonly path: string;
}

export function rescueFolder(baseDir: string): string {
  return join(baseDir, '.reauth', 'rescue');
}

/**
 * `.reauth/SUB` (0700), with `.reauth/.gitignore` holding `*` so nothing reauth keeps there
 * (rescued tokens, locks, refresh state) can end up in a commit.
 */
export async function ensureReauthFolder(baseDir: string, sub: string): Promise<string> {
  const folder = join(baseDir, '.reauth', sub);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  await writeFile(join(baseDir, '.reauth', '.gitignore'), '*\n', { mode: 0o600 });
  return folder;
}

async function ensureRescueFolder(baseDir: string): Promise<string> {
  return ensureReauthFolder(baseDir, 'rescue');
}

/** A profile name as it appears in file names under `.reauth/`. */
export function safeName(profile: string): string {
  return profile.replace(/[^A-Za-z0-9_-]/g, '_') || 'profile';
}

/** Writes the rescue file (0600, fsynced) and returns its path. */
export async function saveRescue(baseDir: string, profile: string, values: FieldValues, now: number): Promise<string> {
  const folder = await ensureRescueFolder(baseDir);
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const body = JSON.stringify({ profile, saved_at: new Date(now).toISOString(), values }, null, 2) + '\n';
  // Two rescues in the same millisecond (a refresh and a setup side by side) get distinct names.
  let path = join(folder, `${safeName(profile)}-${stamp}.json`);
  let handle;
  for (let attempt = 2; ; attempt++) {
    try {
      handle = await open(path, 'wx', 0o600);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 50) throw error;
      path = join(folder, `${safeName(profile)}-${stamp}-${attempt}.json`);
    }
  }
  try {
    await handle.writeFile(body, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  return path;
}

/** Rescued token sets for a profile, newest first. Unreadable files are skipped, never deleted. */
export async function findRescues(baseDir: string, profile: string): Promise<RescuedTokens[]> {
  let names: string[];
  try {
    names = await readdir(rescueFolder(baseDir));
  } catch {
    return [];
  }
  const prefix = `${safeName(profile)}-`;
  const found: RescuedTokens[] = [];
  for (const name of names.filter((n) => n.startsWith(prefix) && n.endsWith('.json'))) {
    const path = join(rescueFolder(baseDir), name);
    try {
      const parsed = JSON.parse(await readFile(path, 'utf8')) as { profile?: string; saved_at?: string; values?: FieldValues };
      if (parsed.profile === profile && parsed.values && typeof parsed.values === 'object') {
        found.push({ profile, savedAt: String(parsed.saved_at ?? ''), values: parsed.values, path });
      }
    } catch {
      // A damaged rescue file is left for the person to look at.
    }
  }
  // Same millisecond: the `-N` suffix saveRescue adds marks the later file.
  return found.sort((a, b) => b.savedAt.localeCompare(a.savedAt) || b.path.length - a.path.length || b.path.localeCompare(a.path));
}

/**
 * Removes a rescue file once its tokens are written. A `.reauth/` folder that then holds
 * nothing but its own .gitignore goes too: a run that succeeded leaves the project as it was.
 */
export async function removeRescue(path: string): Promise<void> {
  await rm(path, { force: true });
  const rescueDir = dirname(path);
  const reauthDir = dirname(rescueDir);
  try {
    await rmdir(rescueDir); // only when empty
    const left = await readdir(reauthDir);
    if (left.length === 1 && left[0] === '.gitignore') await rm(reauthDir, { recursive: true, force: true });
  } catch {
    // Other rescue files, locks or refresh records are still there: keep the folder.
  }
}
