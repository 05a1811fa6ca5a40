import { Box, Text } from 'ink';
import { HelpText } from './help-text.js';
import type { StepProps } from './step-props.js';
import { Spinner } from './spinner.js';
import { DeviceWait } from './device-code.js';

/**
 * Something is happening (exchanging the code, checking the token): a spinner and what it is.
 * While a device sign-in waits, its title, code and address are already in the scrollback
 * (transcript.ts): here only the live lines, and a stop note if there is one.
 */
export function BusyStep({ prompt }: Pick<StepProps<'busy'>, 'prompt'>) {
  if (prompt.device) {
    return (
      <Box flexDirection="column" marginTop={1}>
        <DeviceWait device={prompt.device} />
        {prompt.help ? <HelpText>{prompt.help}</HelpText> : null}
      </Box>
    );
  }
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text>
        <Spinner /> {prompt.title}
      </Text>
      {prompt.help ? <HelpText>{prompt.help}</HelpText> : null}
    </Box>
  );
}
