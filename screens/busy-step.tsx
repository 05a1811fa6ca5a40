import { Box, Text } from 'ink';
import { HelpText } from './help-text.js';
import type { StepProps } from './step-props.js';
import { Spinner } from './spinner.js';
import { DeviceCode } from './device-code.js';

/**
 * Something is happening (exchanging the code, checking the token): a spinner and what it is;
 * while a device sign-in waits, also the code and where to type it.
 */
export function BusyStep({ prompt }: Pick<StepProps<'busy'>, 'prompt'>) {
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text>
        <Spinner /> {prompt.title}
      </Text>
      {prompt.help ? <HelpText>{prompt.help}</HelpText> : null}
      {prompt.device ? <DeviceCode device={prompt.device} /> : null}
    </Box>
  );
}
