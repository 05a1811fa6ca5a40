/**
 * Line-level surgery on a YAML file. save-profile uses the yaml Document API to find nodes and
 * to render new ones, but splices text rather than re-printing the whole document: re-printing
 * normalises spacing and indentation everywhere and even rewrites `org_id: 0123` as `123`.
 * Splicing leaves every byte outside the changed fields as the person wrote it.
 */
import { Document, isMap, isScalar, visit, type LineCounter, type Node, type Pair } from 'yaml';
import type { Plain } from './profile-to-plain.js';

export interface LineEdit {
  /** First line replaced (0-based). */
  readonly start: number;
  /** One past the last line replaced; equal to start for a pure insertion. */
  readonly end: number;
  readonly lines: readonly string[];
}

export function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** 0-based line of an offset. */
export function lineIndex(lineCounter: LineCounter, offset: number): number {
  return lineCounter.linePos(offset).line - 1;
}

/**
 * The lines a block-mapping entry occupies: its key line, then every following line indented
 * deeper than the key (or blank), without trailing blank lines. A comment at the key's own
 * indentation belongs to the next entry, so it stays when this entry is replaced or removed.
 */
export function pairLineSpan(lines: readonly string[], lineCounter: LineCounter, pair: Pair): { start: number; end: number; column: number } | undefined {
  const key = pair.key as Node | null;
  if (!key?.range) return undefined;
  const start = lineIndex(lineCounter, key.range[0]);
  const keyLine = lines[start] ?? '';
  const column = indentOf(keyLine);
  // Only entries whose key starts its own line (`  name:`) can be cut out by lines.
  if (lineCounter.linePos(key.range[0]).col - 1 !== column) return undefined;
  let end = start + 1;
  while (end < lines.length && (isBlank(lines[end] as string) || indentOf(lines[end] as string) > column)) end++;
  const value = pair.value as Node | null;
  if (value?.range && value.range[1] > value.range[0]) end = Math.max(end, lineIndex(lineCounter, value.range[1] - 1) + 1);
  while (end > start + 1 && isBlank(lines[end - 1] as string)) end--;
  return { start, end, column };
}

/** `key: value` as YAML lines at `column`, lists of plain values in flow style (`scopes: [a, b]`). */
export function renderEntry(key: string, value: Plain, column: number, indent: number): string[] {
  const doc = new Document({ [key]: value });
  visit(doc, {
    Seq(_, node) {
      if (node.items.every((item) => isScalar(item))) node.flow = true;
    },
  });
  const text = doc.toString({ indent, lineWidth: 0, flowCollectionPadding: false });
  const prefix = ' '.repeat(column);
  return text.replace(/\n$/, '').split('\n').map((line) => (line === '' ? '' : prefix + line));
}

/**
 * Applies non-overlapping edits bottom-up, so earlier line numbers stay valid. At one line, a
 * replacement goes first and insertions then stack above it, the first-listed ending on top.
 */
export function applyLineEdits(lines: readonly string[], edits: readonly LineEdit[]): string[] {
  const out = [...lines];
  const ordered = edits
    .map((edit, index) => ({ edit, index }))
    .sort((a, b) => b.edit.start - a.edit.start || (b.edit.end - b.edit.start) - (a.edit.end - a.edit.start) || b.index - a.index);
  for (const { edit } of ordered) out.splice(edit.start, edit.end - edit.start, ...edit.lines);
  return out;
}

/** Whether a node is a block (not `{ … }`) mapping with at least one entry. */
export function isBlockMap(node: unknown): boolean {
  return isMap(node) && !node.flow && node.items.length > 0;
}
