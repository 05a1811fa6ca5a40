/**
 * What has been printed into the scrollback, as a pure function of the views seen so far (no
 * Ink). <Static> prints each item once and never redraws it, so this list only ever grows: a
 * step the person went back over stays in the scrollback, as in a shell session.
 */
import type { DeviceCodeView, WizardView } from '../src/flow/prompt.js';

export type TranscriptItem =
  /** A finished step: "✔ Service  Netatmo". */
  | { readonly kind: 'step'; readonly label: string; readonly value: string; readonly failed?: boolean }
  /** The sign-in title and link, printed whole (sign-in-link.tsx says why not in the live area). */
  | { readonly kind: 'link'; readonly title: string; readonly url: string }
  /** A line to copy exactly (a scope list), printed whole like the link. */
  | { readonly kind: 'copy'; readonly title: string; readonly text: string }
  /** The device sign-in's address, code and QR code: printed once, like the link. */
  | { readonly kind: 'device'; readonly title: string; readonly device: DeviceCodeView };

export interface TranscriptState {
  readonly items: readonly TranscriptItem[];
  /** How much of `view.history` is already in `items`. */
  readonly historySeen: number;
  /** The sign-in link being shown, so it is printed once per appearance, not once per frame. */
  readonly linkShown?: string;
  /** The copy line being shown, printed once per appearance like the link. */
  readonly copyShown?: string;
  /** The device code being shown (its device code view's user code), printed once per appearance. */
  readonly deviceShown?: string;
}

export const emptyTranscript: TranscriptState = { items: [], historySeen: 0 };

/**
 * Folds one view into the transcript. Returns the same object when nothing new needs printing,
 * so calling it on every render is cheap and idempotent.
 */
export function advanceTranscript(state: TranscriptState, view: WizardView): TranscriptState {
  const added: TranscriptItem[] = [];
  // History shorter than before means the person went back: nothing to unprint; new lines after
  // that are counted from the shorter history.
  let historySeen = Math.min(state.historySeen, view.history.length);
  for (const step of view.history.slice(historySeen)) added.push({ kind: 'step', label: step.label, value: step.value, ...(step.failed ? { failed: true } : {}) });
  historySeen = view.history.length;

  const prompt = view.prompt;
  const link = prompt.kind === 'paste' && prompt.url ? prompt.url : undefined;
  if (prompt.kind === 'paste' && link !== undefined && link !== state.linkShown) {
    added.push({ kind: 'link', title: prompt.title, url: link });
  }

  // The done screen draws its own copy line: it is the last frame, never redrawn.
  const copy = prompt.kind !== 'done' ? prompt.copyText : undefined;
  if (copy && copy.text !== state.copyShown) added.push({ kind: 'copy', title: copy.title, text: copy.text });
  const copyShown = copy?.text;

  // Keyed by the code, not the view: the view changes with every poll ("checked 12 s ago").
  const device = prompt.kind === 'busy' ? prompt.device : undefined;
  const deviceShown = device?.userCode;
  if (device && deviceShown !== state.deviceShown) added.push({ kind: 'device', title: prompt.title, device });

  if (added.length === 0 && historySeen === state.historySeen && link === state.linkShown && copyShown === state.copyShown && deviceShown === state.deviceShown) return state;
  return {
    items: added.length > 0 ? [...state.items, ...added] : state.items,
    historySeen,
    ...(link !== undefined ? { linkShown: link } : {}),
    ...(copyShown !== undefined ? { copyShown } : {}),
    ...(deviceShown !== undefined ? { deviceShown } : {}),
  };
}
