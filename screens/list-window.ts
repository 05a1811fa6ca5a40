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
 * Which options to draw: a long scope list must not push the question off an 24-line terminal
 * (live output taller than the screen flickers and wipes scrollback). Keeps focus in view,
 * roughly centred.
 */
export function visibleWindow(count: number, focus: number, size: number): VisibleWindow {
  if (count <= size) return { start: 0, end: count };
  const start = Math.min(Math.max(0, focus - Math.floor(size / 2)), count - size);
  return { start, end: start + size };
}
