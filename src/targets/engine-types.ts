/**
 * The contract between the pure editing engines (one per file format, no disk access) and
 * file-target.ts, which does the reading, planning and atomic writing for all of them.
 */
import type { KeyLocation } from './new-key-placement.js';

/** One key to write, by its name in the file (not the token field). */
export interface KeyChange {
  readonly key: string;
  readonly value: string;
}

export interface EngineOptions {
  /** How the file is named in messages, e.g. `.env` or `main/tokens.json`. */
  readonly fileName?: string;
  /** yaml/json: dotted path of the mapping that holds the keys; absent = top level. */
  readonly at?: string;
  /** Word warnings for a write that is about to happen ("both were updated"). */
  readonly updating?: boolean;
  /** Where the engine may keep its parse of the text between calls (see ParseMemo). */
  readonly memo?: ParseMemo;
  /** The target's key names: a new key goes next to those already in the file (new-key-placement.ts). */
  readonly siblings?: readonly string[];
}

/**
 * One file target's last parse. A refresh hands the engine the same text four times
 * (preflight's check and dry run, read, plan's read and edit, the warnings), and parsing a
 * 10,000-line config with the yaml package costs 100–300 ms each time; the file is still
 * checked on disk every time (it may have changed; reread.ts), only an identical text skips
 * the parse. The parsed form is shared, so engines treat it as read-only.
 */
export class ParseMemo {
  #text: string | undefined;
  #key: string | undefined;
  #parsed: unknown;

  /** `parse()`'s result for this text and key (file name, `at`…), parsed at most once in a row. */
  parsed<T>(text: string, key: string, parse: () => T): T {
    if (this.#text === text && this.#key === key) return this.#parsed as T;
    // A parse that throws is not kept: the next call throws the same error again.
    const parsed = parse();
    this.#text = text;
    this.#key = key;
    this.#parsed = parsed;
    return parsed;
  }
}

/** Parses through options.memo when the caller gave one; engines used alone just parse. */
export function parseOnce<T>(options: EngineOptions, text: string, key: string, parse: () => T): T {
  return options.memo ? options.memo.parsed(text, key, parse) : parse();
}

export interface EngineReadResult {
  /** Current value by key name; keys that are absent (or hold no single value) are left out. */
  readonly values: Readonly<Record<string, string>>;
  readonly warnings: readonly string[];
  /**
   * Keys assigned more than once with different values: writing them is a change even when
   * the effective value already equals the new one, so the stale copy gets fixed too.
   */
  readonly inconsistent?: readonly string[];
}

export interface TextFormatEngine {
  /** Throws UserError (naming file and line) when the text cannot be parsed. */
  read(text: string, keys: readonly string[], options: EngineOptions): EngineReadResult;
  /** The new text; throws UserError when a key sits in a form that cannot be edited safely. */
  edit(text: string, changes: readonly KeyChange[], options: EngineOptions): string;
  /** Line-based formats: where each key now sits in `text`, for the preview of a new key. */
  locate?(text: string, keys: readonly string[], options: EngineOptions): ReadonlyMap<string, KeyLocation>;
}
