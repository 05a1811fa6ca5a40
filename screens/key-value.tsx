import { Box, Text } from 'ink';
import type { PreviewLine } from '../src/flow/prompt.js';
import { symbols } from './theme.js';

export interface KeyValueProps {
  /** Values arrive already masked by the flow; this component only lays them out. */
  readonly lines: readonly PreviewLine[];
  readonly dim?: boolean;
}

/**
 * `KEY  before → after`, keys padded to one column so the eye can run down the changes.
 * A key with no `before` is new, shown as "(not set)".
 */
export function KeyValue({ lines, dim = false }: KeyValueProps) {
  const keyWidth = Math.max(0, ...lines.map((line) => line.key.length));
  return (
    <Box flexDirection="column">
      {lines.map((line, index) => (
        <Text key={`${index}:${line.key}`} dimColor={dim}>
          {line.key.padEnd(keyWidth)}
          {'  '}
          <Text dimColor>{line.before ?? '(not set)'}</Text> {symbols.arrow} {line.after}
        </Text>
      ))}
    </Box>
  );
}
