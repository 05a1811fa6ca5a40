/**
 * The contract between the pure editing engines (one per file format, no disk access) and
 * file-target.ts, which does the reading, planning and atomic writing for all of them.
 */

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
}
