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
import { appendLines, detectNewline, duplicateWarning, groupByKey, insertAfter, joinEditedLines, joinLines, splitLines, type SourceLine } from './text-lines.js';
import { parsePythonValue, pythonStringLiteral } from './python-literal.js';

type Form = 'setdefault' | 'item' | 'name';

interface PyAssignment {
  readonly key: string;
  /** 0-based line index. */
  readonly line: number;
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
  const { byKey } = parsedEnvpy(text, options);
  const values: Record<string, string> = {};
  const warnings: string[] = [];
  const inconsistent: string[] = [];
  for (const key of new Set(keys)) {
    const mine = byKey.get(key) ?? [];
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
  const { assignments } = parsed;
  // A copy: the parse is shared with later calls (engine-types.ts ParseMemo).
  const lines = [...parsed.lines];
  const newline = detectNewline(text);
  // New lines join the last setdefault block at the top level: one inside `if DEBUG:` would set
  // the key only there (the old behaviour's fallback when every setdefault is indented).
  const setdefaults = assignments.filter((a) => a.form === 'setdefault' && !a.unsafe);
  const topLevel = setdefaults.filter((a) => !/^[ \t]/.test((parsed.lines[a.line] as SourceLine).content));
  const block = topLevel.at(-1) ?? setdefaults.at(-1);
  const added: KeyChange[] = [];

  for (const { key, value } of changes) {
    const mine = parsed.byKey.get(key) ?? [];
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
      const { eol } = lines[a.line] as SourceLine;
      lines[a.line] = { content: a.head + a.prefix + pythonStringLiteral(value, a.quote) + a.tail, eol };
    }
    if (editable.length === 0) added.push({ key, value });
  }
  if (added.length === 0) return joinEditedLines(text, parsed.lines, lines);
  if (block) {
    // Next to a sibling or a related prefix among the top-level setdefaults, else after the block.
    const anchors = topLevel.map((a) => ({ key: a.key, lastLine: a.line }));
    const groups = [...groupNewKeys(added, anchors, options.siblings ?? [])].map(([at, group]) => [at === 'end' ? block.line : at, group] as const);
    const byLine = new Map<number, KeyChange[]>();
    for (const [at, group] of groups) byLine.set(at, [...(byLine.get(at) ?? []), ...group]);
    // From the bottom up, so an insertion never moves a line a later one is anchored to.
    for (const [at, group] of [...byLine].sort(([a], [b]) => b - a)) {
      const style = setdefaults.find((a) => a.line === at) ?? block;
      insertAfter(lines, at, group.map(({ key, value }) => newSetdefault(key, value, style, lines)), newline);
    }
    return joinLines(lines);
  }
  // No setdefault block: append, importing os first if the file never does (a NameError otherwise).
  const imports = IMPORTS_OS.test(text) ? '' : `import os${newline}${text.trim() === '' ? newline : ''}`;
  return appendLines(joinLines(lines), imports + added.map(({ key, value }) => newSetdefault(key, value, undefined, lines) + newline).join(''), newline);
}

/** The places of `keys` (each one's first assignment) in `text`: what the preview says. */
export function locateEnvpy(text: string, keys: readonly string[], options: EngineOptions = {}): ReadonlyMap<string, KeyLocation> {
  return locateKeys(parsedEnvpy(text, options).assignments, keys);
}

/** `os.environ[K] = …` overrides; otherwise the first setdefault wins; a bare `K = …` last. */
function effectiveAssignment(editable: readonly PyAssignment[]): PyAssignment | undefined {
  const items = editable.filter((a) => a.form === 'item');
  if (items.length > 0) return items[items.length - 1];
  const setdefault = editable.find((a) => a.form === 'setdefault');
  return setdefault ?? editable[editable.length - 1];
}

/** A new line styled like the setdefault block it joins (indentation, `os.` prefix, quotes). */
function newSetdefault(key: string, value: string, block: PyAssignment | undefined, lines: readonly SourceLine[]): string {
  if (!block) return `os.environ.setdefault('${key}', ${pythonStringLiteral(value, "'")})`;
  const content = (lines[block.line] as SourceLine).content;
  const indent = /^[ \t]*/.exec(content)?.[0] ?? '';
  const callee = /(?:os\.)?environ\.setdefault\(/.exec(content)?.[0] ?? 'os.environ.setdefault(';
  const keyQuote = /setdefault\(\s*(['"])/.exec(content)?.[1] ?? "'";
  return `${indent}${callee}${keyQuote}${key}${keyQuote}, ${pythonStringLiteral(value, block.quote)})`;
}

interface ParsedEnvpy {
  readonly lines: readonly SourceLine[];
  readonly assignments: readonly PyAssignment[];
  /** The assignments of each key, in file order: a 10,000-line file is looked up, not filtered. */
  readonly byKey: ReadonlyMap<string, readonly PyAssignment[]>;
}

function parsedEnvpy(text: string, options: EngineOptions): ParsedEnvpy {
  return parseOnce(options, text, 'envpy', () => {
    const lines = splitLines(text);
    const assignments = parseEnvpy(lines);
    return { lines, assignments, byKey: groupByKey(assignments) };
  });
}

function parseEnvpy(lines: readonly SourceLine[]): PyAssignment[] {
  const skip = linesInsideTripleQuotes(lines);
  const found: PyAssignment[] = [];
  lines.forEach(({ content }, line) => {
    if (skip[line]) return;
    // An empty line or a comment from its first column sets nothing (a tenth of a long env.py).
    if (content.length === 0 || content.charCodeAt(0) === 0x23) return;
    const parsed = parseAssignment(content, line);
    if (parsed) found.push(parsed);
    for (const key of suspiciousMentions(content, parsed?.key)) {
      found.push({ key, line, form: 'item', head: '', tail: '', prefix: '', quote: "'", value: '', unsafe: 'is set in a way reauth cannot follow (inside a call, or split over several lines)' });
    }
  });
  return found;
}

function parseAssignment(content: string, line: number): PyAssignment | null {
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
      return { key, line, form, head, tail: '', prefix: '', quote: "'", value: '', unsafe: `is set from ${parsed.unsafe}`, readsItself: parsed.readsKey };
    }
    const tail = content.slice(head.length + parsed.length);
    if (!(form === 'setdefault' ? CLOSES_CALL : ENDS_LINE).test(tail)) {
      return { key, line, form, head, tail: '', prefix: '', quote: "'", value: '', unsafe: `is set from ${describeTail(tail)}` };
    }
    return { key, line, form, head, tail, prefix: parsed.prefix, quote: parsed.quote, value: parsed.value };
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
