/**
 * How messages name reauth.yaml: as the person would type it. Callers often pass an absolute
 * path (resolved against the working folder); inside that folder the short form reads better
 * (`reauth.yaml line 7: …`), outside it the whole path says where the file is.
 */
import { isAbsolute, normalize, relative, sep } from 'node:path';

export function displayPathOf(path: string, cwd: string = process.cwd()): string {
  if (!isAbsolute(path)) return normalize(path);
  const inside = relative(cwd, path);
  return inside && !inside.startsWith(`..${sep}`) && inside !== '..' && !isAbsolute(inside) ? inside : path;
}
