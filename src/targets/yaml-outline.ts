/**
 * The yaml package reads a 10,000-line config at 1–3 MB/s (300 ms cold for 250 KB), yet a
 * token write only needs the lines on the way to `at` and the mapping there. For files made
 * of the plain lines config files are made of — `key: value  # comment`, `key:` opening a
 * block, `- item`, `- key: value` opening a list item's mapping, anchors, aliases, quoted
 * strings, one-line `[a, b]` — this module checks
 * every line (anything else: null, and the caller parses the whole file as before) and keeps
 * only those lines, so the yaml package parses a few lines instead of the file. Each kept line
 * means in the outline what it meant in the file: the lines left out are whole blocks of
 * other keys, and these forms never reach across lines. A list item's mapping is never on the
 * way to `at` (a path of keys does not run through lists), so at most a list's first line is
 * kept, and it says "a list" in the outline as in the file.
 */

export interface YamlOutline {
  /** The kept lines, each with its own line ending. */
  readonly text: string;
  /** The offset in the file of an offset in `text`. */
  toFile(offset: number): number;
  /** Every `*alias` follows an `&anchor` of its name, as the yaml package resolves them. */
  readonly aliasesResolve: boolean;
  /** Names that some `*alias` refers to. */
  readonly aliased: ReadonlySet<string>;
}

interface Block {
  readonly indent: number;
  readonly kind: 'map' | 'seq';
  readonly keys: Set<string>;
  /** Keys of `at` matched to get here (-1: off the path); `at`'s length: the holder. */
  readonly depth: number;
  /** Under a key of the holder: only the first line is kept (it says mapping or list). */
  readonly firstOnly: boolean;
  lines: number;
}

interface Pending {
  readonly indent: number;
  readonly depth: number;
  readonly firstOnly: boolean;
}

/** What follows `key: ` or `- `: a whole one-line scalar (`[a, b]` and `{}` included), an alias, or nothing. */
type Value = { readonly kind: 'scalar' } | { readonly kind: 'alias'; readonly name: string } | { readonly kind: 'empty' } | null;

const KEY_LINE = /^(<<|[A-Za-z_][A-Za-z0-9_./-]*):(?: +(.*))?$/;
/** Plain keys that YAML 1.2 reads as something other than a string (duplicates would be judged by value). */
const NOT_STRING_KEYS = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'null', 'Null', 'NULL']);
/** Characters the yaml package may treat specially, or that a config line would not hold. */
const AVOIDED = /[\t\r\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;
const PLAIN_START = /^(?:[A-Za-z0-9_./~+(\u00a0-\uffff]|-[A-Za-z0-9.])/;
const END = /^(?: +#.*| *)$/;
const ANCHOR = /^&([A-Za-z0-9_-]+)(?: +(.*))?$/;
const ALIAS = /^\*([A-Za-z0-9_-]+)( +#.*| *)$/;
const FLOW_ITEM = "(?:[A-Za-z0-9_./~+][A-Za-z0-9_./~+ -]*|'[^']*')";
const FLOW_LIST = new RegExp(`^\\[ *(?:${FLOW_ITEM}(?: *, *${FLOW_ITEM})*)? *\\](?: +#.*| *)$`);
const EMPTY_FLOW_MAP = /^\{ *\}(?: +#.*| *)$/;
const DOUBLE_QUOTED = /^"(?:[^"\\]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/;

/** The outline for `at` (its keys), or null when some line is not of the plain kinds above. */
export function outlineYaml(text: string, path: readonly string[]): YamlOutline | null {
  const kept: [number, number][] = [];
  const stack: Block[] = [];
  const anchors = new Set<string>();
  const aliased = new Set<string>();
  let aliasesResolve = true;
  let pending: Pending | null = null;
  let started = false;
  /** The indentation of the last line that ended in a scalar: a deeper line would continue it. */
  let scalarIndent = -1;

  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline + 1;
    const content = text.slice(start, newline === -1 ? text.length : newline > 0 && text[newline - 1] === '\r' ? newline - 1 : newline);
    const lineStart = start;
    start = end;
    if (AVOIDED.test(content)) return null;
    let indent = 0;
    while (content.charCodeAt(indent) === 0x20) indent++;
    const rest = content.slice(indent);
    if (rest === '' || rest[0] === '#') continue;
    if (indent === 0 && /^(?:---|\.\.\.|%)/.test(rest)) return null;
    if (scalarIndent !== -1 && indent > scalarIndent) return null;
    scalarIndent = -1;

    const key = KEY_LINE.exec(rest);
    const item = key ? null : /^(- +)(.*)$/.exec(rest);
    if (!key && !item) return null;
    const kind = key ? 'map' : 'seq';
    /** `- key: value`: the item is a mapping whose keys line up with this one's, after the dash. */
    const itemKey = item ? KEY_LINE.exec(item[2] as string) : null;
    if (pending) {
      const opens = kind === 'map' ? indent > pending.indent : indent >= pending.indent;
      if (opens) {
        stack.push({ indent, kind, keys: new Set(), depth: pending.depth, firstOnly: pending.firstOnly, lines: 0 });
      }
      pending = null;
    }
    while (stack.length > 0 && (stack[stack.length - 1] as Block).indent > indent) stack.pop();
    let top = stack[stack.length - 1];
    // `key:` then `- item` lines at the key's own indentation: the list ends at the next key.
    if (top && kind === 'map' && top.kind === 'seq' && top.indent === indent) {
      stack.pop();
      top = stack[stack.length - 1];
    }
    // The first content line opens the document's mapping (a list at the top: the whole file).
    if (!started) {
      if (kind !== 'map' || indent !== 0) return null;
      started = true;
      top = { indent: 0, kind: 'map', keys: new Set(), depth: 0, firstOnly: false, lines: 0 };
      stack.push(top);
    }
    if (!top || top.indent !== indent || top.kind !== kind) return null;

    const holder = top.depth === path.length;
    // A block's first line says whether it is a mapping or a list; on the path that decides
    // between "not a mapping" and "missing", under the holder between "a mapping" and "a list".
    const first = top.lines === 0 && (top.firstOnly || top.depth >= 0);
    const keep = first || holder || (top.depth >= 0 && !!key && key[1] === path[top.depth]);
    top.lines++;
    if (keep) kept.push([lineStart, end]);
    let valueText: string;
    /** The block the key of this line belongs to, and the column its keys start at. */
    let keyBlock = top;
    let keyIndent = indent;
    if (itemKey) {
      // The item's mapping, off the path: its lines are checked like any other, never kept.
      keyIndent = indent + ((item as RegExpExecArray)[1] as string).length;
      keyBlock = { indent: keyIndent, kind: 'map', keys: new Set(), depth: -1, firstOnly: false, lines: 1 };
      stack.push(keyBlock);
    }
    const keyMatch = key ?? itemKey;
    if (keyMatch) {
      const name = keyMatch[1] as string;
      if (NOT_STRING_KEYS.has(name) || name.length > 1000 || keyBlock.keys.has(name)) return null;
      keyBlock.keys.add(name);
      valueText = keyMatch[2] ?? '';
    } else {
      valueText = (item as RegExpExecArray)[2] as string;
    }

    const anchor = ANCHOR.exec(valueText);
    if (anchor) {
      anchors.add(anchor[1] as string);
      valueText = anchor[2] ?? '';
    }
    const value = classify(valueText);
    if (!value) return null;
    if (value.kind === 'alias') {
      // An alias after an anchor is an error; an alias the holder holds needs its anchor's line.
      if (anchor || (holder && !itemKey)) return null;
      if (!anchors.has(value.name)) aliasesResolve = false;
      aliased.add(value.name);
    }
    if (value.kind === 'empty') {
      if (!keyMatch) return null;
      const onPath = !itemKey && !holder && top.depth >= 0 && keyMatch[1] === path[top.depth];
      pending = {
        indent: keyIndent,
        depth: onPath ? top.depth + 1 : -1,
        firstOnly: holder && !itemKey,
      };
    } else {
      scalarIndent = keyIndent;
    }
  }

  const outline = kept.map(([from, to]) => text.slice(from, to)).join('');
  const starts: number[] = [];
  let at = 0;
  for (const [from, to] of kept) {
    starts.push(at);
    at += to - from;
  }
  return {
    text: outline,
    toFile(offset: number): number {
      let low = 0;
      let high = starts.length - 1;
      if (high < 0) return offset;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if ((starts[middle] as number) <= offset) low = middle;
        else high = middle - 1;
      }
      return (kept[low] as [number, number])[0] + offset - (starts[low] as number);
    },
    aliasesResolve,
    aliased,
  };
}

/** What a value after `key: ` (or `- `) is, when it is one of the one-line kinds; null otherwise. */
function classify(value: string): Value {
  if (END.test(value) || value.startsWith('#')) return { kind: 'empty' };
  const alias = ALIAS.exec(value);
  if (alias) return { kind: 'alias', name: alias[1] as string };
  const first = value[0];
  if (first === "'") {
    let i = 1;
    for (;;) {
      const close = value.indexOf("'", i);
      if (close === -1) return null;
      if (value[close + 1] === "'") {
        i = close + 2;
        continue;
      }
      return END.test(value.slice(close + 1)) ? { kind: 'scalar' } : null;
    }
  }
  if (first === '"') {
    const quoted = DOUBLE_QUOTED.exec(value);
    return quoted && END.test(value.slice(quoted[0].length)) ? { kind: 'scalar' } : null;
  }
  if (first === '[') return FLOW_LIST.test(value) ? { kind: 'scalar' } : null;
  if (first === '{') return EMPTY_FLOW_MAP.test(value) ? { kind: 'scalar' } : null;
  if (!PLAIN_START.test(value)) return null;
  const comment = value.indexOf(' #');
  const plain = (comment === -1 ? value : value.slice(0, comment)).replace(/ +$/, '');
  return plain.includes(': ') || plain.endsWith(':') ? null : { kind: 'scalar' };
}
