import type { ReactNode } from 'react';
import { Box, Text, Transform } from 'ink';
import { trimWrappedLine } from './prose.js';
import type { OptionColumns } from './list-window.js';
import { colors, symbols } from './theme.js';

export interface OptionRowProps {
  readonly focused: boolean;
  /** What stands between the pointer and the label: "1." in a select, ◉/◯ in a multiselect. */
  readonly marker: ReactNode;
  readonly label: string;
  readonly hint?: string;
  /** The same for every row of one list (optionColumns), so labels and hints line up. */
  readonly columns: OptionColumns;
}

/**
 * One option of a list: `❯ 1. Netatmo   hint…`, in three columns. A label or hint too long for
 * its column wraps inside it, aligned under itself, instead of running back to the left edge.
 */
export function OptionRow({ focused, marker, label, hint, columns }: OptionRowProps) {
  const color = focused ? colors.active : undefined;
  return (
    <Box>
      <Box width={columns.prefix} flexShrink={0}>
        <Text color={color}>
          {focused ? symbols.pointer : ' '} {marker}
        </Text>
      </Box>
      <Box width={columns.label} flexShrink={0} paddingRight={hint ? 2 : 0}>
        <Text color={color}>{label}</Text>
      </Box>
      {hint ? (
        <Box flexGrow={1} flexShrink={1}>
          <Transform transform={trimWrappedLine}>
            <Text dimColor>{hint}</Text>
          </Transform>
        </Box>
      ) : null}
    </Box>
  );
}
