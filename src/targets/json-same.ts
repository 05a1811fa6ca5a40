/**
 * Whether an edited JSON text means exactly what the original meant but for the values of some
 * keys of the object at `path` — the proof json-edit.ts wants after every edit — found by
 * reading both texts side by side. JSON.parse of both would build a 2 MB file twice over (some
 * 10 MB of objects each time, and a refresh edits twice: preflight's dry run, then the plan).
 * Independent of the tree the edit was made from: both texts are read again from the start.
 * It answers false whenever it cannot tell (a key repeated along the path, a key being added);
 * the caller then compares the parsed documents.
 */
import { isDeepStrictEqual } from 'node:util';
import { endOfJsonValue, JsonSyntaxError, readJsonString, skipSpace } from './json-tree.js';

/** `values`: what each changed key of the object at `path` must now hold, as JSON.parse gives it. */
export function sameButFor(before: string, after: string, path: readonly string[], values: ReadonlyMap<string, unknown>): boolean {
  try {
    return new SideBySide(before, after, path, values).document();
  } catch (error) {
    if (error instanceof JsonSyntaxError) return false;
    throw error;
  }
}

class SideBySide {
  /** Positions in `before` and in `after`. */
  private a = 0;
  private b = 0;
  private holders = 0;

  constructor(
    private readonly before: string,
    private readonly after: string,
    private readonly path: readonly string[],
    private readonly values: ReadonlyMap<string, unknown>,
  ) {}

  document(): boolean {
    this.space();
    if (!this.value(0)) return false;
    this.space();
    return this.a === this.before.length && this.b === this.after.length && this.holders === 1;
  }

  private space(): void {
    this.a = skipSpace(this.before, this.a);
    this.b = skipSpace(this.after, this.b);
  }

  /**
   * One value in each text, the same; an object on the path (depth ≥ 0) member by member.
   * Only `before` is read to find where the value ends: `after` must hold the very same
   * characters there, and identical characters are the identical value — except that a number
   * could run on in `after` (`12` then `3`), which the caller's next check refuses, since what
   * may follow a value is only space, `,`, `}` (or the end of the text, also checked).
   */
  private value(depth: number): boolean {
    if (depth >= 0 && this.before[this.a] === '{' && this.after[this.b] === '{') return this.object(depth);
    const endA = endOfJsonValue(this.before, this.a);
    const same = this.after.startsWith(this.before.slice(this.a, endA), this.b);
    this.b += endA - this.a;
    this.a = endA;
    return same;
  }

  private object(depth: number): boolean {
    const { before, after, path, values } = this;
    const holder = depth === path.length;
    /** Where the last value of each changed key is in `after`: JSON.parse keeps the last. */
    const last = new Map<string, readonly [number, number]>();
    let onPath = 0;
    this.a++;
    this.b++;
    this.space();
    if (before[this.a] === '}' || after[this.b] === '}') {
      if (before[this.a] !== after[this.b]) return false;
      this.a++;
      this.b++;
      return this.closed(holder, last);
    }
    for (;;) {
      this.space();
      if (before[this.a] !== '"' || after[this.b] !== '"') return false;
      const keyA = readJsonString(before, this.a);
      const keyB = readJsonString(after, this.b);
      if (before.slice(this.a, keyA.end) !== after.slice(this.b, keyB.end)) return false;
      this.a = skipSpace(before, keyA.end);
      this.b = skipSpace(after, keyB.end);
      if (before[this.a] !== ':' || after[this.b] !== ':') return false;
      this.a++;
      this.b++;
      this.space();
      const key = keyA.value;
      if (holder && values.has(key)) {
        this.a = endOfJsonValue(before, this.a);
        const end = endOfJsonValue(after, this.b);
        last.set(key, [this.b, end]);
        this.b = end;
      } else if (!holder && key === path[depth]) {
        // Which of two same-named objects JSON.parse keeps is the caller's business.
        if (++onPath > 1 || !this.value(depth + 1)) return false;
      } else if (!this.value(-1)) {
        return false;
      }
      this.space();
      if (before[this.a] !== after[this.b] || (before[this.a] !== ',' && before[this.a] !== '}')) return false;
      this.a++;
      this.b++;
      if (before[this.a - 1] === '}') return this.closed(holder, last);
    }
  }

  private closed(holder: boolean, last: ReadonlyMap<string, readonly [number, number]>): boolean {
    if (!holder) return true;
    this.holders++;
    for (const [key, wanted] of this.values) {
      const span = last.get(key);
      if (!span || !isDeepStrictEqual(JSON.parse(this.after.slice(span[0], span[1])), wanted)) return false;
    }
    return true;
  }
}
