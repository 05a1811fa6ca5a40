import { Box, Text } from 'ink';
import { Prose } from './prose.js';
import { colors, symbols } from './theme.js';

export interface ErrorPanelProps {
  readonly title: string;
  /** What happened, in plain words. */
  readonly message?: string;
  /** What to do next, e.g. "run `reauth setup weather`". */
  readonly next?: string;
}

/**
 * A problem, said once and calmly: what went wrong in red, the detail, then the step that fixes
 * it (the cli-kit pattern of errors that carry their next step).
 */
export function ErrorPanel({ title, message, next }: ErrorPanelProps) {
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text color={colors.error} bold>
        {symbols.failed} {title}
      </Text>
      {message ? <Prose>{message}</Prose> : null}
      {next ? (
        <Text>
          <Text bold>Next: </Text>
          {next}
        </Text>
      ) : null}
    </Box>
  );
}
