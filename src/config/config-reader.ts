/**
 * The low-level half of reading reauth.yaml: typed access to YAML nodes where every failure
 * names the file, the line and the dotted field (`reauth.yaml line 7: profiles.weather.targets[0].type
 * must be one of …`). The field-by-field rules live in read-profile.ts and friends.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { UserError } from '../errors.js';
import { suggestName } from './suggest-name.js';

export class ConfigReader {
  readonly warnings: string[] = [];
  /** Dotted field path → 1-based line, so later stages (env expansion, the resolver) can point at the file too. */
  readonly lines: Record<string, number> = {};

  constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lineCounter: LineCounter,
  ) {}

  lineAt(offset: number): number {
    return this.lineCounter.linePos(offset).line;
  }

  lineOf(node: Node | null | undefined, fallback = 1): number {
    return node?.range ? this.lineAt(node.range[0]) : fallback;
  }

  fail(line: number, message: string, nextStep?: string): UserError {
    return new UserError(`${this.file} line ${line}: ${message}`, nextStep ?? `Fix line ${line} of ${this.file} and run reauth again.`);
  }

  warn(line: number, message: string): void {
    this.warnings.push(`${this.file} line ${line}: ${message}`);
  }

  /** Follows `*alias` references so anchors shared between profiles read like the original. */
  resolve(node: unknown): Node | null {
    if (isAlias(node)) return (node.resolve(this.doc) as Node | undefined) ?? null;
    return (node as Node | null | undefined) ?? null;
  }

  map(node: unknown, field: string, line: number): YAMLMap {
    const resolved = this.resolve(node);
    if (isMap(resolved)) return resolved;
    throw this.fail(this.lineOf(resolved, line), `${field} must be a mapping of names to values (found ${describe(resolved)}).`);
  }

  seq(node: unknown, field: string, line: number, example: string): YAMLSeq {
    const resolved = this.resolve(node);
    if (isSeq(resolved)) return resolved;
    throw this.fail(this.lineOf(resolved, line), `${field} must be a list, e.g. ${example} (found ${describe(resolved)}).`);
  }

  /**
   * A single value as text. Plain numbers keep their source spelling (`org_id: 0600001`
   * stays "0600001", not 600001), because ids are text even when they look numeric.
   */
  string(node: unknown, field: string, line: number): string {
    const resolved = this.resolve(node);
    if (isScalar(resolved) && resolved.value !== null && resolved.value !== undefined) {
      if (typeof resolved.value === 'string') return resolved.value;
      if (resolved.type === 'PLAIN' && typeof resolved.source === 'string') return resolved.source;
      return String(resolved.value);
    }
    throw this.fail(this.lineOf(resolved, line), `${field} must be a single value (found ${describe(resolved)}).`);
  }

  stringList(node: unknown, field: string, line: number, example: string): string[] {
    const seq = this.seq(node, field, line, example);
    return seq.items.map((item, index) => this.string(item, `${field}[${index}]`, this.lineOf(seq, line)));
  }

  /** A mapping of names to single values, e.g. `settings` or `authorize_params`. */
  stringMap(node: unknown, field: string, line: number): Record<string, string> {
    const map = this.map(node, field, line);
    const out: Record<string, string> = {};
    for (const pair of map.items) {
      const key = this.key(pair, field, this.lineOf(map, line));
      const at = this.pairLine(pair, line);
      this.lines[`${field}.${key}`] = at;
      out[key] = this.string(pair.value, `${field}.${key}`, at);
    }
    return out;
  }

  key(pair: Pair, field: string, line: number): string {
    const key = this.resolve(pair.key);
    if (isScalar(key) && (typeof key.value === 'string' || typeof key.value === 'number')) {
      return typeof key.value === 'string' ? key.value : (key.source ?? String(key.value));
    }
    throw this.fail(this.lineOf(key, line), `${field} has a key that is not a plain name (found ${describe(key)}).`);
  }

  pairLine(pair: Pair, fallback: number): number {
    return this.lineOf(pair.key as Node | null, this.lineOf(pair.value as Node | null, fallback));
  }

  /**
   * Splits a mapping into its known fields. Unknown names are warnings (they are ignored), but a
   * near-miss of a known name is an error with the suggestion: an ignored typo changes behaviour.
   */
  fields<K extends string>(map: YAMLMap, field: string, known: readonly K[]): Map<K, { node: unknown; line: number }> {
    const out = new Map<K, { node: unknown; line: number }>();
    const prefix = field ? `${field}.` : '';
    for (const pair of map.items) {
      const line = this.pairLine(pair, this.lineOf(map));
      const key = this.key(pair, field || 'the file', line);
      if ((known as readonly string[]).includes(key)) {
        out.set(key as K, { node: pair.value, line });
        this.lines[`${prefix}${key}`] = line;
        continue;
      }
      const suggestion = suggestName(key, known);
      if (suggestion) {
        throw this.fail(line, `${prefix}${key} is not a field reauth knows; did you mean ${suggestion}?`, `Rename it to ${suggestion} on line ${line} of ${this.file}.`);
      }
      this.warn(line, `${prefix}${key} is not a field reauth knows, so it is ignored.`);
    }
    return out;
  }
}

/** How a wrong value looks, for "(found …)". */
export function describe(node: unknown): string {
  if (node === null || node === undefined) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    if (node.value === null || node.value === undefined) return 'nothing';
    const text = typeof node.value === 'string' ? node.value : (node.source ?? String(node.value));
    return JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text);
  }
  return 'something else';
}
