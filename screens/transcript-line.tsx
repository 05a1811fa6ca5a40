import { Text, Transform } from 'ink';
import { trimWrappedLine } from './prose.js';
import { SignInLink } from './sign-in-link.js';
import type { TranscriptItem } from './transcript.js';
import { colors, symbols } from './theme.js';

// Most step labels fit; values then line up down the scrollback. Longer labels just push on.
const labelWidth = 16;

/** One permanent line in the scrollback: a finished step, or the sign-in link. */
export function TranscriptLine({ item }: { readonly item: TranscriptItem }) {
  if (item.kind === 'link') return <SignInLink title={item.title} url={item.url} />;
  if (item.kind === 'copy') return <SignInLink title={item.title} url={item.text} />;
  // One Text (a flex row inside <Static> measured its width wrongly); a wrapped value's
  // continuation lines lose the space Ink leaves at their start.
  return (
    <Transform transform={trimWrappedLine}>
      <Text>
        {item.failed ? <Text color={colors.error}>{symbols.failed}</Text> : <Text color={colors.done}>{symbols.done}</Text>} <Text dimColor>{item.label.padEnd(Math.max(labelWidth, item.label.length + 2))}</Text>
        {item.value}
      </Text>
    </Transform>
  );
}
