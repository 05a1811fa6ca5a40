import { useCallback, useEffect, useRef, useState } from 'react';
import type { Key } from 'ink';
import { PasteInput, type PasteInputEvent, type PasteInputState } from '../src/flow/paste-input-state.js';
import { useStepInput, type StepInputMode } from './use-step-input.js';

export interface PasteInputOptions {
  /** Called with the exact text when Enter arrives (as a key or at the end of a chunk). */
  readonly onSubmit: (text: string) => void;
  /** Text already in the box when it appears (an editable default). */
  readonly initialText?: string;
  /** Empty the box after submitting: a second paste must not be glued to the first. */
  readonly clearOnSubmit?: boolean;
  /**
   * `paste`: a line break inside a chunk is part of the text (a wrapped address). `line`: a
   * one-line answer, so keys typed ahead are cut at each Enter (see use-step-input.ts).
   */
  readonly mode?: Extract<StepInputMode, 'paste' | 'line'>;
  readonly isActive?: boolean;
}

/** Translates one Ink input event into the reducer's vocabulary; undefined = not ours. */
function toPasteEvent(input: string, key: Key): PasteInputEvent | undefined {
  // Ctrl+C and Esc belong to the app (cancel, back); Ctrl+U clears the line, as in a shell.
  if (key.ctrl) return input === 'u' ? { type: 'clear' } : undefined;
  // Ink reports the Backspace key as `delete` on most terminals (it sends \x7f), `backspace` on
  // others (\b). Without a movable cursor both mean "remove the last character".
  if (key.backspace || key.delete) return { type: 'backspace' };
  if (key.return && (input === '' || input === '\r')) return { type: 'enter' };
  // Arrows, Esc, Tab and Alt+key reach us as '' or with `meta`: none of them is text.
  if (input === '' || key.meta) return undefined;
  return { type: 'text', text: input };
}

/**
 * Binds the shared paste input (src/flow/paste-input-state.ts, the 50 ms hold included) to
 * Ink's input. The input lives in a ref because Ink can deliver several chunks of one paste in
 * the same tick, before React re-renders: reading state from the last render would drop chunks.
 */
export function usePasteInput({ onSubmit, initialText = '', clearOnSubmit = false, mode = 'paste', isActive = true }: PasteInputOptions): PasteInputState {
  const onSubmitRef = useRef(onSubmit);
  onSubmitRef.current = onSubmit;
  const [state, setState] = useState<PasteInputState>();
  const inputRef = useRef<PasteInput | undefined>(undefined);
  inputRef.current ??= new PasteInput({
    initialText,
    clearOnSubmit,
    onChange: setState,
    onSubmit: (text) => onSubmitRef.current(text),
  });
  const input = inputRef.current;

  const handleInput = useCallback(
    (text: string, key: Key) => {
      const event = toPasteEvent(text, key);
      if (event) input.apply(event);
    },
    [input],
  );

  useEffect(() => () => input.dispose(), [input]);
  useStepInput(handleInput, { mode, isActive });
  return state ?? input.state;
}
