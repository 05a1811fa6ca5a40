import { Box, Text, Transform } from 'ink';

export interface ProseProps {
  /** Sentences; `\n` starts a new line, and a line's own leading spaces are kept. */
  readonly children: string;
  readonly dimColor?: boolean;
  readonly color?: string;
}

// Ink wraps with wrap-ansi and `trim: false`, so a line broken at a space starts with that space.
// Only continuation lines (index > 0 within one source line) are trimmed, after any colour codes.
const leadingSpaceAfterStyles = /^((?:\u001B\[[0-9;]*m)*) +/;
export function trimWrappedLine(line: string, index: number): string {
  return index === 0 ? line : line.replace(leadingSpaceAfterStyles, '$1');
}

/** Running text that wraps cleanly at the terminal width: guidance, error details. */
export function Prose({ children, dimColor = false, color }: ProseProps) {
  return (
    <Box flexDirection="column">
      {children.split('\n').map((line, index) => (
        <Transform key={index} transform={trimWrappedLine}>
          {/* An empty Text has no height in Ink; a space keeps blank lines the writer meant. */}
          <Text dimColor={dimColor} color={color}>
            {line === '' ? ' ' : line}
          </Text>
        </Transform>
      ))}
    </Box>
  );
}
