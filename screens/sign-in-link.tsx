import { Box, Text } from 'ink';
import { colors } from './theme.js';

export interface SignInLinkProps {
  readonly title: string;
  readonly url: string;
}

/**
 * The sign-in step's title and its link, printed once into the scrollback (App puts this in
 * <Static>). The link is alone on its line, whole: no box, no truncation, and no line breaks of
 * Ink's — Ink hard-wraps text at the terminal width, which would put newlines inside the URL and
 * break copying it. Its box is as wide as the URL instead, so the terminal soft-wraps it, and
 * terminals copy a soft-wrapped line as one. This only works in <Static>: the live area is
 * erased by counting lines, and a soft-wrapped line would be miscounted on every redraw.
 */
export function SignInLink({ title, url }: SignInLinkProps) {
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text color={colors.active} bold>
        {title}
      </Text>
      <Box width={Math.max(1, url.length)}>
        <Text>{url}</Text>
      </Box>
    </Box>
  );
}
