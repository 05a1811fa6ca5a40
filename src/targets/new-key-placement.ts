/**
 * Where a key new to a line-based file (`.env`, `env.py`) goes. Files are grouped by service
 * under comment banners; appending at the end put NETATMO_REFRESH_TOKEN under "# Mail" (issue
 * 11.7). So: right after its siblings (the other keys of the same target already in the file),
 * else after the keys that share its longest prefix (`NETATMO_`), else at the end.
 */
import { groupBy } from './text-lines.js';

/** An assignment the new key may follow: its key and the last line (0-based) it occupies. */
export interface PlacedKey {
  readonly key: string;
  readonly lastLine: number;
}

export type NewKeyAnchor = { readonly kind: 'after'; readonly lastLine: number } | { readonly kind: 'end' };

/** Where the key sits in a file, as the preview says it: 1-based line, and the key just above. */
export interface KeyLocation {
  readonly line: number;
  readonly after?: string;
}

/**
 * The anchor of `key` among `existing` (in any order). `siblings` are the target's other key
 * names; several new keys with the same anchor are inserted there in the order given.
 */
export function anchorForNewKey(key: string, existing: readonly PlacedKey[], siblings: ReadonlySet<string>): NewKeyAnchor {
  const lastOf = (matches: (other: string) => boolean): number | undefined => {
    let last: number | undefined;
    for (const placed of existing) {
      if (placed.key !== key && matches(placed.key) && (last === undefined || placed.lastLine > last)) last = placed.lastLine;
    }
    return last;
  };
  const sibling = lastOf((other) => siblings.has(other));
  if (sibling !== undefined) return { kind: 'after', lastLine: sibling };
  for (const prefix of relatedPrefixes(key)) {
    const related = lastOf((other) => other.startsWith(prefix));
    if (related !== undefined) return { kind: 'after', lastLine: related };
  }
  return { kind: 'end' };
}

/** `NETATMO_TOKEN_EXPIRES_AT` → `NETATMO_TOKEN_EXPIRES_`, `NETATMO_TOKEN_`, `NETATMO_`: longest first. */
export function relatedPrefixes(key: string): string[] {
  const prefixes: string[] = [];
  for (let at = key.lastIndexOf('_', key.length - 2); at >= 2; at = key.lastIndexOf('_', at - 1)) prefixes.push(key.slice(0, at + 1));
  return prefixes;
}

/**
 * New keys in change order, grouped by the line they go after (`'end'` for the end of file);
 * a Map keeps the first-seen order of the groups and each group's order.
 */
export function groupNewKeys<T extends { readonly key: string }>(
  added: readonly T[],
  existing: readonly PlacedKey[],
  siblingNames: readonly string[],
): Map<number | 'end', T[]> {
  const siblings = new Set([...siblingNames, ...added.map((a) => a.key)]);
  return groupBy(added, (item): number | 'end' => {
    const anchor = anchorForNewKey(item.key, existing, siblings);
    return anchor.kind === 'end' ? 'end' : anchor.lastLine;
  });
}

/**
 * Keys at the end go in a group of their own: set apart by one blank line in a file that is
 * more than a bare list of assignments (it has blank lines or comments), unless it ends with one.
 */
export function needsBlankBeforeEnd(lines: readonly { readonly content: string }[], isComment: (content: string) => boolean): boolean {
  if (lines.length === 0) return false;
  const last = lines[lines.length - 1]!.content;
  if (last.trim() === '') return false;
  return lines.some(({ content }) => content.trim() === '' || isComment(content));
}

/** Each key's first assignment, located: 1-based line and the key assigned just above it. */
export function locateKeys(assignments: readonly { readonly key: string; readonly line: number }[], keys: readonly string[]): Map<string, KeyLocation> {
  const located = new Map<string, KeyLocation>();
  const wanted = new Set(keys);
  let previous: string | undefined;
  for (const assignment of [...assignments].sort((a, b) => a.line - b.line)) {
    if (wanted.has(assignment.key) && !located.has(assignment.key)) {
      located.set(assignment.key, { line: assignment.line + 1, ...(previous !== undefined && previous !== assignment.key ? { after: previous } : {}) });
    }
    previous = assignment.key;
  }
  return located;
}
