/**
 * Writes a custom service under `providers:` in reauth.yaml, for a service the person described
 * in the wizard ("Another OAuth 2.0 service…"): a profile naming it can only be read back when
 * the file also says what it is. Same splicing as save-profile.ts, so comments and order survive;
 * the entry holds addresses and options only, never a secret.
 */
import { resolve } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Pair, type YAMLMap } from 'yaml';
import { UserError } from '../errors.js';
import { displayPathOf } from './display-path.js';
import { PROVIDER_OVERRIDE_KEYS } from './known-keys.js';
import { nodeToPlain, plainEqual, type Plain } from './profile-to-plain.js';
import { HEADER } from './save-profile.js';
import type { ProviderOverride } from './types.js';
import { readTextFile, writeFileAtomically } from '../system/atomic-write.js';
import { openConfigTextForEdit, restoreLineEnds } from './config-text-for-edit.js';
import { applyLineEdits, isBlockMap, pairLineSpan, renderEntry, type LineEdit } from './yaml-line-edit.js';

export async function saveProviderEntry(path: string, id: string, fields: ProviderOverride, options: { readonly displayPath?: string } = {}): Promise<void> {
  const absolute = resolve(path);
  const displayPath = options.displayPath ?? displayPathOf(path);
  const file = await readTextFile(absolute, displayPath);
  const text = withProviderEntry(file.text, id, fields, displayPath);
  if (file.exists && text === file.text) return;
  // Same rules as a profile save (save-profile.ts): refused if edited meanwhile, no .bak, 0644 when new.
  await writeFileAtomically(absolute, text, { expectedFingerprint: file.fingerprint, bom: file.bom, displayName: displayPath, backup: false, newFileMode: 0o644 });
}

/** The fields in the order reauth.yaml documents them; numbers as the loader reads them back. */
export function providerToPlain(fields: ProviderOverride): Record<string, Plain> {
  const out: Record<string, Plain> = {};
  for (const key of PROVIDER_OVERRIDE_KEYS) {
    const value = fields[key];
    if (value === undefined) continue;
    if (typeof value === 'number') out[key] = String(value);
    else if (typeof value === 'string') out[key] = value;
    else if (Array.isArray(value)) out[key] = [...(value as readonly string[])];
    else out[key] = { ...(value as Readonly<Record<string, string>>) };
  }
  return out;
}

/** The text of reauth.yaml with `providers.<id>` added or replaced. Pure: tests call it directly. */
export function withProviderEntry(original: string, id: string, fields: ProviderOverride, displayPath = 'reauth.yaml'): string {
  const opened = openConfigTextForEdit(original, displayPath, { what: `the service ${id}`, next: 'run the wizard again' });
  const { doc, lines, lineCounter } = opened;
  const plain = providerToPlain(fields);
  const edits = planEdits(doc.contents, doc, lines, lineCounter, id, plain, displayPath);
  if (edits.length === 0) return original;
  const result = `${applyLineEdits(lines, edits).join('\n')}\n`;
  const check = parseDocument(result, { prettyErrors: false });
  const readBack = check.errors.length === 0 ? check.getIn(['providers', id], true) : undefined;
  if (!readBack || !plainEqual(nodeToPlain(readBack, check), plain)) throw cannotEdit(displayPath, id, plain, 'the edited file would not read back as intended');
  return restoreLineEnds(result, opened);
}

function planEdits(
  root: unknown,
  doc: Document,
  lines: string[],
  lineCounter: LineCounter,
  id: string,
  plain: Record<string, Plain>,
  displayPath: string,
): LineEdit[] {
  const end = lines.length;
  if (root === null || root === undefined || (isScalar(root) && root.value === null)) {
    // A new file gets the same header as one save-profile starts: it says the file is safe to commit.
    return [{ start: end, end, lines: [...(end === 0 ? HEADER : []), 'version: 1', 'providers:', ...renderEntry(id, plain, 2, 2)] }];
  }
  if (!isMap(root) || root.flow) throw cannotEdit(displayPath, id, plain, 'its top level is not a block mapping');
  const providersPair = root.items.find((pair) => keyOf(pair) === 'providers');
  if (!providersPair) return [{ start: end, end, lines: ['providers:', ...renderEntry(id, plain, 2, 2)] }];

  const providersSpan = pairLineSpan(lines, lineCounter, providersPair);
  if (!providersSpan) throw cannotEdit(displayPath, id, plain, 'providers: does not start its own line');
  const providers = providersPair.value;
  if (!isBlockMap(providers)) {
    const isEmpty = providers === null || (isScalar(providers) && providers.value === null) || (isMap(providers) && providers.items.length === 0);
    if (!isEmpty) throw cannotEdit(displayPath, id, plain, 'providers: is not a block mapping');
    const column = providersSpan.column;
    return [{ start: providersSpan.start, end: providersSpan.end, lines: [`${' '.repeat(column)}providers:`, ...renderEntry(id, plain, column + 2, 2)] }];
  }

  const map = providers as YAMLMap;
  const spans = map.items.map((pair) => pairLineSpan(lines, lineCounter, pair));
  const first = spans[0];
  if (!first || spans.some((span) => !span)) throw cannotEdit(displayPath, id, plain, 'a provider id does not start its own line');
  const column = first.column;
  const indent = Math.max(1, column - providersSpan.column);
  const index = map.items.findIndex((pair) => keyOf(pair) === id);
  if (index < 0) {
    const last = spans[spans.length - 1] as NonNullable<(typeof spans)[number]>;
    return [{ start: last.end, end: last.end, lines: renderEntry(id, plain, column, indent) }];
  }
  if (plainEqual(nodeToPlain((map.items[index] as Pair).value, doc), plain)) return [];
  const span = spans[index] as NonNullable<(typeof spans)[number]>;
  return [{ start: span.start, end: span.end, lines: renderEntry(id, plain, column, indent) }];
}

function cannotEdit(displayPath: string, id: string, plain: Record<string, Plain>, why: string): UserError {
  return new UserError(
    `reauth could not add the service ${id} to ${displayPath} safely (${why}), so the file was left as it was.`,
    `Add it under providers: by hand:\n${renderEntry(id, plain, 2, 2).join('\n')}`,
  );
}

function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}
