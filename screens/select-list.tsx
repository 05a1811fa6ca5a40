import { useRef, useState } from 'react';
import { Box, Text, useStdout } from 'ink';
import type { PromptOption } from '../src/flow/prompt.js';
import { moveFocus, optionColumns, visibleWindow } from './list-window.js';
import { OptionRow } from './option-row.js';
import { splitEnter } from './split-enter.js';
import { SELECT_MAX_VISIBLE as maxVisible } from './step-parts.js';
import { useStepInput } from './use-step-input.js';

export interface SelectListProps {
  readonly options: readonly PromptOption[];
  /** Value focused first; the first option otherwise. */
  readonly initial?: string;
  readonly onSubmit: (value: string) => void;
  readonly isActive?: boolean;
}

// Hints may wrap to a second line: nine options then still fit a 24-row terminal with the title.

/**
 * A numbered single-choice list: ↑/↓ move, 1–9 jump to an option, Enter chooses. Own, not
 * @inkjs/ui Select, because each option shows its hint and number keys must work.
 */
export function SelectList({ options, initial, onSubmit, isActive = true }: SelectListProps) {
  const { stdout } = useStdout();
  // A ref, not only state: Ink can deliver "↓" and Enter from one chunk back to back, before
  // React re-renders, and Enter must see where ↓ moved to.
  const focusRef = useRef(Math.max(0, options.findIndex((option) => option.value === initial)));
  const [, setShownFocus] = useState(focusRef.current);
  // The flow may re-send the step with fewer options; never point past the end.
  const focus = Math.min(focusRef.current, Math.max(0, options.length - 1));

  const moveTo = (index: number) => {
    focusRef.current = index;
    setShownFocus(index);
  };

  useStepInput(
    (input, key) => {
      const last = Math.max(0, options.length - 1);
      const current = Math.min(focusRef.current, last);
      const { text, enter } = splitEnter(input, key.return);
      if (key.upArrow) moveTo(moveFocus(current, -1, options.length));
      else if (key.downArrow || key.tab) moveTo(moveFocus(current, 1, options.length));
      else if (/^[1-9]$/.test(text) && Number(text) <= options.length) moveTo(Number(text) - 1);
      if (enter) {
        const chosen = options[Math.min(focusRef.current, last)];
        if (chosen) onSubmit(chosen.value);
      }
    },
    { mode: 'keys', isActive },
  );

  const { start, end } = visibleWindow(options.length, focus, maxVisible);
  const columns = optionColumns(
    options.map((option) => option.label),
    options.map((option) => option.hint),
    2,
    stdout.columns || 80,
  );
  return (
    <Box flexDirection="column">
      {start > 0 ? <Text dimColor>  ↑ {start} more</Text> : null}
      {options.slice(start, end).map((option, offset) => {
        const index = start + offset;
        return (
          <OptionRow
            key={option.value}
            focused={index === focus}
            marker={index < 9 ? `${index + 1}.` : '  '}
            label={option.label}
            hint={option.hint}
            columns={columns}
          />
        );
      })}
      {end < options.length ? <Text dimColor>  ↓ {options.length - end} more</Text> : null}
    </Box>
  );
}
