/**
 * Reads and edits YAML configs like the weather dashboard's `config.yaml` (SCENARIOS.md 2)
 * with the `yaml` package's Document API for understanding the file, but writes by replacing
 * only the source text of the scalars being changed (their node `range`), and by inserting
 * whole new lines for new keys. Re-stringifying the Document would re-indent sequences,
 * respace comments and rewrap flow mappings all over a person's carefully kept file.
 */
import { isDeepStrictEqual } from 'node:util';
import { isAlias, isMap, isScalar, parseDocument, Scalar, type Document, type Pair, type YAMLMap } from 'yaml';
import { BugError, UserError } from '../errors.js';
import type { EngineOptions, EngineReadResult, KeyChange } from './engine-types.js';
import { appendLines, detectNewline } from './text-lines.js';
import { parsedYaml } from './yaml-parse.js';
import { formatKey, formatScalar, isSafePlain, resolvedValue } from './yaml-scalar.js';

interface Splice {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Where `at` leads: the mapping itself, or how far the file gets and what is missing. */
interface Located {
  readonly holder: YAMLMap | null;
  /** Deepest existing mapping along the path (null: the document is empty). */
  readonly deepest: YAMLMap | null;
  /** Set when the path ends at `key:` with no value (or `~`): the new mapping goes under it. */
  readonly emptyPair: Pair | null;
  readonly missing: readonly string[];
}

/**
 * The yaml package reads CRLF and LF but not a lone CR (old Mac files), which it would call a
 * syntax error on line 1. A file that uses CR only is read as LF (same length, so every
 * offset still fits) and its edit turned back into CR.
 */
function usesCrOnly(text: string): boolean {
  return text.includes('\r') && !text.includes('\n');
}

export function readYaml(text: string, keys: readonly string[], options: EngineOptions = {}): EngineReadResult {
  if (usesCrOnly(text)) return readYaml(text.replace(/\r/g, '\n'), keys, options);
  const fileName = options.fileName ?? 'the YAML file';
  const path = pathOf(options.at);
  const parse = parsedYaml(text, fileName, options, path);
  const doc = parse.doc;
  const { holder } = locate(doc, path, fileName);
  const values: Record<string, string> = {};
  const warnings: string[] = [];
  for (const key of new Set(keys)) {
    const pair = holder ? findPair(holder, key) : undefined;
    if (!pair) continue;
    const node = isAlias(pair.value) ? pair.value.resolve(doc) : pair.value;
    if (isAlias(pair.value)) {
      warnings.push(`${key} in ${fileName} is an alias (*${pair.value.source}); writing gives it its own value instead.`);
    } else if (isScalar(pair.value) && pair.value.anchor && parse.hasAliases(pair.value.anchor)) {
      warnings.push(`${key} in ${fileName} carries the anchor &${pair.value.anchor}: every *${pair.value.anchor} in the file follows its value.`);
    }
    if (isScalar(node)) {
      const value = scalarText(node);
      if (value !== undefined) values[key] = value;
    } else if (node) {
      warnings.push(`${key} in ${fileName} holds ${isMap(node) ? 'a mapping' : 'a list'}, not a single value.`);
    }
  }
  return { values, warnings };
}

export function editYaml(text: string, changes: readonly KeyChange[], options: EngineOptions = {}): string {
  if (usesCrOnly(text)) return editYaml(text.replace(/\r/g, '\n'), changes, options).replace(/\n/g, '\r');
  const fileName = options.fileName ?? 'the YAML file';
  const path = pathOf(options.at);
  const parse = parsedYaml(text, fileName, options, path);
  const first = planEdit(text, parse.doc, path, changes, fileName);
  if (first.proven && first.added.length === 0 && parse.aliasesResolve()) return applySplices(text, first.splices);
  // Anything else is checked against (and may be written from) the whole document.
  const doc = parse.full();
  const plan = parse.outlined ? planEdit(text, doc, path, changes, fileName) : first;
  return editThoroughly(text, doc, path, plan.located, changes, plan.splices, plan.added, plan.intended);
}

interface EditPlan {
  readonly located: Located;
  /** New text for the values being replaced. */
  readonly splices: readonly Splice[];
  /** Keys that are not there yet. */
  readonly added: readonly KeyChange[];
  /** What each key should read back as (a number stays a number). */
  readonly intended: Map<string, string | number>;
  /** Every replacement is a one-line scalar edit that provenInPlace() vouched for. */
  readonly proven: boolean;
}

function planEdit(text: string, doc: Document.Parsed, path: readonly string[], changes: readonly KeyChange[], fileName: string): EditPlan {
  const located = locate(doc, path, fileName);
  const splices: Splice[] = [];
  const added: KeyChange[] = [];
  const intended = new Map<string, string | number>();
  let proven = located.holder !== null && keyedByStrings(doc, path) && doc.directives?.yaml.version === '1.2';

  for (const change of changes) {
    const pair = located.holder ? findPair(located.holder, change.key) : undefined;
    const node = pair?.value;
    if (!pair || node === null || node === undefined) {
      added.push(change);
      continue;
    }
    if (!isScalar(node) && !isAlias(node)) {
      throw new UserError(
        `${change.key} in ${fileName} holds ${isMap(node) ? 'a mapping' : 'a list'}, not a single value, so reauth will not replace it.`,
        'check `keys:` and `at:` for this target in reauth.yaml',
      );
    }
    const keepNumber = isScalar(node) && typeof node.value === 'number';
    const style = isScalar(node) ? (node.type ?? Scalar.PLAIN) : Scalar.PLAIN;
    const splice = replaceValue(text, node.range, formatScalar(change.value, style, located.holder?.flow ?? false, keepNumber));
    splices.push(splice);
    proven &&= !intended.has(change.key) && provenInPlace(text, located.holder as YAMLMap, pair, splice, resolvedValue(change.value, keepNumber));
    intended.set(change.key, resolvedValue(change.value, keepNumber));
  }
  return { located, splices, added, intended, proven };
}

/**
 * The general case, checked against the whole document: the text-level edit is kept when the
 * edited file parses to exactly the intended data; otherwise (`{netatmo: ~}`, or an edit that
 * did not check out) the Document API writes it, keeping comments and order but maybe respacing.
 * Parsing the edited file again costs as much as the first parse, hence provenInPlace() first.
 */
function editThoroughly(
  text: string,
  doc: Document.Parsed,
  path: readonly string[],
  located: Located,
  changes: readonly KeyChange[],
  replaced: readonly Splice[],
  added: readonly KeyChange[],
  intended: Map<string, string | number>,
): string {
  const newline = detectNewline(text);
  const splices = [...replaced];
  const expected = doc.clone();
  let surgical = true;
  for (const change of changes) {
    if (!added.includes(change)) expected.setIn([...path, change.key], intended.get(change.key));
  }
  if (added.length > 0) {
    openEmptyPair(expected, path, located);
    for (const change of added) {
      intended.set(change.key, change.value);
      expected.setIn([...path, change.key], change.value);
    }
    const insertion = insertLines(text, located, added, newline);
    if (insertion) splices.push(insertion);
    else surgical = false;
  }

  if (surgical) {
    const edited = applySplices(text, splices);
    if (meansExactly(edited, expected)) return edited;
  }
  const restringified = restringify(doc, path, located, intended, newline);
  if (meansExactly(restringified, expected)) return restringified;
  throw new BugError('YAML edit did not produce the intended values');
}

function applySplices(text: string, splices: readonly Splice[]): string {
  let edited = text;
  for (const splice of [...splices].sort((a, b) => b.start - a.start)) {
    edited = edited.slice(0, splice.start) + splice.text + edited.slice(splice.end);
  }
  return edited;
}

/**
 * Whether replacing one scalar's text provably means exactly "this key now holds `intended`,
 * nothing else changed" — what meansExactly() would find by parsing the whole edited file —
 * judged from its line alone. That holds for `key: value  # comment` in a block mapping, key
 * and value on one line that starts with the key, neither with an anchor or tag: the yaml
 * lexer starts that line in the same state whatever the value, and after a one-line plain or
 * quoted scalar it ends the line in the same state too (the `:` fixed the indentation the next
 * lines are measured against). So the edited line alone must parse, cleanly, to that one key
 * holding `intended`, the new scalar spanning exactly the new text. Anything else
 * (`key:` with no value, aliases, block scalars, flow mappings, `<<`) is left to editThoroughly().
 */
function provenInPlace(text: string, holder: YAMLMap, pair: Pair, splice: Splice, intended: string | number): boolean {
  const { key, value } = pair;
  if (holder.flow || !isScalar(key) || typeof key.value !== 'string' || key.value === '<<' || key.anchor || key.tag || !key.range) return false;
  if (!isScalar(value) || value.anchor || value.tag || !value.range) return false;
  if (value.type !== Scalar.PLAIN && value.type !== Scalar.QUOTE_SINGLE && value.type !== Scalar.QUOTE_DOUBLE) return false;
  if (splice.start === splice.end || /[\r\n]/.test(splice.text)) return false;
  const lineStart = text.lastIndexOf('\n', key.range[0] - 1) + 1;
  let lineEnd = text.indexOf('\n', splice.end);
  if (lineEnd === -1) lineEnd = text.length;
  if (text[lineEnd - 1] === '\r') lineEnd -= 1;
  const before = text.slice(lineStart, splice.start);
  const after = text.slice(splice.end, lineEnd);
  if (!/^ *[^ \r\n][^\r\n]*$/.test(before) || /[\r\n]/.test(after) || !/^ *$/.test(text.slice(lineStart, key.range[0]))) return false;
  const line = parseDocument(before + splice.text + after, { uniqueKeys: false });
  const map = line.contents;
  if (line.errors.length > 0 || !isMap(map) || map.flow || map.items.length !== 1) return false;
  const only = map.items[0] as Pair;
  const scalar = only.value;
  if (!isScalar(only.key) || only.key.value !== key.value || !isScalar(scalar) || scalar.anchor || scalar.tag || !scalar.range) return false;
  return scalar.range[0] === before.length && scalar.range[1] === before.length + splice.text.length && isDeepStrictEqual(scalar.value, intended);
}

/** Each step of `at` is a string key, as Document.setIn (and so meansExactly's `expected`) finds it. */
function keyedByStrings(doc: Document.Parsed, path: readonly string[]): boolean {
  let current: unknown = doc.contents;
  for (const segment of path) {
    const pair = isMap(current) ? findPair(current, segment) : undefined;
    if (!pair || !isScalar(pair.key) || typeof pair.key.value !== 'string') return false;
    current = pair.value;
  }
  return true;
}

function locate(doc: Document.Parsed, path: readonly string[], fileName: string): Located {
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { holder: null, deepest: null, emptyPair: null, missing: path };
  if (!isMap(root)) throw notAMapping(fileName, '');
  let current: YAMLMap = root;
  for (let i = 0; i < path.length; i++) {
    const pair = findPair(current, path[i] as string);
    if (!pair) return { holder: null, deepest: current, emptyPair: null, missing: path.slice(i) };
    const value = pair.value;
    const where = path.slice(0, i + 1).join('.');
    if (value === null || (isScalar(value) && value.value === null)) {
      return { holder: null, deepest: current, emptyPair: pair, missing: path.slice(i + 1) };
    }
    if (isAlias(value)) {
      throw new UserError(
        `${where} in ${fileName} is an alias (*${value.source}); reauth will not write through it into the anchored mapping.`,
        'give it its own mapping, or point `at:` at the anchored one',
      );
    }
    if (!isMap(value)) throw notAMapping(fileName, where);
    current = value;
  }
  return { holder: current, deepest: current, emptyPair: null, missing: [] };
}

function notAMapping(fileName: string, at: string): UserError {
  return new UserError(
    `${at ? `${at} in ${fileName}` : `The top of ${fileName}`} is not a mapping of keys, so reauth will not write tokens into it.`,
    'check `at:` for this target in reauth.yaml',
  );
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === key);
}

function scalarText(node: Scalar): string | undefined {
  if (node.value === null || node.value === undefined) return undefined;
  if (typeof node.value === 'string') return node.value;
  // Plain `0123` or `600001`: the text as written, not the number YAML makes of it.
  return node.type === Scalar.PLAIN && node.source !== undefined ? node.source : String(node.value);
}

/** `netatmo:` with no value: give it an (empty) mapping, so setIn can fill it. */
function openEmptyPair(doc: Document, path: readonly string[], located: Located): void {
  if (located.emptyPair) doc.setIn(path.slice(0, path.length - located.missing.length), doc.createNode({}));
}

/** Replace a scalar's (or alias's) source text; `key:` with nothing after it gets ` value`. */
function replaceValue(text: string, range: readonly number[] | null | undefined, formatted: string): Splice {
  if (!range) throw new BugError('a parsed YAML node has no source range');
  const start = range[0] as number;
  // Block scalars (`|`) own their final line break; keep it for the lines that follow.
  const end = start + text.slice(start, range[1]).replace(/\s+$/, '').length;
  if (start === end && text[start - 1] === ':') return { start, end, text: ` ${formatted}` };
  return { start, end, text: formatted };
}

/**
 * New keys as whole new lines at the end of the mapping (creating the mappings `at` still
 * needs), indented like its existing keys. Null when the shape needs the Document API.
 */
function insertLines(text: string, located: Located, added: readonly KeyChange[], newline: string): Splice | null {
  const { holder, deepest, emptyPair, missing } = located;
  const into = holder ?? deepest;
  if (into?.flow) {
    if (emptyPair) return null;
    let entries = added.map((c) => `${formatKey(c.key, true)}: ${formatScalar(c.value, Scalar.PLAIN, true)}`).join(', ');
    for (const segment of [...missing].reverse()) entries = `${formatKey(segment, true)}: {${entries}}`;
    const last = into.items[into.items.length - 1];
    const lastEnd = last ? ((last.value as Scalar | null)?.range?.[1] ?? (last.key as Scalar).range?.[1]) : undefined;
    if (lastEnd !== undefined) return { start: lastEnd, end: lastEnd, text: `, ${entries}` };
    const open = text.indexOf('{', into.range?.[0] ?? 0);
    return { start: open + 1, end: open + 1, text: entries };
  }
  const unit = indentUnit(text);
  const anchorPair = emptyPair ?? into?.items[into.items.length - 1];
  const baseIndent = anchorPair ? ' '.repeat(columnOf(text, (anchorPair.key as Scalar).range?.[0] ?? 0)) : '';
  const lines: string[] = [];
  let indent = emptyPair ? baseIndent + unit : baseIndent;
  for (const segment of missing) {
    lines.push(`${indent}${formatKey(segment, false)}:`);
    indent += unit;
  }
  for (const c of added) lines.push(`${indent}${formatKey(c.key, false)}: ${formatScalar(c.value, Scalar.PLAIN, false)}`);
  const block = lines.map((line) => line + newline).join('');
  if (!anchorPair) return { start: text.length, end: text.length, text: appendLines(text, block, newline).slice(text.length) };
  const after = emptyPair ? emptyPair.key : anchorPair.value ?? anchorPair.key;
  const range = (after as Scalar).range;
  let start = range?.[1] ?? 0;
  let end = start;
  // `netatmo: ~` / `netatmo: null`: the explicit null gives way to the new mapping.
  if (emptyPair && isScalar(emptyPair.value) && emptyPair.value.range) {
    start = emptyPair.value.range[0];
    end = emptyPair.value.range[1];
  }
  const lineEnd = text[end - 1] === '\n' ? end : text.indexOf('\n', end) + 1;
  if (lineEnd === 0) return { start, end: text.length, text: text.slice(end) + newline + block };
  return { start, end: lineEnd, text: text.slice(end, lineEnd) + block };
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** The file's indentation step: the smallest indentation of a content line; 2 when flat. */
function indentUnit(text: string): string {
  let smallest = 0;
  for (const match of text.matchAll(/^( +)[^\s#-]/gm)) {
    const width = (match[1] as string).length;
    if (smallest === 0 || width < smallest) smallest = width;
  }
  return ' '.repeat(smallest || 2);
}

function restringify(doc: Document.Parsed, path: readonly string[], located: Located, intended: ReadonlyMap<string, string | number>, newline: string): string {
  const copy = doc.clone();
  openEmptyPair(copy, path, located);
  for (const [key, value] of intended) {
    const node = copy.getIn([...path, key], true);
    // Setting the Scalar's value (not replacing the node) keeps its comment and quote style.
    const scalar = isScalar(node) && node.value !== null ? node : (copy.createNode(value) as Scalar);
    scalar.value = value;
    if (typeof value === 'string' && (scalar.type ?? Scalar.PLAIN) === Scalar.PLAIN && !isSafePlain(value, false)) {
      scalar.type = Scalar.QUOTE_SINGLE;
    }
    if (scalar !== node) copy.setIn([...path, key], scalar);
  }
  const text = copy.toString();
  return newline === '\n' ? text : text.replace(/\r?\n/g, newline);
}

/** The edited text must parse cleanly to exactly the intended data (`expected`). */
function meansExactly(edited: string, expected: Document): boolean {
  const reparsed = parseDocument(edited, { uniqueKeys: false });
  // The file is the person's own config, not untrusted input: a config with more than the
  // yaml package's default 100 aliases of one anchor (`<<: *defaults` in every service) is normal.
  const plain = { maxAliasCount: -1 };
  return reparsed.errors.length === 0 && isDeepStrictEqual(reparsed.toJS(plain), expected.toJS(plain));
}

function pathOf(at: string | undefined): string[] {
  return at ? at.split('.').filter((part) => part !== '') : [];
}
