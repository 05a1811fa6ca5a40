/**
 * Parsing a YAML target file, with errors a person can act on: the file and line, never the
 * file's contents (yaml's messages quote the source, and a config file holds secrets).
 */
import { isAlias, isScalar, parseDocument, visit, type Document } from 'yaml';
import { UserError } from '../errors.js';
import { parseOnce, type EngineOptions } from './engine-types.js';
import { lineNumberAt } from './text-lines.js';
import { outlineYaml, type YamlOutline } from './yaml-outline.js';

/** A target file's YAML, parsed as little and as seldom as its edits allow. */
export interface YamlParse {
  /**
   * The document to read `at` from: the outline's when the file has one (yaml-outline.ts:
   * the lines on the way to `at` and the mapping there, every range an offset in the file),
   * otherwise the whole file's.
   */
  readonly doc: Document.Parsed;
  /** Whether `doc` is the outline's (lines left out) rather than the whole file's. */
  readonly outlined: boolean;
  /** The whole file's document, parsed on first use. */
  full(): Document.Parsed;
  /** Some `*anchor` in the file refers to `&anchor`. */
  hasAliases(anchor: string): boolean;
  /** Every alias follows its anchor: a file where one does not fails only when its data is built. */
  aliasesResolve(): boolean;
}

/** The parse for this text and `at`, made once per target while the text stays the same. */
export function parsedYaml(text: string, fileName: string, options: EngineOptions, path: readonly string[]): YamlParse {
  return parseOnce(options, text, `yaml\0${fileName}\0${JSON.stringify(path)}`, () => {
    let whole: Document.Parsed | undefined;
    const full = () => (whole ??= parseYaml(text, fileName));
    const outline = outlineYaml(text, path);
    const doc = outline ? outlineDocument(outline) : null;
    if (outline && doc) {
      return { doc, outlined: true, full, hasAliases: (anchor) => outline.aliased.has(anchor), aliasesResolve: () => outline.aliasesResolve };
    }
    const parsed = full();
    let resolve: boolean | undefined;
    return { doc: parsed, outlined: false, full, hasAliases: (anchor) => hasAliases(parsed, anchor), aliasesResolve: () => (resolve ??= aliasesResolve(parsed)) };
  });
}

/** The outline's document with every range moved to where its line is in the file; null if it does not parse cleanly. */
function outlineDocument(outline: YamlOutline): Document.Parsed | null {
  const doc = parseDocument(outline.text, { uniqueKeys: false });
  if (doc.errors.length > 0 || findDuplicateKey(doc) !== null) return null;
  visit(doc, {
    Node(_, node) {
      if (node.range) node.range = node.range.map((offset) => outline.toFile(offset)) as typeof node.range;
      return undefined;
    },
  });
  return doc;
}

function hasAliases(doc: Document.Parsed, anchor: string): boolean {
  let found = false;
  visit(doc, {
    Alias(_, node) {
      if (node.source !== anchor) return undefined;
      found = true;
      return visit.BREAK;
    },
  });
  return found;
}

/**
 * Every `*alias` follows its `&anchor`. The yaml package parses a file whose alias comes
 * first (or has no anchor) without an error, and only fails when it builds the data, as
 * yaml-edit.ts's whole-document check does: such a file must still take that path and fail there.
 */
function aliasesResolve(doc: Document.Parsed): boolean {
  const anchors = new Set<string>();
  let resolves = true;
  visit(doc, {
    Node(_, node) {
      if (isAlias(node)) {
        if (anchors.has(node.source)) return undefined;
        resolves = false;
        return visit.BREAK;
      }
      if (node.anchor) anchors.add(node.anchor);
      return undefined;
    },
  });
  return resolves;
}

/** The document, or UserError naming file, line and column (duplicate keys included). */
export function parseYaml(text: string, fileName: string): Document.Parsed {
  // yaml's own unique-key check compares every key with every other: 15 s for a 20 000-key
  // mapping. findDuplicateKey() does the same job in one pass.
  const doc = parseDocument(text, { uniqueKeys: false });
  const problem = doc.errors[0];
  if (problem) {
    const [line, column] = problem.linePos?.[0] ? [problem.linePos[0].line, problem.linePos[0].col] : [1, 1];
    // The first line only: later lines of yaml's message quote the file, which may hold secrets.
    const reason = (problem.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw unparseable(fileName, line, column, reason);
  }
  const duplicate = findDuplicateKey(doc);
  if (duplicate !== null) {
    throw unparseable(fileName, lineNumberAt(text, duplicate), duplicate - text.lastIndexOf('\n', duplicate - 1), 'Map keys must be unique');
  }
  return doc;
}

function unparseable(fileName: string, line: number, column: number, reason: string): UserError {
  return new UserError(
    `${fileName} could not be read as YAML (line ${line}, column ${column}: ${reason}), so reauth left it untouched.`,
    `fix line ${line} (or point the target at another file) and run reauth again`,
  );
}

/** Offset of the first key repeated within one mapping, or null. */
function findDuplicateKey(doc: Document.Parsed): number | null {
  let found: number | null = null;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const identity = `${typeof pair.key.value}:${String(pair.key.value)}`;
        if (seen.has(identity)) {
          found = pair.key.range?.[0] ?? 0;
          return visit.BREAK;
        }
        seen.add(identity);
      }
      return undefined;
    },
  });
  return found;
}
