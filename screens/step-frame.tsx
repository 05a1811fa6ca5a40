import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import { HelpText } from './help-text.js';
import { keyLineOf } from './step-parts.js';
import { colors, symbols } from './theme.js';

export interface StepFrameProps {
  /** Omitted when the title was already printed above (the sign-in step prints it with the link). */
  readonly title?: string;
  /** Drawn after the title on the same line, e.g. "(Y/n)". */
  readonly titleSuffix?: ReactNode;
  readonly help?: string;
  /** Why the last answer was not accepted. */
  readonly error?: string;
  /** One line of keys, e.g. "↑↓ choose · Enter confirm". */
  readonly keys?: string;
  /** Whether Esc goes one step back; adds it to the key line so it is discoverable. */
  readonly canGoBack?: boolean;
  readonly children?: ReactNode;
}

/**
 * The layout every step shares, so the wizard reads the same at each step: the question in the
 * active colour, guidance, the step's own body, what went wrong, then the keys that work.
 */
export function StepFrame({ title, titleSuffix, help, error, keys, canGoBack = false, children }: StepFrameProps) {
  const keyLine = keyLineOf(keys, canGoBack);
  return (
    <Box flexDirection="column" marginTop={1}>
      {title ? (
        <Text>
          <Text color={colors.active} bold>
            {title}
          </Text>
          {titleSuffix ? <Text> {titleSuffix}</Text> : null}
        </Text>
      ) : null}
      {help ? <HelpText>{help}</HelpText> : null}
      {children}
      {error ? (
        <Text color={colors.error}>
          {symbols.failed} {error}
        </Text>
      ) : null}
      {keyLine ? <HelpText>{keyLine}</HelpText> : null}
    </Box>
  );
}
