import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import { colors, symbols } from './theme.js';

export interface OptionRowProps {
  readonly focused: boolean;
  /** What stands between the pointer and the label: "1." in a select, ◉/◯ in a multiselect. */
  readonly marker: ReactNode;
  readonly label: string;
  readonly hint?: string;
  /** Width of the label column, the same for every row of one list so the hints line up. */
  readonly labelWidth: number;
}

/** Pointer, marker and label never wrap into the hint: the label column is sized to the longest. */
export const maxLabelColumn = 32;

/**
 * One option of a list: `❯ 1. Netatmo   hint…`. The hint has its own column and wraps inside it,
 * so a long hint stays aligned under itself instead of running back to the left edge.
 */
export function OptionRow({ focused, marker, label, hint, labelWidth }: OptionRowProps) {
  return (
    <Box>
      <Box width={labelWidth} flexShrink={0}>
        <Text color={focused ? colors.active : undefined}>
          {focused ? symbols.pointer : ' '} {marker} {label}
        </Text>
      </Box>
      {hint ? (
        <Box flexGrow={1} flexShrink={1}>
          <Text dimColor>{hint}</Text>
        </Box>
      ) : null}
    </Box>
  );
}

/** The label column for a list: pointer, marker and the longest label, two spaces, capped. */
export function labelColumnWidth(labels: readonly string[], markerWidth: number): number {
  const longest = Math.max(0, ...labels.map((label) => label.length));
  return Math.min(maxLabelColumn, 2 + markerWidth + 1 + longest + 2);
}
