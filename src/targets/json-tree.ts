/**
 * A strict JSON parser that remembers where every value sits in the text, so json-edit.ts can
 * replace one value and leave every other byte (indentation, key order, spacing) alone.
 * JSON.parse cannot say where things are, and its error messages quote the file (secrets).
 */

interface Span {
  /** Offset of the first character. */
  readonly start: number;
  /** Offset just past the last character. */
  readonly end: number;
}

export interface JsonMember {
  readonly key: string;
  readonly keySpan: Span;
  readonly value: JsonNode;
}

export type JsonNode = Span &
  (
    | { readonly kind: 'object'; readonly members: readonly JsonMember[] }
    | { readonly kind: 'array'; readonly items: readonly JsonNode[] }
    | { readonly kind: 'string'; readonly value: string }
    | { readonly kind: 'number' | 'literal'; readonly raw: string }
  );

export class JsonSyntaxError extends Error {
  constructor(readonly offset: number) {
    super(`invalid JSON at offset ${offset}`);
  }
}

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const HEX4 = /^[0-9a-fA-F]{4}$/;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NOTHING: readonly never[] = Object.freeze([]);

/** How much of a value to keep: ≥ 0 its depth on the path being followed; or these. */
const SCALARS = -1;
const NONE = -2;

/**
 * The document's root value, or null when the text is empty or only whitespace.
 *
 * With `along` (a path of keys, like a target's `at`), only the objects on that path keep
 * their members — every object reached from the root by a key that matches the path so far,
 * all of them when a key is repeated — and the values of those members only their kind, span
 * and scalar value: a 2 MB file is checked byte for byte, but nothing else of it is built.
 * Everything off the path comes back with no members or items.
 */
export function parseJsonTree(text: string, along?: readonly string[]): JsonNode | null {
  const reader = new JsonReader(text, along);
  reader.position = skipSpace(text, 0);
  if (reader.position === text.length) return null;
  const root = reader.value(0) as JsonNode;
  reader.position = skipSpace(text, reader.position);
  if (reader.position !== text.length) throw new JsonSyntaxError(reader.position);
  return root;
}

/** Where the JSON value that starts at `from` ends; checked as parseJsonTree checks it. */
export function endOfJsonValue(text: string, from: number): number {
  const reader = new JsonReader(text, undefined);
  reader.position = from;
  reader.value(NONE);
  return reader.position;
}

/** The JSON string (a key or a value) that starts at `from`: its value and where it ends. */
export function readJsonString(text: string, from: number): { readonly value: string; readonly end: number } {
  const reader = new JsonReader(text, undefined);
  reader.position = from;
  const value = reader.string();
  return { value, end: reader.position };
}

/**
 * Where the longest number at `start` ends (-1: none), as the sticky regular expression
 * /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y would match it, without a match object per number.
 */
function numberEnd(text: string, start: number): number {
  let i = start;
  if (text.charCodeAt(i) === 0x2d) i++;
  const first = text.charCodeAt(i);
  if (first === 0x30) i++;
  else if (first >= 0x31 && first <= 0x39) i = digitsEnd(text, i + 1);
  else return -1;
  if (text.charCodeAt(i) === 0x2e && isDigit(text.charCodeAt(i + 1))) i = digitsEnd(text, i + 2);
  const e = text.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    let j = i + 1;
    const sign = text.charCodeAt(j);
    if (sign === 0x2b || sign === 0x2d) j++;
    if (isDigit(text.charCodeAt(j))) i = digitsEnd(text, j + 1);
  }
  return i;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function digitsEnd(text: string, from: number): number {
  let i = from;
  while (isDigit(text.charCodeAt(i))) i++;
  return i;
}

/** A whole JSON string from just after its opening quote, as skipString checks it. */
// Unrolled (a run of plain characters, then escapes each followed by such a run): a long
// string is one loop in the engine, not a step per character.
const STRING_REST = /[^"\\\u0000-\u001f]*(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\u0000-\u001f]*)*"/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const OBJECT = 1;
const ARRAY = 2;

/**
 * Where the object or list that starts at `from` ends, or -1 when it is not valid JSON: the
 * same checks as JsonReader's (which then finds the exact offset of the mistake), in one loop
 * with its own stack. Most of a 2 MB file is values off the path, each only checked; a
 * recursive reader runs through them still unoptimised in a cron run's short life, where one
 * loop is optimised early and strings and numbers go to the regular expression engine.
 */
export function skipJsonContainer(text: string, from: number): number {
  const stack: number[] = [];
  let i = from;
  let code = text.charCodeAt(i);
  for (;;) {
    // A value starts at i.
    if (code === 0x7b /* { */ || code === 0x5b /* [ */) {
      i = skipSpace(text, i + 1);
      const close = code === 0x7b ? 0x7d : 0x5d;
      if (text.charCodeAt(i) === close) {
        i++;
      } else {
        stack.push(code === 0x7b ? OBJECT : ARRAY);
        if (code === 0x7b) {
          i = afterKey(text, i);
          if (i === -1) return -1;
        }
        code = text.charCodeAt(i);
        continue;
      }
    } else if (code === 0x22 /* " */) {
      STRING_REST.lastIndex = i + 1;
      if (!STRING_REST.test(text)) return -1;
      i = STRING_REST.lastIndex;
    } else if (code === 0x74 /* t */ && text.startsWith('true', i)) {
      i += 4;
    } else if (code === 0x66 /* f */ && text.startsWith('false', i)) {
      i += 5;
    } else if (code === 0x6e /* n */ && text.startsWith('null', i)) {
      i += 4;
    } else {
      NUMBER.lastIndex = i;
      if (!NUMBER.test(text)) return -1;
      i = NUMBER.lastIndex;
    }
    // A value ended at i: close what it ends, until the next value starts or the outer one is done.
    for (;;) {
      const top = stack[stack.length - 1];
      if (top === undefined) return i;
      i = skipSpace(text, i);
      code = text.charCodeAt(i);
      if (code === 0x2c /* , */) {
        i = skipSpace(text, i + 1);
        if (top === OBJECT) {
          i = afterKey(text, i);
          if (i === -1) return -1;
        }
        code = text.charCodeAt(i);
        break;
      }
      if (code !== (top === OBJECT ? 0x7d : 0x5d)) return -1;
      stack.pop();
      i++;
    }
  }
}

/** `"key" :` and the space after it, from the key's quote; where the value starts, or -1. */
function afterKey(text: string, from: number): number {
  if (text.charCodeAt(from) !== 0x22) return -1;
  STRING_REST.lastIndex = from + 1;
  if (!STRING_REST.test(text)) return -1;
  const colon = skipSpace(text, STRING_REST.lastIndex);
  if (text.charCodeAt(colon) !== 0x3a /* : */) return -1;
  return skipSpace(text, colon + 1);
}

export function skipSpace(text: string, from: number): number {
  let position = from;
  for (;;) {
    const code = text.charCodeAt(position);
    if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) return position;
    position++;
  }
}

class JsonReader {
  position = 0;

  constructor(
    private readonly text: string,
    private readonly along: readonly string[] | undefined,
  ) {}

  /** The value at `position`; undefined when `keep` is NONE (checked and skipped). */
  value(keep: number): JsonNode | undefined {
    const { text } = this;
    const start = this.position;
    const ch = text[start];
    if (keep < 0 && (ch === '{' || ch === '[')) {
      // Only checked: the fast way, and the reader below only to say where a broken one breaks.
      const end = skipJsonContainer(text, start);
      if (end !== -1) {
        this.position = end;
        if (keep === NONE) return undefined;
        return ch === '{' ? { kind: 'object', members: NOTHING, start, end } : { kind: 'array', items: NOTHING, start, end };
      }
    }
    if (ch === '{') return this.object(keep);
    if (ch === '[') return this.array(keep);
    if (ch === '"') {
      if (keep === NONE) return this.skipString();
      return { kind: 'string', value: this.string(), start, end: this.position };
    }
    const literal = ch === 't' ? 'true' : ch === 'f' ? 'false' : ch === 'n' ? 'null' : undefined;
    if (literal !== undefined && text.startsWith(literal, start)) {
      this.position += literal.length;
      return keep === NONE ? undefined : { kind: 'literal', raw: literal, start, end: this.position };
    }
    const end = numberEnd(text, start);
    if (end === -1) throw new JsonSyntaxError(start);
    this.position = end;
    return keep === NONE ? undefined : { kind: 'number', raw: text.slice(start, end), start, end };
  }

  private object(keep: number): JsonNode | undefined {
    const { text } = this;
    const start = this.position++;
    const members: JsonMember[] | undefined = keep >= 0 ? [] : undefined;
    this.position = skipSpace(text, this.position);
    if (text[this.position] !== '}') {
      for (;;) {
        this.position = skipSpace(text, this.position);
        if (text[this.position] !== '"') throw new JsonSyntaxError(this.position);
        const keyStart = this.position;
        const key = members ? this.string() : this.skipString();
        const keyEnd = this.position;
        this.position = skipSpace(text, this.position);
        if (text[this.position] !== ':') throw new JsonSyntaxError(this.position);
        this.position = skipSpace(text, this.position + 1);
        const value = this.value(members ? this.memberKeep(keep, key as string) : NONE);
        if (members) members.push({ key: key as string, keySpan: { start: keyStart, end: keyEnd }, value: value as JsonNode });
        this.position = skipSpace(text, this.position);
        if (text[this.position] === '}') break;
        if (text[this.position] !== ',') throw new JsonSyntaxError(this.position);
        this.position++;
      }
    }
    this.position++;
    if (keep === NONE) return undefined;
    return { kind: 'object', members: members ?? NOTHING, start, end: this.position };
  }

  /** A kept object's member: the next step of the path, or (with `along`) its scalar at most. */
  private memberKeep(depth: number, key: string): number {
    const { along } = this;
    if (!along) return depth + 1;
    return depth < along.length && key === along[depth] ? depth + 1 : SCALARS;
  }

  private array(keep: number): JsonNode | undefined {
    const { text } = this;
    const start = this.position++;
    // A path of keys never runs through a list: with `along`, lists are only checked.
    const items: JsonNode[] | undefined = keep >= 0 && !this.along ? [] : undefined;
    this.position = skipSpace(text, this.position);
    if (text[this.position] !== ']') {
      for (;;) {
        this.position = skipSpace(text, this.position);
        const item = this.value(items ? keep + 1 : NONE);
        if (items) items.push(item as JsonNode);
        this.position = skipSpace(text, this.position);
        if (text[this.position] === ']') break;
        if (text[this.position] !== ',') throw new JsonSyntaxError(this.position);
        this.position++;
      }
    }
    this.position++;
    if (keep === NONE) return undefined;
    return { kind: 'array', items: items ?? NOTHING, start, end: this.position };
  }

  string(): string {
    const { text } = this;
    let value = '';
    let from = ++this.position;
    for (;;) {
      if (this.position >= text.length) throw new JsonSyntaxError(this.position);
      const code = text.charCodeAt(this.position);
      if (code === QUOTE) {
        value += text.slice(from, this.position);
        this.position++;
        return value;
      }
      if (code < 0x20) throw new JsonSyntaxError(this.position);
      if (code !== BACKSLASH) {
        this.position++;
        continue;
      }
      value += text.slice(from, this.position) + this.escape();
      from = this.position;
    }
  }

  /** string() without building the string: same checks, same error offsets. */
  private skipString(): undefined {
    const { text } = this;
    this.position++;
    for (;;) {
      if (this.position >= text.length) throw new JsonSyntaxError(this.position);
      const code = text.charCodeAt(this.position);
      if (code === QUOTE) {
        this.position++;
        return undefined;
      }
      if (code < 0x20) throw new JsonSyntaxError(this.position);
      if (code === BACKSLASH) this.escape();
      else this.position++;
    }
  }

  /** The escape at `position` (a backslash), moving past it. */
  private escape(): string {
    const { text, position } = this;
    const escape = text[position + 1] ?? '';
    if (escape === 'u' && HEX4.test(text.slice(position + 2, position + 6))) {
      this.position += 6;
      return String.fromCharCode(parseInt(text.slice(position + 2, position + 6), 16));
    }
    if (escape in ESCAPES) {
      this.position += 2;
      return ESCAPES[escape] as string;
    }
    throw new JsonSyntaxError(position);
  }
}
