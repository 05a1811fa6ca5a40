import { useRef, useState } from 'react';
import { Box, Text, useStdout, type Key } from 'ink';
import { optionColumns, visibleWindow } from './list-window.js';
import {
  chosenValues,
  editOther,
  initialMultiselect,
  isOtherRow,
  moveBy,
  rowCount,
  toggleFocused,
  type MultiselectState,
} from './multiselect-state.js';
import { OptionRow } from './option-row.js';
import { previewOf } from '../src/flow/paste-input-state.js';
import { splitEnter } from './split-enter.js';
import { useStepInput } from './use-step-input.js';
import type { StepProps } from './step-props.js';
import { StepFrame } from './step-frame.js';
import { colors, symbols } from './theme.js';

// Hints may wrap to a second line; eight rows keep the step inside a 24-row terminal.
const maxVisible = 8;

/** Several choices (scopes): Space ticks, Enter confirms, "Other" takes typed extras. */
export function MultiselectStep({ prompt, onAnswer }: StepProps<'multiselect'>) {
  const { options, allowOther } = prompt;
  const rows = rowCount(options, allowOther);
  const { stdout } = useStdout();
  // A ref as well as state: keys from one chunk arrive before React re-renders (see SelectList).
  const stateRef = useRef<MultiselectState>(initialMultiselect(options, prompt.initial, allowOther));
  const [state, setState] = useState(stateRef.current);

  const update = (next: MultiselectState) => {
    stateRef.current = next;
    setState(next);
  };
  const submit = (current: MultiselectState) =>
    onAnswer({ type: 'values', id: prompt.id, values: chosenValues(current, options) });

  const onOtherRow = (input: string, key: Key, current: MultiselectState) => {
    if (key.ctrl && input === 'u') return update(editOther(current, { type: 'clear' }).state);
    if (key.ctrl || key.meta) return;
    const edit =
      key.backspace || key.delete
        ? editOther(current, { type: 'backspace' })
        : key.return
          ? editOther(current, { type: 'enter' })
          : input === ''
            ? undefined
            : editOther(current, { type: 'text', text: input });
    if (!edit) return;
    update(edit.state);
    if (edit.submitted) submit(edit.state);
  };

  useStepInput((input, key) => {
    const current = stateRef.current;
    if (key.upArrow) return update(moveBy(current, -1, rows));
    if (key.downArrow || key.tab) return update(moveBy(current, 1, rows));
    if (isOtherRow(current, options)) return onOtherRow(input, key, current);
    const { text, enter } = splitEnter(input, key.return);
    const next = text === ' ' ? toggleFocused(current, options) : current;
    if (next !== current) update(next);
    if (enter) submit(next);
  }, { mode: 'keys' });

  const { start, end } = visibleWindow(rows, state.focus, maxVisible);
  const otherPreview = previewOf(state.other).text;
  const columns = optionColumns(
    options.map((option) => option.label),
    options.map((option) => option.hint),
    1,
    stdout.columns || 80,
  );
  return (
    <StepFrame
      title={prompt.title}
      help={prompt.help}
      error={prompt.error}
      keys={allowOther ? '↑↓ move · Space tick · type on "Other" · Enter confirm' : '↑↓ move · Space tick · Enter confirm'}
      canGoBack={prompt.canGoBack}
    >
      <Box flexDirection="column">
        {start > 0 ? <Text dimColor>  ↑ {start} more</Text> : null}
        {options.slice(start, Math.min(end, options.length)).map((option, offset) => {
          const index = start + offset;
          const ticked = state.selected.includes(option.value);
          return (
            <OptionRow
              key={option.value}
              focused={index === state.focus}
              marker={<Text color={ticked ? colors.done : undefined}>{ticked ? symbols.checked : symbols.unchecked}</Text>}
              label={option.label}
              hint={option.hint}
              columns={columns}
            />
          );
        })}
        {allowOther && end > options.length ? (
          <Text color={state.focus === options.length ? colors.active : undefined}>
            {state.focus === options.length ? symbols.pointer : ' '} Other (comma-separated): {otherPreview}
            {state.focus === options.length ? symbols.cursor : ''}
          </Text>
        ) : null}
        {end < rows ? <Text dimColor>  ↓ {rows - end} more</Text> : null}
      </Box>
    </StepFrame>
  );
}
