/**
 * What has been printed into the scrollback, and what is still shown live above the current
 * step, as a pure function of the views seen so far (no Ink). <Static> prints each item once
 * and never redraws it, so `items` only ever grows. Finished steps that going back could still
 * change (Esc, "enter the account and password again", a retry) stay in `open`, drawn live, so
 * each appears once with its latest answer; they are printed for good once they are final (a
 * token was spent or written after them), before a link or a line to copy is printed after
 * them, when there are more than the terminal leaves room for, and when the wizard ends.
 * Going back past printed lines (Esc on the sign-in link) cannot unprint them: answered the
 * same again, they are still the ones on screen, so they are not printed a second time.
 */
import type { DeviceCodeView, StepSummary, WizardView } from '../src/flow/prompt.js';
import { shownPrefix } from '../src/flow/shown-history.js';

export type TranscriptItem =
  /** A finished step: "✔ Service  Netatmo". */
  | { readonly kind: 'step'; readonly label: string; readonly value: string; readonly failed?: boolean }
  /** The sign-in title and link, printed whole (sign-in-link.tsx says why not in the live area). */
  | { readonly kind: 'link'; readonly title: string; readonly url: string }
  /** A line to copy exactly (a scope list), printed whole like the link. */
  | { readonly kind: 'copy'; readonly title: string; readonly text: string }
  /** The device sign-in's address, code and QR code: printed once, like the link. */
  | { readonly kind: 'device'; readonly title: string; readonly device: DeviceCodeView };

export type StepItem = Extract<TranscriptItem, { kind: 'step' }>;

export interface TranscriptState {
  /** Printed for good, in order (<Static>). */
  readonly items: readonly TranscriptItem[];
  /** Finished steps after those, drawn live: going back may still replace them. */
  readonly open: readonly StepItem[];
  /**
   * The history lines in `items`, in order, as the flow last had them there. Going back drops
   * lines from the flow's history but not from the scrollback, so this is kept, not cut: what
   * the flow's history shares with it from the start is on screen already.
   */
  readonly printedHistory: readonly StepSummary[];
  /** The sign-in link being shown, so it is printed once per appearance, not once per frame. */
  readonly linkShown?: string;
  /** The copy line being shown, printed once per appearance like the link. */
  readonly copyShown?: string;
  /** The device code being shown (its device code view's user code), printed once per appearance. */
  readonly deviceShown?: string;
}

/** How many finished steps may stay live: a quarter of the window (at least 2). */
export function openLinesFor(rows: number | undefined): number {
  return Math.max(2, Math.floor((rows || 24) / 4));
}

export const emptyTranscript: TranscriptState = { items: [], open: [], printedHistory: [] };

const stepItem = (step: StepSummary): StepItem => ({ kind: 'step', label: step.label, value: step.value, ...(step.failed ? { failed: true } : {}) });

const sameStep = (a: StepItem, b: StepItem | undefined): boolean => !!b && a.label === b.label && a.value === b.value && a.failed === b.failed;

/**
 * Folds one view into the transcript. Returns the same object when nothing changed, so calling
 * it on every render is cheap and idempotent.
 */
export function advanceTranscript(state: TranscriptState, view: WizardView, maxOpen = Number.POSITIVE_INFINITY): TranscriptState {
  const printed: TranscriptItem[] = [];

  const prompt = view.prompt;
  const link = prompt.kind === 'paste' && prompt.url ? prompt.url : undefined;
  if (prompt.kind === 'paste' && link !== undefined && link !== state.linkShown) {
    printed.push({ kind: 'link', title: prompt.title, url: link });
  }

  // The done screen draws its own copy line: it is the last frame, never redrawn.
  const copy = prompt.kind !== 'done' ? prompt.copyText : undefined;
  if (copy && copy.text !== state.copyShown) printed.push({ kind: 'copy', title: copy.title, text: copy.text });
  const copyShown = copy?.text;

  // Keyed by the code, not the view: the view changes with every poll ("checked 12 s ago").
  const device = prompt.kind === 'busy' ? prompt.device : undefined;
  const deviceShown = device?.userCode;
  if (device && deviceShown !== state.deviceShown) printed.push({ kind: 'device', title: prompt.title, device });

  // Lines the flow dropped by going back stay printed (nothing can unprint them), and those it
  // then gets again unchanged are those same lines: only what differs from there is new. A
  // changed answer is printed again, with everything after it, so the latest run reads in order.
  const history = view.history;
  const from = shownPrefix(history, state.printedHistory);
  let settle = from;
  for (let i = from; i < history.length; i++) if (history[i]!.final) settle = i + 1;
  // Anything printed now comes after the open lines, and the last frame stays as it is.
  if (printed.length > 0 || view.finished) settle = history.length;
  // A live area taller than the terminal makes Ink clear the screen on every frame (and wipe
  // the scrollback): past `maxOpen` lines the oldest are printed for good instead.
  settle = Math.max(settle, history.length - maxOpen);
  const settled = history.slice(from, settle).map(stepItem);
  const open = history.slice(settle).map(stepItem);

  const openSame = open.length === state.open.length && open.every((item, i) => sameStep(item, state.open[i]));
  if (settled.length === 0 && printed.length === 0 && openSame && link === state.linkShown && copyShown === state.copyShown && deviceShown === state.deviceShown) return state;
  return {
    items: settled.length + printed.length > 0 ? [...state.items, ...settled, ...printed] : state.items,
    open: openSame ? state.open : open,
    printedHistory: settled.length > 0 ? history.slice(0, settle) : state.printedHistory,
    ...(link !== undefined ? { linkShown: link } : {}),
    ...(copyShown !== undefined ? { copyShown } : {}),
    ...(deviceShown !== undefined ? { deviceShown } : {}),
  };
}
