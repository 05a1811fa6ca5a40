import { Box, Text } from 'ink';
import { ErrorPanel } from './error-panel.js';
import { HelpText } from './help-text.js';
import { SelectList } from './select-list.js';
import type { StepProps } from './step-props.js';
import { colors, symbols } from './theme.js';

export interface ProblemStepProps extends StepProps<'problem'> {
  /** False on the final frame: the panel stays, the options (no longer answerable) go. */
  readonly showOptions?: boolean;
}

/** Something went wrong that the person can act on: the ErrorPanel, then what they can do now. */
export function ProblemStep({ prompt, onAnswer, showOptions = true }: ProblemStepProps) {
  const offerOptions = showOptions && prompt.options.length > 0;
  return (
    <Box flexDirection="column">
      <ErrorPanel title={prompt.title} message={prompt.help} next={prompt.next} />
      {prompt.error ? (
        <Text color={colors.error}>
          {symbols.failed} {prompt.error}
        </Text>
      ) : null}
      {offerOptions ? (
        <Box flexDirection="column" marginTop={1}>
          <SelectList
            options={prompt.options}
            onSubmit={(value) => onAnswer({ type: 'value', id: prompt.id, value })}
          />
          <HelpText>{prompt.canGoBack ? '↑↓ or 1–9 choose · Enter confirm · Esc back' : '↑↓ or 1–9 choose · Enter confirm'}</HelpText>
        </Box>
      ) : null}
    </Box>
  );
}
