/**
 * Writes one profile into reauth.yaml (the wizard's "save profile" step). A new file gets a
 * short header; an existing one is edited in place: only the fields of this profile that
 * changed are rewritten, so the person's comments, order and spelling elsewhere survive.
 */
import { resolve } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Pair, type YAMLMap } from 'yaml';
import { UserError } from '../errors.js';
import { displayPathOf } from './display-path.js';
import type { ProfileConfig } from './types.js';
import { PROFILE_KEYS, PROFILE_NAME_PATTERN } from './known-keys.js';
import { nodeToPlain, plainEqual, profileToPlain, type Plain } from './profile-to-plain.js';
import { readTextFile, writeFileAtomically } from '../system/atomic-write.js';
import { openConfigTextForEdit, restoreLineEnds } from './config-text-for-edit.js';
import { applyLineEdits, isBlockMap, pairLineSpan, renderEntry, type LineEdit } from './yaml-line-edit.js';

export const HEADER = [
  '# reauth profiles: which service each connection uses and where its tokens are written.',
  '# No secrets belong here (a client secret comes from ${VARIABLE} or from a target via',
  '# keys.client_secret), so this file is safe to commit.',
];

export async function saveProfile(path: string, profile: ProfileConfig, options: { readonly displayPath?: string } = {}): Promise<void> {
  const absolute = resolve(path);
  const displayPath = options.displayPath ?? displayPathOf(path);
  // readTextFile refuses a folder, a dangling link or bytes that are not UTF-8, file untouched.
  const file = await readTextFile(absolute, displayPath);
  const text = file.exists ? withProfile(file.text, profile, displayPath) : newConfigText(profile);
  await writeFileAtomically(absolute, text, {
    // Someone editing reauth.yaml while the wizard runs keeps their edit: the save is refused.
    expectedFingerprint: file.fingerprint,
    bom: file.bom,
    displayName: displayPath,
    // reauth.yaml is meant to be committed: no .bak beside it, and ordinary permissions for a
    // new one (it holds no secrets; that is the point of the file).
    backup: false,
    newFileMode: 0o644,
  });
}

export function newConfigText(profile: ProfileConfig): string {
  checkName(profile.name);
  return [...HEADER, 'version: 1', 'profiles:', ...renderEntry(profile.name, profileToPlain(profile), 2, 2), ''].join('\n');
}

/** The text of an existing reauth.yaml with `profile` added or replaced. Pure: tests call it directly. */
export function withProfile(original: string, profile: ProfileConfig, displayPath = 'reauth.yaml'): string {
  checkName(profile.name);
  const opened = openConfigTextForEdit(original, displayPath, { what: 'the profile', next: `save again with \`reauth setup ${profile.name}\`` });
  const { doc, lines, lineCounter, finalNewline } = opened;
  const edits = planEdits(doc, lines, lineCounter, profile, displayPath);
  const next = applyLineEdits(lines, edits);
  const result = next.join('\n') + (finalNewline || edits.length > 0 ? '\n' : '');
  checkReadsBack(result, profile, displayPath);
  return restoreLineEnds(result, opened);
}

function planEdits(doc: Document, lines: string[], lineCounter: LineCounter, profile: ProfileConfig, displayPath: string): LineEdit[] {
  const plain = profileToPlain(profile);
  const end = lines.length;
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) {
    // Only comments so far: keep them and add the rest below.
    return [{ start: end, end, lines: ['version: 1', 'profiles:', ...renderEntry(profile.name, plain, 2, 2)] }];
  }
  if (!isMap(root) || root.flow) throw cannotEdit(displayPath, profile, 'its top level is not a block mapping');

  const profilesPair = root.items.find((pair) => keyOf(pair) === 'profiles');
  if (!profilesPair) {
    const versionLines = root.items.some((pair) => keyOf(pair) === 'version') ? [] : ['version: 1'];
    return [{ start: end, end, lines: [...versionLines, 'profiles:', ...renderEntry(profile.name, plain, 2, 2)] }];
  }
  const profilesSpan = pairLineSpan(lines, lineCounter, profilesPair);
  if (!profilesSpan) throw cannotEdit(displayPath, profile, 'profiles: does not start its own line');
  const profiles = profilesPair.value;

  if (!isBlockMap(profiles)) {
    const isEmpty = profiles === null || (isScalar(profiles) && profiles.value === null) || (isMap(profiles) && profiles.items.length === 0);
    if (!isEmpty) throw cannotEdit(displayPath, profile, 'profiles: is not a block mapping');
    const column = profilesSpan.column;
    const keyLine = `${' '.repeat(column)}profiles:`;
    return [{ start: profilesSpan.start, end: profilesSpan.end, lines: [keyLine, ...renderEntry(profile.name, plain, column + 2, 2)] }];
  }

  const map = profiles as YAMLMap;
  const spans = map.items.map((pair) => pairLineSpan(lines, lineCounter, pair));
  const first = spans[0];
  if (!first || spans.some((span) => !span)) throw cannotEdit(displayPath, profile, 'a profile name does not start its own line');
  const column = first.column;
  const indent = Math.max(1, column - profilesSpan.column);
  const index = map.items.findIndex((pair) => keyOf(pair) === profile.name);

  if (index < 0) {
    const last = spans[spans.length - 1] as NonNullable<(typeof spans)[number]>;
    const spaced = spans.some((span, i) => i > 0 && (lines[(span?.start ?? 1) - 1] ?? 'x').trim() === '');
    return [{ start: last.end, end: last.end, lines: [...(spaced ? [''] : []), ...renderEntry(profile.name, plain, column, indent)] }];
  }
  const pair = map.items[index] as Pair;
  const span = spans[index] as NonNullable<(typeof spans)[number]>;
  if (isBlockMap(pair.value)) {
    const edits = fieldEdits(doc, lines, lineCounter, pair.value as YAMLMap, plain, profile, indent);
    if (edits) return edits;
  }
  return [{ start: span.start, end: span.end, lines: renderEntry(profile.name, plain, column, indent) }];
}

/**
 * Rewrites only the fields that changed. Unknown fields are the person's own (the loader warns
 * about them) and stay; a literal client_secret they wrote stays only while it is unchanged.
 * Returns undefined when the profile's layout does not allow line edits.
 */
function fieldEdits(
  doc: Document,
  lines: string[],
  lineCounter: LineCounter,
  map: YAMLMap,
  plain: Record<string, Plain>,
  profile: ProfileConfig,
  indent: number,
): LineEdit[] | undefined {
  const existing = new Map<string, { start: number; end: number }>();
  const edits: LineEdit[] = [];
  let column = -1;
  for (const pair of map.items) {
    const span = pairLineSpan(lines, lineCounter, pair);
    const key = keyOf(pair);
    if (!span || key === undefined || (column >= 0 && span.column !== column)) return undefined;
    column = span.column;
    existing.set(key, span);
    const wanted = plain[key];
    if (wanted !== undefined) {
      if (!plainEqual(nodeToPlain(pair.value, doc), wanted)) edits.push({ ...span, lines: renderEntry(key, wanted, column, indent) });
    } else if ((PROFILE_KEYS as readonly string[]).includes(key)) {
      const keepsOwnSecret = key === 'client_secret' && nodeToPlain(pair.value, doc) === (profile.client_secret ?? null);
      if (!keepsOwnSecret) edits.push({ ...span, lines: [] });
    }
  }

  // New fields go after the nearest field that precedes them in reauth's usual order.
  const order = Object.keys(plain);
  const firstStart = Math.min(...[...existing.values()].map((span) => span.start));
  for (const [position, key] of order.entries()) {
    if (existing.has(key)) continue;
    const before = order.slice(0, position).reverse().find((candidate) => existing.has(candidate));
    const at = before ? (existing.get(before) as { end: number }).end : firstStart;
    edits.push({ start: at, end: at, lines: renderEntry(key, plain[key] as Plain, column, indent) });
  }
  return edits;
}

/** After splicing, the profile must read back exactly as intended; otherwise nothing is written. */
function checkReadsBack(text: string, profile: ProfileConfig, displayPath: string): void {
  const doc = parseDocument(text, { prettyErrors: false });
  const node = doc.errors.length === 0 ? doc.getIn(['profiles', profile.name], true) : undefined;
  const read = node ? nodeToPlain(node, doc) : null;
  const plain = profileToPlain(profile);
  const known = read && typeof read === 'object' && !Array.isArray(read)
    ? Object.fromEntries(Object.entries(read as Record<string, Plain>).filter(([key]) => (PROFILE_KEYS as readonly string[]).includes(key) && (key in plain || key !== 'client_secret')))
    : undefined;
  if (!known || !plainEqual(known, plain)) throw cannotEdit(displayPath, profile, 'the edited file would not read back as intended');
}

function cannotEdit(displayPath: string, profile: ProfileConfig, why: string): UserError {
  const entry = renderEntry(profile.name, profileToPlain(profile), 2, 2).join('\n');
  return new UserError(
    `reauth could not add the profile to ${displayPath} safely (${why}), so the file was left as it was.`,
    `Add it under profiles: by hand:\n${entry}`,
  );
}

function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

function checkName(name: string): void {
  if (!PROFILE_NAME_PATTERN.test(name)) {
    throw new UserError(`The profile name ${JSON.stringify(name)} may only use letters, digits, -, _ and . (it is used in file names and commands).`, 'Pick another name.');
  }
}
