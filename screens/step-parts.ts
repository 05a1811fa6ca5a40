/**
 * The parts of a step's screen that are decided by rules rather than drawn by Ink, shared by
 * the step components and the frame drawn before Ink loads (first-frame/), so both show the same.
 */
import type { PromptOf } from './step-props.js';

/** How much of a long answer the input line shows: its start and its end. */
export const TEXT_PREVIEW = { head: 100, tail: 40 } as const;

export function textStepKeys(prompt: PromptOf<'text'>): string {
  return prompt.optional ? 'Enter confirm (empty to skip) · Ctrl+U clear' : 'Enter confirm · Ctrl+U clear';
}

/** The key line under every step: its own keys, and Esc when it goes back. */
export function keyLineOf(keys: string | undefined, canGoBack: boolean): string {
  return [keys, canGoBack ? 'Esc back' : undefined].filter(Boolean).join(' · ');
}

/** Enough dots to show that typing registers, not so many that a long token fills the line. */
export const SECRET_MAX_DOTS = 40;

/** The select step's key line, and how many options its list shows at once. */
export const SELECT_KEYS = '↑↓ or 1–9 choose · Enter confirm';
export const SELECT_MAX_VISIBLE = 9;
