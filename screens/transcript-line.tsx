import { Box, Text, useStdout } from 'ink';
import { DeviceCodeBlock } from './device-code.js';
import { SignInLink } from './sign-in-link.js';
import type { TranscriptItem } from './transcript.js';
import { colors, symbols } from './theme.js';
import { wrapWords } from '../src/system/wrap-words.js';

// Most step labels fit; values then line up down the scrollback. Longer labels just push on.
const labelWidth = 16;

/** A link, a line to copy or a device code: printed whole, and kept apart from what follows. */
export function isBlock(item: TranscriptItem | undefined): boolean {
  return item !== undefined && item.kind !== 'step';
}

/**
 * One permanent line in the scrollback: a finished step, or the sign-in link. `afterBlock`: a
 * step right after a link gets a blank line, so a wrapped link does not run into "✔ Sign-in".
 */
export function TranscriptLine({ item, afterBlock = false }: { readonly item: TranscriptItem; readonly afterBlock?: boolean }) {
  const { stdout } = useStdout();
  if (item.kind === 'link') return <SignInLink title={item.title} url={item.url} />;
  if (item.kind === 'copy') return <SignInLink title={item.title} url={item.text} />;
  if (item.kind === 'device') return <DeviceCodeBlock title={item.title} device={item.device} />;
  const label = item.label.padEnd(Math.max(labelWidth, item.label.length + 2));
  const indent = 2 + label.length;
  // Wrapped here, not by Ink: continuation lines hang under the value, and every line is
  // shorter than the terminal, so nothing is wrapped twice.
  const lines = wrapWords(item.value, Math.max(20, (stdout.columns || 80) - indent - 1));
  return (
    <Box flexDirection="column" marginTop={afterBlock ? 1 : 0}>
      {lines.map((line, index) => (
        <Text key={index}>
          {index === 0 ? (
            <>
              {item.failed ? <Text color={colors.error}>{symbols.failed}</Text> : <Text color={colors.done}>{symbols.done}</Text>}{' '}
              <Text dimColor>{label}</Text>
            </>
          ) : (
            ' '.repeat(indent)
          )}
          {line}
        </Text>
      ))}
    </Box>
  );
}
