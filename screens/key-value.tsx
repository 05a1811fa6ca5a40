import { Box, Text, useStdout } from 'ink';
import type { PreviewLine } from '../src/flow/prompt.js';
import { symbols } from './theme.js';

export interface KeyValueProps {
  /** Values arrive already masked by the flow; this component only lays them out. */
  readonly lines: readonly PreviewLine[];
  /** Columns already taken to the left (indentation), to know when a row no longer fits. */
  readonly indent?: number;
}

const notSet = '(not set)';

function change(line: PreviewLine) {
  return (
    <>
      <Text dimColor>{line.before ?? notSet}</Text> {symbols.arrow} {line.after}
    </>
  );
}

/**
 * `KEY  before → after`, keys padded to one column so the eye can run down the changes. When a
 * row would not fit the terminal (YAML paths get long), every row puts its change on the next
 * line instead: Ink would otherwise break it mid-value and lose the columns.
 */
export function KeyValue({ lines, indent = 0 }: KeyValueProps) {
  const columns = useStdout().stdout.columns || 80;
  const keyWidth = Math.max(0, ...lines.map((line) => line.key.length));
  const widest = Math.max(0, ...lines.map((line) => (line.before ?? notSet).length + 3 + line.after.length));
  const stacked = indent + keyWidth + 2 + widest > columns;
  return (
    <Box flexDirection="column">
      {lines.map((line, index) =>
        stacked ? (
          <Box key={`${index}:${line.key}`} flexDirection="column">
            <Text>{line.key}</Text>
            {/* A margin, not leading spaces: a change that wraps keeps its indent on every line. */}
            <Box marginLeft={4}>
              <Text>{change(line)}</Text>
            </Box>
          </Box>
        ) : (
          <Text key={`${index}:${line.key}`}>
            {line.key.padEnd(keyWidth)}
            {'  '}
            {change(line)}
          </Text>
        ),
      )}
    </Box>
  );
}
