/**
 * What an fs error means to a person: a short phrase ("the disk is full") and, for the one
 * writer (atomic-write.ts), a whole sentence with the next step.
 */
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UserError, type ExitCodeValue } from '../errors.js';

/** A short phrase for an fs error ("permission denied"), to end a sentence with. */
export function describeFsError(error: unknown): string {
  switch (errorCode(error)) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'the disk is full';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOTDIR':
      return 'part of the path is a file, not a folder';
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'EEXIST':
      return 'a file is in the way where a folder should be';
    case 'ELOOP':
      return 'the path goes round a loop of symbolic links';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many files are open';
    case 'EBUSY':
    case 'ETXTBSY':
      return 'the file is in use by another program';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

export function isFolder(displayName: string, exitCode: ExitCodeValue): UserError {
  return new UserError(
    `${displayName} is a folder, not a file, so reauth cannot read or write it.`,
    'Name a file rather than a folder (check the path for a missing file name), then run reauth again.',
    exitCode,
  );
}

export type Doing = 'read' | 'write' | 'check';

export const LEAD: Readonly<Record<Doing, string>> = {
  read: 'reauth could not read',
  write: 'reauth could not write',
  check: 'reauth cannot write',
};

/**
 * One plain sentence and a next step for an fs error met while reading or writing `path`.
 * "Part of the path is a file" names that part: it is rarely obvious which one.
 */
export async function fsFailure(error: unknown, doing: Doing, displayName: string, path: string, exitCode: ExitCodeValue): Promise<UserError> {
  if (errorCode(error) === 'EISDIR') return isFolder(displayName, exitCode);
  if (errorCode(error) === 'ENOTDIR') {
    const part = await fileInPath(path);
    if (part) return throughFile(doing, displayName, part, exitCode);
  }
  return new UserError(`${LEAD[doing]} ${displayName}: ${describeFsError(error)}${untouched(doing)}.`, nextStepFor(error, displayName, path), exitCode);
}

export function throughFile(doing: Doing, displayName: string, part: string, exitCode: ExitCodeValue): UserError {
  return new UserError(
    `${LEAD[doing]} ${displayName}: ${part} is a file, not a folder, so the path cannot go through it${untouched(doing)}.`,
    `Fix the path (or move ${part} out of the way), then run reauth again.`,
    exitCode,
  );
}

function untouched(doing: Doing): string {
  return doing === 'write' ? '; the file was left as it was' : '';
}

export function nextStepFor(error: unknown, displayName: string, path: string): string {
  switch (errorCode(error)) {
    case 'EACCES':
    case 'EPERM':
      return `Fix the permissions of ${displayName} and its folder (or run reauth as the user that owns them), then run reauth again.`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `Free some space on the disk that holds ${dirname(path)}, then run reauth again.`;
    case 'EROFS':
      return 'Make that file system writable (or point reauth at a file on a writable disk), then run reauth again.';
    case 'ENOTDIR':
    case 'EEXIST':
      return `Fix the path of ${displayName} (a file sits where a folder should be), then run reauth again.`;
    case 'ELOOP':
      return `Fix the symbolic links on the way to ${displayName}, then run reauth again.`;
    default:
      return 'Fix the cause, then run reauth again.';
  }
}

/** The nearest existing ancestor of `path` when it is a file rather than a folder. */
async function fileInPath(path: string): Promise<string | null> {
  for (let folder = dirname(path); dirname(folder) !== folder; folder = dirname(folder)) {
    const info = await stat(folder).catch(() => null);
    if (info) return info.isDirectory() ? null : folder;
  }
  return null;
}

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}
