import { Box, Text } from 'ink';
import type { DeviceCodeView } from '../src/flow/prompt.js';
import { Countdown } from './countdown.js';
import { colors } from './theme.js';

/** `WDJB-MJHT` → `W D J B - M J H T`: easy to read off a screen and type on a phone. */
export function spacedCode(code: string): string {
  return [...code].join(' ');
}

/**
 * Device sign-in: the address to open, whole on its own line (its box as wide as the address,
 * as in SignInLink, so a terminal copies it as one line), the code big and spaced, and how long
 * the code still works (the service's `expires_in`).
 */
export function DeviceCode({ device, now }: { readonly device: DeviceCodeView; readonly now?: () => number }) {
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text>Open this address:</Text>
      <Box width={Math.max(1, device.verificationUri.length)}>
        <Text color={colors.active} bold>
          {device.verificationUri}
        </Text>
      </Box>
      <Text>and type this code:</Text>
      <Box borderStyle="round" paddingX={2} alignSelf="flex-start">
        <Text bold>{spacedCode(device.userCode)}</Text>
      </Box>
      <Countdown deadline={device.deadline} expiredAction="reauth will offer a new code" {...(now ? { now } : {})} />
    </Box>
  );
}
