import { useCallback, useEffect, useRef, useState } from 'react';
import { useInput, type Key } from 'ink';
import {
  applyPasteInput,
  emptyPasteInput,
  pasteInputFrom,
  type PasteInputEvent,
  type PasteInputState,
} from './paste-input-state.js';

export interface PasteInputOptions {
  /** Called with the exact text when Enter arrives (as a key or at the end of a chunk). */
  readonly onSubmit: (text: string) => void;
  /** Text already in the box when it appears (an editable default). */
  readonly initialText?: string;
  /** Empty the box after submitting: a second paste must not be glued to the first. */
  readonly clearOnSubmit?: boolean;
  readonly isActive?: boolean;
}

/**
 * Ink reads a paste in chunks of about 4 KB. A chunk this long that ends in a line break may
 * have been cut there; a typed Enter never comes glued to so much text.
 */
const mayBeCutAt = 1024;
/** Chunks of one paste follow each other within a few milliseconds. */
const holdMs = 50;

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
 * Binds the paste reducer to Ink's input. The authoritative state lives in a ref because Ink can
 * deliver several chunks of one paste in the same tick, before React re-renders: reading state
 * from the last render would drop chunks.
 */
export function usePasteInput({ onSubmit, initialText = '', clearOnSubmit = false, isActive = true }: PasteInputOptions): PasteInputState {
  const stateRef = useRef<PasteInputState>(pasteInputFrom(initialText));
  const [state, setState] = useState(stateRef.current);
  const onSubmitRef = useRef(onSubmit);
  onSubmitRef.current = onSubmit;
  // A long paste ending in a line break at a chunk boundary: maybe Enter, maybe the middle of a
  // wrapped paste whose next chunk is on its way. Held back briefly; more text means "middle".
  const heldRef = useRef<{ readonly text: string; readonly timer: ReturnType<typeof setTimeout> } | undefined>(undefined);

  const submit = useCallback(
    (text: string, after: PasteInputState) => {
      stateRef.current = clearOnSubmit ? emptyPasteInput : after;
      setState(stateRef.current);
      onSubmitRef.current(text);
    },
    [clearOnSubmit],
  );

  const handleInput = useCallback(
    (input: string, key: Key) => {
      const event = toPasteEvent(input, key);
      if (!event) return;
      const held = heldRef.current;
      if (held) {
        clearTimeout(held.timer);
        heldRef.current = undefined;
        if (event.type === 'text') {
          // The paste went on: the line break belonged to it.
          stateRef.current = pasteInputFrom(`${held.text}\n`);
        } else {
          submit(held.text, stateRef.current);
          if (event.type === 'enter') return;
        }
      }
      const result = applyPasteInput(stateRef.current, event);
      if (result.submitted === undefined) {
        stateRef.current = result.state;
        setState(stateRef.current);
        return;
      }
      if (event.type === 'text' && event.text.length >= mayBeCutAt) {
        const text = result.submitted;
        stateRef.current = pasteInputFrom(text);
        setState(stateRef.current);
        heldRef.current = {
          text,
          timer: setTimeout(() => {
            heldRef.current = undefined;
            submit(text, result.state);
          }, holdMs),
        };
        return;
      }
      submit(result.submitted, result.state);
    },
    [submit],
  );

  useEffect(() => () => clearTimeout(heldRef.current?.timer), []);
  useInput(handleInput, { isActive });
  return state;
}
