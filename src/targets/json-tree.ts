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

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** The document's root value, or null when the text is empty or only whitespace. */
export function parseJsonTree(text: string): JsonNode | null {
  let position = skipSpace(text, 0);
  if (position === text.length) return null;
  const root = parseValue();
  position = skipSpace(text, position);
  if (position !== text.length) throw new JsonSyntaxError(position);
  return root;

  function parseValue(): JsonNode {
    const start = position;
    const ch = text[position];
    if (ch === '{') return parseObject();
    if (ch === '[') return parseArray();
    if (ch === '"') return { kind: 'string', value: parseString(), start, end: position };
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, position)) {
        position += literal.length;
        return { kind: 'literal', raw: literal, start, end: position };
      }
    }
    NUMBER.lastIndex = position;
    const number = NUMBER.exec(text);
    if (!number) throw new JsonSyntaxError(position);
    position += number[0].length;
    return { kind: 'number', raw: number[0], start, end: position };
  }

  function parseObject(): JsonNode {
    const start = position++;
    const members: JsonMember[] = [];
    position = skipSpace(text, position);
    if (text[position] === '}') return { kind: 'object', members, start, end: ++position };
    for (;;) {
      position = skipSpace(text, position);
      if (text[position] !== '"') throw new JsonSyntaxError(position);
      const keyStart = position;
      const key = parseString();
      const keySpan = { start: keyStart, end: position };
      position = skipSpace(text, position);
      if (text[position] !== ':') throw new JsonSyntaxError(position);
      position = skipSpace(text, position + 1);
      members.push({ key, keySpan, value: parseValue() });
      position = skipSpace(text, position);
      if (text[position] === '}') return { kind: 'object', members, start, end: ++position };
      if (text[position] !== ',') throw new JsonSyntaxError(position);
      position++;
    }
  }

  function parseArray(): JsonNode {
    const start = position++;
    const items: JsonNode[] = [];
    position = skipSpace(text, position);
    if (text[position] === ']') return { kind: 'array', items, start, end: ++position };
    for (;;) {
      position = skipSpace(text, position);
      items.push(parseValue());
      position = skipSpace(text, position);
      if (text[position] === ']') return { kind: 'array', items, start, end: ++position };
      if (text[position] !== ',') throw new JsonSyntaxError(position);
      position++;
    }
  }

  function parseString(): string {
    let value = '';
    position++;
    for (;;) {
      if (position >= text.length) throw new JsonSyntaxError(position);
      const ch = text[position] as string;
      if (ch === '"') {
        position++;
        return value;
      }
      if (ch.charCodeAt(0) < 0x20) throw new JsonSyntaxError(position);
      if (ch !== '\\') {
        value += ch;
        position++;
        continue;
      }
      const escape = text[position + 1] ?? '';
      if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(position + 2, position + 6))) {
        value += String.fromCharCode(parseInt(text.slice(position + 2, position + 6), 16));
        position += 6;
      } else if (escape in ESCAPES) {
        value += ESCAPES[escape];
        position += 2;
      } else {
        throw new JsonSyntaxError(position);
      }
    }
  }
}

function skipSpace(text: string, from: number): number {
  let position = from;
  while (position < text.length && ' \t\n\r'.includes(text[position] as string)) position++;
  return position;
}
