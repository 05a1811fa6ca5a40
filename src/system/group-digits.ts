/**
 * A count with thousands separators, `12345` → `12,345`, as `toLocaleString('en-US')` writes
 * it, without ICU: its number formatter costs ~18 ms and ~7 MB of memory the first time it is
 * used (issue 9), and the wizard only ever shows character counts of a paste.
 */
export function groupDigits(count: number): string {
  return String(Math.trunc(count)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
