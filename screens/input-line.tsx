import { Text } from 'ink';
import { previewOf, type PasteInputState } from '../src/flow/paste-input-state.js';
import { groupDigits } from '../src/system/group-digits.js';
import { Secret } from './secret.js';
import { colors, symbols } from './theme.js';

export interface InputLineProps {
  readonly state: PasteInputState;
  /** Draw • for each character instead of the text. */
  readonly secret?: boolean;
  /** Shown dim while the line is empty. */
  readonly placeholder?: string;
  /** How many characters of the start and end to show before eliding the middle. */
  readonly head?: number;
  readonly tail?: number;
}

/**
 * The line being typed or pasted into. Draws a bounded preview, never the whole text: a 100 KB
 * paste rendered in full would flood the terminal and slow every frame. Long texts also get their
 * length, so the person can see that a paste arrived whole.
 */
export function InputLine({ state, secret = false, placeholder, head = 40, tail = 20 }: InputLineProps) {
  const preview = previewOf(state, head, tail);
  return (
    <Text>
      <Text color={colors.active}>{symbols.pointer} </Text>
      {state.length === 0 && placeholder ? <Text dimColor>{placeholder}</Text> : null}
      {secret ? <Secret length={state.length} /> : <Text>{preview.text}</Text>}
      <Text color={colors.active}>{symbols.cursor}</Text>
      {!secret && preview.shortened ? <Text dimColor> ({groupDigits(state.length)} characters)</Text> : null}
    </Text>
  );
}
