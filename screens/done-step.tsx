import { Box, Text } from 'ink';
import type { StepProps } from './step-props.js';
import { colors, symbols } from './theme.js';

export interface DoneStepProps extends Pick<StepProps<'done'>, 'prompt'> {
  /** How the wizard ended (view.finished); absent while still running, which counts as success. */
  readonly exitCode?: number;
}

// 130 is Ctrl+C or "quit": the person chose it, so no alarm colour (DESIGN.md: no noise).
const interrupted = 130;

function Title({ title, exitCode }: { readonly title: string; readonly exitCode: number }) {
  if (exitCode === 0) {
    return (
      <Text color={colors.done} bold>
        {symbols.done} {title}
      </Text>
    );
  }
  if (exitCode === interrupted) return <Text bold>{title}</Text>;
  return (
    <Text color={colors.error} bold>
      {symbols.failed} {title}
    </Text>
  );
}

/**
 * The last screen: what was done and what to run next (e.g. the cron line). Stays in scrollback.
 * The mark follows the exit code, so "The tokens could not be kept" never gets a green tick.
 */
export function DoneStep({ prompt, exitCode = 0 }: DoneStepProps) {
  return (
    <Box flexDirection="column" marginTop={1}>
      <Title title={prompt.title} exitCode={exitCode} />
      {prompt.lines.map((line, index) => (
        // An empty Text has no height in Ink; a space keeps the flow's blank separator lines.
        <Text key={index}>{line === '' ? ' ' : line}</Text>
      ))}
      {prompt.copyText ? (
        <Box flexDirection="column" marginTop={1}>
          <Text>{prompt.copyText.title}</Text>
          {/* As wide as the line, so Ink never breaks it: the terminal soft-wraps it and copies it whole.
              Safe here because the done screen is the last frame: it is never erased and redrawn. */}
          <Box width={Math.max(1, prompt.copyText.text.length)}>
            <Text>{prompt.copyText.text}</Text>
          </Box>
        </Box>
      ) : null}
      {prompt.help ? <Text dimColor>{prompt.help}</Text> : null}
    </Box>
  );
}
