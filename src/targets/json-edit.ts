/**
 * Reads and edits JSON token files like the guest house's `main/tokens.json` (SCENARIOS.md 1)
 * by replacing only the text of the values being written: key order, indentation (2 or 4
 * spaces, tabs, or one line), spacing around `:` and the final newline (or its absence) stay.
 */
import { isDeepStrictEqual } from 'node:util';
import { BugError, UserError } from '../errors.js';
import { parseOnce, type EngineOptions, type EngineReadResult, type KeyChange } from './engine-types.js';
import { sameButFor } from './json-same.js';
import { JsonSyntaxError, parseJsonTree, type JsonMember, type JsonNode } from './json-tree.js';
import { detectNewline, duplicateWarning, lineNumberAt } from './text-lines.js';

type JsonObject = Extract<JsonNode, { kind: 'object' }>;
interface Splice {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

export function readJson(text: string, keys: readonly string[], options: EngineOptions = {}): EngineReadResult {
  const fileName = options.fileName ?? 'the JSON file';
  const path = pathOf(options.at);
  const { holder } = locate(parse(text, fileName, path, options), path, fileName);
  const values: Record<string, string> = {};
  const warnings: string[] = [];
  const inconsistent: string[] = [];
  if (!holder) return { values, warnings };
  for (const key of new Set(keys)) {
    const found = holder.members.filter((m) => m.key === key);
    // JSON.parse (and Python's json) keep the last of duplicate keys.
    const last = found[found.length - 1];
    if (last) {
      const value = scalarText(last.value);
      if (value === undefined && last.value.kind !== 'literal') {
        warnings.push(`${key} in ${fileName} holds ${last.value.kind === 'object' ? 'an object' : 'a list'}, not a single value.`);
      } else if (value !== undefined) {
        values[key] = value;
      }
    }
    if (found.length > 1) {
      const lines = found.map((m) => lineNumberAt(text, m.keySpan.start));
      warnings.push(duplicateWarning(key, fileName, lines, options.updating ?? false));
      if (new Set(found.map((m) => text.slice(m.value.start, m.value.end))).size > 1) inconsistent.push(key);
    }
  }
  return { values, warnings, inconsistent };
}

export function editJson(text: string, changes: readonly KeyChange[], options: EngineOptions = {}): string {
  const fileName = options.fileName ?? 'the JSON file';
  const path = pathOf(options.at);
  const root = parse(text, fileName, path, options);
  if (!root) return `${JSON.stringify(nest(path, Object.fromEntries(changes.map((c) => [c.key, c.value]))), null, 2)}\n`;
  const { holder, deepest, missing } = locate(root, path, fileName);
  const splices: Splice[] = [];
  const added: [string, unknown][] = [];
  for (const { key, value } of changes) {
    const found = holder ? holder.members.filter((m) => m.key === key) : [];
    for (const member of found) splices.push({ start: member.value.start, end: member.value.end, text: valueText(value, member.value) });
    if (found.length === 0) added.push([key, value]);
  }
  if (added.length > 0) {
    const entries: [string, unknown][] = holder ? added : [[missing[0] as string, nest(missing.slice(1), Object.fromEntries(added))]];
    const into = holder ?? deepest;
    if (!into) throw new BugError('a parsed JSON object has no place for new keys');
    splices.push(insertMembers(text, into, entries));
  }
  const edited = applySplices(text, splices);
  assertOnlyTheseChanged(text, edited, path, changes, root);
  return edited;
}

/**
 * The tree along `path` only (json-tree.ts): the objects on it with their members, the rest
 * of the file checked but not built — a 2 MB file would otherwise be a 50 MB tree. Parsed
 * once per target while the text stays the same.
 */
/**
 * The text with every splice made, built from the original's pieces in one go: slicing the
 * result of each splice in turn would copy a 2 MB file once per key. Splices never overlap
 * (values of different members; new members after the last one, or in place of `{}`).
 */
function applySplices(text: string, splices: readonly Splice[]): string {
  const pieces: string[] = [];
  let at = 0;
  for (const splice of [...splices].sort((a, b) => a.start - b.start)) {
    pieces.push(text.slice(at, splice.start), splice.text);
    at = splice.end;
  }
  pieces.push(text.slice(at));
  return pieces.join('');
}

function parse(text: string, fileName: string, path: readonly string[], options: EngineOptions): JsonNode | null {
  return parseOnce(options, text, `json\0${fileName}\0${JSON.stringify(path)}`, () => parseWithMessage(text, fileName, path));
}

function parseWithMessage(text: string, fileName: string, path: readonly string[]): JsonNode | null {
  try {
    return parseJsonTree(text, path);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const line = lineNumberAt(text, error.offset);
    const column = error.offset - lineStartOf(text, error.offset) + 1;
    throw new UserError(
      `${fileName} is not valid JSON (line ${line}, column ${column}), so reauth left it untouched.`,
      `fix line ${line} (or point the target at another file) and run reauth again`,
    );
  }
}

/** The object at `path`, or the deepest object that exists and the path segments still missing. */
function locate(root: JsonNode | null, path: readonly string[], fileName: string) {
  if (!root) return { holder: null, deepest: null, missing: [...path] };
  if (root.kind !== 'object') throw notAnObject(fileName, '', root);
  let current: JsonObject = root;
  for (let i = 0; i < path.length; i++) {
    const found = current.members.filter((m) => m.key === path[i]).pop();
    if (!found) return { holder: null, deepest: current, missing: path.slice(i) };
    if (found.value.kind !== 'object') throw notAnObject(fileName, path.slice(0, i + 1).join('.'), found.value);
    current = found.value;
  }
  return { holder: current, deepest: current, missing: [] as string[] };
}

function notAnObject(fileName: string, at: string, node: JsonNode): UserError {
  const what = node.kind === 'array' ? 'a list' : node.kind === 'string' ? 'a string' : `\`${'raw' in node ? node.raw : ''}\``;
  return new UserError(
    `${at ? `${at} in ${fileName}` : fileName} holds ${what}, not an object with keys, so reauth will not write tokens into it.`,
    'check `at:` for this target in reauth.yaml',
  );
}

/** Numbers stay numbers (TTLock's `uid` is one); everything else is written as a string. */
function valueText(value: string, existing: JsonNode): string {
  return existing.kind === 'number' && JSON_NUMBER.test(value) ? value : JSON.stringify(value);
}

function scalarText(node: JsonNode): string | undefined {
  if (node.kind === 'string') return node.value;
  if (node.kind === 'number' || (node.kind === 'literal' && node.raw !== 'null')) return node.raw;
  return undefined;
}

/** New members at the end of `object`, laid out like the members it already has. */
function insertMembers(text: string, object: JsonObject, entries: readonly [string, unknown][]): Splice {
  const newline = detectNewline(text);
  const unit = indentUnit(text);
  const last = object.members[object.members.length - 1];
  const objectIndent = lineIndent(text, object.start);
  if (!last) {
    const inner = entries.map(([key, value]) => `${JSON.stringify(key)}: ${render(value, unit, objectIndent + unit, newline)}`);
    // `{}` alone says nothing about style: lay it out like json.dump(indent=2) would.
    const multiLine = /[\r\n]/.test(text.trim()) || text.trim() === '{}';
    const body = multiLine
      ? `{${newline}${inner.map((m) => objectIndent + unit + m).join(`,${newline}`)}${newline}${objectIndent}}`
      : `{${inner.join(', ')}}`;
    return { start: object.start, end: object.end, text: body };
  }
  const separator = text.slice(last.keySpan.end, last.value.start);
  const multiLine = /[\r\n]/.test(text.slice(object.start, object.members[0]?.keySpan.start));
  const indent = multiLine ? lineIndent(text, last.keySpan.start) : '';
  const members = entries.map(([key, value]) => `${JSON.stringify(key)}${separator}${multiLine ? render(value, unit, indent, newline) : JSON.stringify(value)}`);
  const previous = object.members[object.members.length - 2];
  const inlineJoiner = previous ? text.slice(previous.value.end, last.keySpan.start) : separator.includes(' ') ? ', ' : ',';
  const joiner = multiLine ? `,${newline}${indent}` : inlineJoiner;
  return { start: last.value.end, end: last.value.end, text: joiner + members.join(joiner) };
}

/** `value` as JSON, its nested lines indented from `indent` (JSON.stringify indents from 0). */
function render(value: unknown, unit: string, indent: string, newline: string): string {
  return JSON.stringify(value, null, unit).split('\n').join(newline + indent);
}

/** The file's indentation step: a tab, or the smallest run of leading spaces; 2 when flat. */
function indentUnit(text: string): string {
  let smallest: string | null = null;
  for (const match of text.matchAll(/[\r\n]([ \t]+)\S/g)) {
    const ws = match[1] as string;
    if (ws.startsWith('\t')) return '\t';
    if (smallest === null || ws.length < smallest.length) smallest = ws;
  }
  return smallest ?? '  ';
}

function lineIndent(text: string, offset: number): string {
  return /^[ \t]*/.exec(text.slice(lineStartOf(text, offset)))?.[0] ?? '';
}

/** Offset where the line holding `offset` starts; a lone CR (old Mac files) ends a line too. */
function lineStartOf(text: string, offset: number): number {
  return Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
}

function nest(path: readonly string[], leaf: Record<string, unknown>): Record<string, unknown> {
  return path.reduceRight<Record<string, unknown>>((inner, key) => ({ [key]: inner }), leaf);
}

function pathOf(at: string | undefined): string[] {
  return at ? at.split('.').filter((part) => part !== '') : [];
}

/**
 * The edit is textual, so prove it meant what we wanted: the new text must parse to exactly
 * the old data with the new values set (a mistake here would corrupt someone's file). Read
 * side by side first (json-same.ts); when that cannot tell, by comparing the parsed documents.
 */
function assertOnlyTheseChanged(before: string, after: string, path: readonly string[], changes: readonly KeyChange[], root: JsonNode): void {
  const existing = new Map<string, JsonMember>();
  collectHolderMembers(root, path).forEach((m) => existing.set(m.key, m));
  const wanted = new Map<string, unknown>();
  for (const { key, value } of changes) {
    const member = existing.get(key);
    wanted.set(key, member && member.value.kind === 'number' && JSON_NUMBER.test(value) ? JSON.parse(value) : value);
  }
  if (sameButFor(before, after, path, wanted)) return;
  const expected: unknown = JSON.parse(before);
  let holder = expected as Record<string, unknown>;
  for (const part of path) holder = (holder[part] ??= {}) as Record<string, unknown>;
  for (const { key } of changes) holder[key] = wanted.get(key);
  if (!isDeepStrictEqual(JSON.parse(after), expected)) throw new BugError('JSON edit changed more than the keys being written');
}

function collectHolderMembers(root: JsonNode, path: readonly string[]): readonly JsonMember[] {
  let current: JsonNode | undefined = root;
  for (const part of path) {
    if (current?.kind !== 'object') return [];
    current = current.members.filter((m) => m.key === part).pop()?.value;
  }
  return current?.kind === 'object' ? current.members : [];
}
