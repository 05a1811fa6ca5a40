/**
 * Focus movement and scrolling for option lists, as pure functions shared by the select and
 * multiselect steps (the @inkjs/ui split: state logic without Ink).
 */

/** Moves focus by `delta`, wrapping at both ends as most pickers do. */
export function moveFocus(focus: number, delta: number, count: number): number {
  if (count <= 0) return 0;
  return (((focus + delta) % count) + count) % count;
}

export interface VisibleWindow {
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
}

/**
 * Which options to draw: a long scope list must not push the question off a 24-row terminal
 * (live output taller than the screen flickers and wipes scrollback). Keeps focus in view,
 * roughly centred.
 */
export function visibleWindow(count: number, focus: number, size: number): VisibleWindow {
  if (count <= size) return { start: 0, end: count };
  const start = Math.min(Math.max(0, focus - Math.floor(size / 2)), count - size);
  return { start, end: start + size };
}

export interface OptionColumns {
  /** Pointer, marker and the space after them. */
  readonly prefix: number;
  /** The label column, including the two-space gap before the hint. */
  readonly label: number;
}

// Hints longer than this may wrap; the label column does not shrink further to avoid it.
const hintWidthWanted = 40;

/**
 * Column widths for a list of options at a terminal width. Labels get all the room they need
 * when the hints still fit beside them (Zoho's "United States (accounts.zoho.com)" with hint
 * "com"); when both are long, they split the line and each wraps inside its own column.
 */
export function optionColumns(labels: readonly string[], hints: readonly (string | undefined)[], markerWidth: number, columns: number): OptionColumns {
  const prefix = 2 + markerWidth + 1;
  const available = Math.max(20, columns - prefix);
  const wanted = Math.max(0, ...labels.map((label) => label.length)) + 2;
  const longestHint = Math.max(0, ...hints.map((hint) => hint?.length ?? 0));
  if (longestHint === 0) return { prefix, label: Math.min(wanted, available) };
  const hintNeed = Math.min(longestHint, hintWidthWanted);
  return { prefix, label: Math.min(wanted, Math.max(available - hintNeed, Math.floor(available / 2))) };
}
