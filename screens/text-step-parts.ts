/**
 * The parts of a text step's screen that are decided by rules rather than drawn by Ink, shared
 * by TextStep and the frame drawn before Ink loads (first-frame/), so both show the same.
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
