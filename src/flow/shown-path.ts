/**
 * A path as the person should read it: relative to the folder the wizard runs in when it is
 * inside it (`reauth.yaml`, `deploy/.env`), else whole. At 60 columns a temp or home path
 * beside a label wraps in the middle of a word; the short form fits and says the same.
 */
import { isAbsolute, relative } from 'node:path';

export function shownPath(path: string, cwd: string): string {
  const inside = relative(cwd, path);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}
