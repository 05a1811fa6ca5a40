import { Box, Text, Transform } from 'ink';
import { trimWrappedLine } from './trim-wrapped-line.js';

export { trimWrappedLine };

export interface ProseProps {
  /** Sentences; `\n` starts a new line, and a line's own leading spaces are kept. */
  readonly children: string;
  readonly dimColor?: boolean;
  readonly color?: string;
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
