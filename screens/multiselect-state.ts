/**
 * The multiselect step's state as pure functions (no Ink): which options are ticked, where the
 * focus is, and the free-text "Other" row for values we do not list (a scope the preset lacks).
 */
import type { PromptOption } from '../src/flow/prompt.js';
import { moveFocus } from './list-window.js';
import {
  applyPasteInput,
  pasteInputFrom,
  textOf,
  type PasteInputEvent,
  type PasteInputState,
} from '../src/flow/paste-input-state.js';

export interface MultiselectState {
  /** Index into the options; `options.length` is the "Other" row when offered. */
  readonly focus: number;
  /** Ticked option values. */
  readonly selected: readonly string[];
  /** The "Other" row's text; the same chunk-safe input as the paste box. */
  readonly other: PasteInputState;
}

export function rowCount(options: readonly PromptOption[], allowOther: boolean): number {
  return options.length + (allowOther ? 1 : 0);
}

export function isOtherRow(state: MultiselectState, options: readonly PromptOption[]): boolean {
  return state.focus === options.length;
}

/** Initial values the list does not offer go into "Other", so nothing pre-set is silently lost. */
export function initialMultiselect(options: readonly PromptOption[], initial: readonly string[], allowOther: boolean): MultiselectState {
  const listed = new Set(options.map((option) => option.value));
  const unlisted = initial.filter((value) => !listed.has(value));
  return {
    focus: 0,
    selected: initial.filter((value) => listed.has(value)),
    other: pasteInputFrom(allowOther ? unlisted.join(', ') : ''),
  };
}

export function moveBy(state: MultiselectState, delta: number, rows: number): MultiselectState {
  return { ...state, focus: moveFocus(state.focus, delta, rows) };
}

export function toggleFocused(state: MultiselectState, options: readonly PromptOption[]): MultiselectState {
  const option = options[state.focus];
  if (!option) return state;
  const selected = state.selected.includes(option.value)
    ? state.selected.filter((value) => value !== option.value)
    : [...state.selected, option.value];
  return { ...state, selected };
}

/** Typing into "Other"; `submitted` is true when the text ended with Enter. */
export function editOther(state: MultiselectState, event: PasteInputEvent): { state: MultiselectState; submitted: boolean } {
  const result = applyPasteInput(state.other, event);
  return { state: { ...state, other: result.state }, submitted: result.submitted !== undefined };
}

/** "a, b c" → ["a", "b", "c"]: commas or spaces both separate, since OAuth scopes use spaces. */
export function splitOtherValues(text: string): string[] {
  return text.split(/[\s,]+/).filter((value) => value !== '');
}

/** The answer: ticked options in list order, then the typed extras, without duplicates. */
export function chosenValues(state: MultiselectState, options: readonly PromptOption[]): string[] {
  const ticked = options.map((option) => option.value).filter((value) => state.selected.includes(value));
  const extras = splitOtherValues(textOf(state.other));
  return [...new Set([...ticked, ...extras])];
}
