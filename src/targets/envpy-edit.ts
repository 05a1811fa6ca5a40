/**
 * Reads and edits Python settings files like the guest house's `env.py` (SCENARIOS.md 1):
 * `os.environ.setdefault('NAME', 'value')` lines amid imports, functions and `if DEBUG:`
 * blocks. The file is never executed; only plain string literals in three assignment forms
 * are rewritten, keeping each line's quote style, spacing and comment. A key assigned any
 * other way (f-string, concatenation, a call…) is refused rather than guessed at.
 */
import { UserError } from '../errors.js';
import { parseOnce, type EngineOptions, type EngineReadResult, type KeyChange } from './engine-types.js';
import { groupNewKeys, locateKeys, type KeyLocation } from './new-key-placement.js';
import { assignmentsOfKey, hasOnlyLfLines, LineNumbers, linesContaining, rewriteLines, type LineRewrite, type TextLine } from './key-lines.js';
import { appendLines, detectNewline, duplicateWarning, insertAfter, joinLines, splitLines, type SourceLine } from './text-lines.js';
import { parsePythonValue, pythonStringLiteral } from './python-literal.js';

type Form = 'setdefault' | 'item' | 'name';

interface PyAssignment {
  readonly key: string;
  /** 0-based line index. */
  readonly line: number;
  /** Where that line starts in the text, and what it says (without its ending). */
  readonly start: number;
  readonly content: string;
  readonly form: Form;
  /** Text before the string literal (indentation, `os.environ.setdefault('K', `…). */
  readonly head: string;
  /** Text after it (`)`, spacing, `# comment`). */
  readonly tail: string;
  readonly prefix: string;
  readonly quote: "'" | '"';
  readonly value: string;
  /** Why the value cannot be rewritten, as "is set from …". */
  readonly unsafe?: string;
  /** `K = os.getenv('K')`: reads the variable back, harmless once an assignment precedes it. */
  readonly readsItself?: boolean;
}

const FORMS: readonly { form: Form; pattern: RegExp; key: number }[] = [
  { form: 'setdefault', pattern: /^([ \t]*(?:os\.)?environ\.setdefault\(\s*(['"])([^'"\\]+)\2\s*,\s*)/, key: 3 },
  { form: 'item', pattern: /^([ \t]*(?:os\.)?environ\[\s*(['"])([^'"\\]+)\2\s*\]\s*=(?!=)\s*)/, key: 3 },
  { form: 'name', pattern: /^([ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*=(?!=)[ \t]*)/, key: 2 },
];
const CLOSES_CALL = /^\s*\)\s*(#.*)?$/;
const ENDS_LINE = /^\s*(#.*)?$/;
/** Global: suspiciousMentions() walks it with exec(), resetting lastIndex first. */
const QUOTED_NAME = /(['"])([A-Za-z_][A-Za-z0-9_]*)\1/g;
const IMPORTS_OS = /^[ \t]*import[ \t]+(?:[\w.]+[ \t]*,[ \t]*)*os[ \t]*(?:,|#|$)/m;

export function readEnvpy(text: string, keys: readonly string[], options: EngineOptions = {}): EngineReadResult {
  const fileName = options.fileName ?? 'env.py';
  const parsed = parsedEnvpy(text, options);
  const values: Record<string, string> = {};
  const warnings: string[] = [];
  const inconsistent: string[] = [];
  for (const key of new Set(keys)) {
    const mine = assignmentsOf(parsed, key);
    const editable = mine.filter((a) => !a.unsafe);
    const winner = effectiveAssignment(editable);
    if (winner) values[key] = winner.value;
    if (editable.length > 1) {
      warnings.push(duplicateWarning(key, fileName, editable.map((a) => a.line + 1), options.updating ?? false));
      if (new Set(editable.map((a) => a.value)).size > 1) inconsistent.push(key);
    }
    for (const a of mine) {
      if (a.unsafe && !a.readsItself) {
        warnings.push(`${key} in ${fileName} (line ${a.line + 1}) ${a.unsafe}; reauth cannot read or rewrite that line.`);
      }
    }
  }
  return { values, warnings, inconsistent };
}

export function editEnvpy(text: string, changes: readonly KeyChange[], options: EngineOptions = {}): string {
  const fileName = options.fileName ?? 'env.py';
  const parsed = parsedEnvpy(text, options);
  const newline = detectNewline(text);
  // A key with no plain assignment yet is added, next to others: that needs every line's parse.
  const full = changes.some(({ key }) => assignmentsOf(parsed, key).every((a) => a.unsafe)) ? everyAssignment(parsed) : undefined;
  // New lines join the last setdefault block at the top level: one inside `if DEBUG:` would set
  // the key only there (the old behaviour's fallback when every setdefault is indented).
  const setdefaults = full ? full.assignments.filter((a) => a.form === 'setdefault' && !a.unsafe) : [];
  const topLevel = setdefaults.filter((a) => !/^[ \t]/.test(a.content));
  const block = topLevel.at(-1) ?? setdefaults.at(-1);
  const added: KeyChange[] = [];
  const rewrites = new Map<number, LineRewrite & { readonly line: number }>();

  for (const { key, value } of changes) {
    const mine = assignmentsOf(parsed, key);
    const editable = mine.filter((a) => !a.unsafe);
    const firstSet = Math.min(...editable.map((a) => a.line), editable.length === 0 && block ? block.line : Infinity);
    for (const a of mine) {
      if (!a.unsafe || (a.readsItself && firstSet < a.line)) continue;
      throw new UserError(
        `${key} in ${fileName} (line ${a.line + 1}) ${a.unsafe}, which reauth cannot rewrite safely; nothing was written.`,
        `make line ${a.line + 1} a plain string, like os.environ.setdefault('${key}', '...'), and run reauth again`,
      );
    }
    for (const a of editable) {
      if (/^[rR]/.test(a.prefix) && /[\\\r\n'"]/.test(value)) {
        throw new UserError(
          `${key} in ${fileName} (line ${a.line + 1}) is a raw string (r'…'), which cannot hold the new value; nothing was written.`,
          `remove the r before the quote on line ${a.line + 1} and run reauth again`,
        );
      }
      rewrites.set(a.line, { line: a.line, start: a.start, length: a.content.length, content: a.head + a.prefix + pythonStringLiteral(value, a.quote) + a.tail });
    }
    if (editable.length === 0) added.push({ key, value });
  }
  // Every key already there: only its lines change, and the rest of the text is copied as is.
  if (added.length === 0 || !full) return rewriteLines(text, rewrites.values());
  // A copy: the parse is shared with later calls (engine-types.ts ParseMemo).
  const lines = [...full.lines];
  for (const { line, content } of rewrites.values()) lines[line] = { content, eol: (lines[line] as SourceLine).eol };
  if (block) {
    // Next to a sibling or a related prefix among the top-level setdefaults, else after the block.
    const anchors = topLevel.map((a) => ({ key: a.key, lastLine: a.line }));
    const groups = [...groupNewKeys(added, anchors, options.siblings ?? [])].map(([at, group]) => [at === 'end' ? block.line : at, group] as const);
    const byLine = new Map<number, KeyChange[]>();
    for (const [at, group] of groups) byLine.set(at, [...(byLine.get(at) ?? []), ...group]);
    // From the bottom up, so an insertion never moves a line a later one is anchored to.
    for (const [at, group] of [...byLine].sort(([a], [b]) => b - a)) {
      const style = setdefaults.find((a) => a.line === at) ?? block;
      insertAfter(lines, at, group.map(({ key, value }) => newSetdefault(key, value, style)), newline);
    }
    return joinLines(lines);
  }
  // No setdefault block: append, importing os first if the file never does (a NameError otherwise).
  const imports = IMPORTS_OS.test(text) ? '' : `import os${newline}${text.trim() === '' ? newline : ''}`;
  return appendLines(joinLines(lines), imports + added.map(({ key, value }) => newSetdefault(key, value, undefined) + newline).join(''), newline);
}

/** The places of `keys` (each one's first assignment) in `text`: what the preview says. */
export function locateEnvpy(text: string, keys: readonly string[], options: EngineOptions = {}): ReadonlyMap<string, KeyLocation> {
  return locateKeys(everyAssignment(parsedEnvpy(text, options)).assignments, keys);
}

/** `os.environ[K] = …` overrides; otherwise the first setdefault wins; a bare `K = …` last. */
function effectiveAssignment(editable: readonly PyAssignment[]): PyAssignment | undefined {
  const items = editable.filter((a) => a.form === 'item');
  if (items.length > 0) return items[items.length - 1];
  const setdefault = editable.find((a) => a.form === 'setdefault');
  return setdefault ?? editable[editable.length - 1];
}

/** A new line styled like the setdefault block it joins (indentation, `os.` prefix, quotes). */
function newSetdefault(key: string, value: string, block: PyAssignment | undefined): string {
  if (!block) return `os.environ.setdefault('${key}', ${pythonStringLiteral(value, "'")})`;
  const { content } = block;
  const indent = /^[ \t]*/.exec(content)?.[0] ?? '';
  const callee = /(?:os\.)?environ\.setdefault\(/.exec(content)?.[0] ?? 'os.environ.setdefault(';
  const keyQuote = /setdefault\(\s*(['"])/.exec(content)?.[1] ?? "'";
  return `${indent}${callee}${keyQuote}${key}${keyQuote}, ${pythonStringLiteral(value, block.quote)})`;
}

interface ParsedEnvpy {
  readonly text: string;
  /** The line-by-line parse of the whole file: made when a key is added or located, or the text has a CR. */
  full?: FullParse;
  /** Numbers the lines key searches find (key-lines.ts), one count for the text. */
  readonly lineNumbers: LineNumbers;
  /** The triple-quoted stretches of an LF text (found on first use), whose lines are text, not code. */
  insideStrings?: readonly TripleQuoted[];
  /**
   * The assignments of the keys asked about so far, in file order. Filled on demand: a refresh
   * asks for three keys of thousands, and indexing them all cost more than the whole edit. The
   * parse is shared (ParseMemo), and this cache only ever adds what the text already says.
   */
  readonly byKey: Map<string, readonly PyAssignment[]>;
}

interface FullParse {
  readonly lines: readonly SourceLine[];
  readonly assignments: readonly PyAssignment[];
}

/** Lines inside one triple-quoted string: from the start of the first to the start of the last. */
interface TripleQuoted {
  readonly from: number;
  readonly to: number;
}

function parsedEnvpy(text: string, options: EngineOptions): ParsedEnvpy {
  return parseOnce(options, text, 'envpy', () => {
    const parsed: ParsedEnvpy = { text, lineNumbers: new LineNumbers(text), byKey: new Map() };
    // A CR ends lines too, which the key search does not know: parse line by line.
    if (!hasOnlyLfLines(text)) everyAssignment(parsed);
    return parsed;
  });
}

function everyAssignment(parsed: ParsedEnvpy): FullParse {
  if (!parsed.full) {
    const lines = splitLines(parsed.text);
    parsed.full = { lines, assignments: parseEnvpy(lines) };
  }
  return parsed.full;
}

function assignmentsOf(parsed: ParsedEnvpy, key: string): readonly PyAssignment[] {
  return assignmentsOfKey(parsed, key, () => searchAssignments(parsed, key));
}

/**
 * What parseEnvpy finds for `key`, looking only at the lines that name it (every form that
 * sets a key, and every mention suspiciousMentions reports, has the name in the line).
 */
function searchAssignments(parsed: ParsedEnvpy, key: string): PyAssignment[] {
  parsed.insideStrings ??= tripleQuotedStretches(parsed.text, parsed.lineNumbers);
  const inside = parsed.insideStrings;
  const found: PyAssignment[] = [];
  for (const { start, index, content } of linesContaining(parsed.text, key, parsed.lineNumbers)) {
    if (inside.some(({ from, to }) => start >= from && start <= to)) continue;
    for (const a of lineAssignments(content, index, start)) if (a.key === key) found.push(a);
  }
  return found;
}

function parseEnvpy(lines: readonly SourceLine[]): PyAssignment[] {
  const skip = linesInsideTripleQuotes(lines);
  const found: PyAssignment[] = [];
  let start = 0;
  lines.forEach(({ content, eol }, line) => {
    if (!skip[line]) found.push(...lineAssignments(content, line, start));
    start += content.length + eol.length;
  });
  return found;
}

/** The keys one line of code sets: its assignment, then any set in a form reauth cannot follow. */
function lineAssignments(content: string, line: number, start: number): PyAssignment[] {
  // An empty line or a comment from its first column sets nothing (a tenth of a long env.py).
  if (content.length === 0 || content.charCodeAt(0) === 0x23) return [];
  const parsed = parseAssignment(content, line, start);
  const found = parsed ? [parsed] : [];
  for (const key of suspiciousMentions(content, parsed?.key)) {
    found.push({ key, line, start, content, form: 'item', head: '', tail: '', prefix: '', quote: "'", value: '', unsafe: 'is set in a way reauth cannot follow (inside a call, or split over several lines)' });
  }
  return found;
}

function parseAssignment(content: string, line: number, start: number): PyAssignment | null {
  // Both environ forms name it: most lines of a settings file need one pattern, not three.
  const mentionsEnviron = content.includes('environ');
  for (const { form, pattern, key: keyGroup } of FORMS) {
    if (form !== 'name' && !mentionsEnviron) continue;
    const match = pattern.exec(content);
    if (!match) continue;
    const head = match[1] as string;
    const key = match[keyGroup] as string;
    const parsed = parsePythonValue(content.slice(head.length), key);
    if ('unsafe' in parsed) {
      return { key, line, start, content, form, head, tail: '', prefix: '', quote: "'", value: '', unsafe: `is set from ${parsed.unsafe}`, readsItself: parsed.readsKey };
    }
    const tail = content.slice(head.length + parsed.length);
    if (!(form === 'setdefault' ? CLOSES_CALL : ENDS_LINE).test(tail)) {
      return { key, line, start, content, form, head, tail: '', prefix: '', quote: "'", value: '', unsafe: `is set from ${describeTail(tail)}` };
    }
    return { key, line, start, content, form, head, tail, prefix: parsed.prefix, quote: parsed.quote, value: parsed.value };
  }
  return null;
}

function describeTail(tail: string): string {
  const next = tail.trimStart();
  if (/^[+'"]/.test(next) || /^[rRuUbBfF]{1,2}['"]/.test(next)) return 'a concatenation';
  if (next === '' || next.startsWith('\\')) return 'a value split over several lines';
  return 'an expression';
}

/** Keys named on a line in a way that sets them but that the forms above do not cover. */
function suspiciousMentions(content: string, parsedKey: string | undefined): string[] {
  if (!content.includes('environ') && !/^\s*['"]/.test(content)) return [];
  const code = content.trimStart();
  if (code.startsWith('#') || !/environ|^['"]/.test(code)) return [];
  const keys: string[] = [];
  QUOTED_NAME.lastIndex = 0;
  for (let match = QUOTED_NAME.exec(code); match; match = QUOTED_NAME.exec(code)) {
    const key = match[2] as string;
    if (key === parsedKey || keys.includes(key)) continue;
    const quoted = `(['"])${key}\\1`;
    const sets =
      new RegExp(`environ\\s*\\.\\s*setdefault\\s*\\(\\s*${quoted}`).test(code) ||
      new RegExp(`environ\\s*\\.\\s*update\\s*\\(.*${quoted}\\s*:`).test(code) ||
      new RegExp(`environ\\s*\\[\\s*${quoted}\\s*\\]\\s*=(?!=)`).test(code) ||
      new RegExp(`^${quoted}\\s*[,:]`).test(code);
    if (sets) keys.push(key);
  }
  return keys;
}

/**
 * Lines inside a triple-quoted string (a docstring showing an example line, say) are text,
 * not code. A crude toggle on `"""`/`'''` counts is enough for settings files.
 */
function linesInsideTripleQuotes(lines: readonly SourceLine[]): boolean[] {
  const inside: boolean[] = [];
  let open: string | null = null;
  for (const { content } of lines) {
    if (open) {
      inside.push(true);
      if (content.includes(open)) open = null;
      continue;
    }
    inside.push(false);
    if (!content.includes('"""') && !content.includes("'''")) continue;
    const first = /"""|'''/.exec(content);
    if (first && content.split(first[0]).length % 2 === 0) open = first[0];
  }
  return inside;
}

/**
 * linesInsideTripleQuotes' stretches for an LF text, found from the lines that hold `"""` or
 * `'''` only (the toggle changes nowhere else): the same lines, without walking every line.
 */
function tripleQuotedStretches(text: string, numbers: LineNumbers): TripleQuoted[] {
  const marked = new Map<number, TextLine>();
  for (const mark of ['"""', "'''"]) for (const line of linesContaining(text, mark, numbers)) marked.set(line.start, line);
  const stretches: TripleQuoted[] = [];
  let open: { readonly quote: string; readonly from: number } | null = null;
  for (const { start, content } of [...marked.values()].sort((a, b) => a.start - b.start)) {
    if (open) {
      if (content.includes(open.quote)) {
        stretches.push({ from: open.from, to: start });
        open = null;
      }
      continue;
    }
    const first = /"""|'''/.exec(content);
    if (first && content.split(first[0]).length % 2 === 0) open = { quote: first[0], from: start + content.length + 1 };
  }
  if (open) stretches.push({ from: open.from, to: text.length });
  return stretches;
}
