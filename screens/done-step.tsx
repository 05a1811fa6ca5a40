import { Box, Text } from 'ink';
import type { StepProps } from './step-props.js';
import { colors, symbols } from './theme.js';

/** The last screen: what was done and what to run next (e.g. the cron line). Stays in scrollback. */
export function DoneStep({ prompt }: Pick<StepProps<'done'>, 'prompt'>) {
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text color={colors.done} bold>
        {symbols.done} {prompt.title}
      </Text>
      {prompt.lines.map((line, index) => (
        <Text key={index}>{line}</Text>
      ))}
      {prompt.help ? <Text dimColor>{prompt.help}</Text> : null}
    </Box>
  );
}
