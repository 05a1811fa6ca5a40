import { Box, Text } from 'ink';
import { Countdown } from './countdown.js';
import { HelpText } from './help-text.js';
import { InputLine } from './input-line.js';
import { LinkNotes } from './link-notes.js';
import type { StepProps } from './step-props.js';
import { StepFrame } from './step-frame.js';
import { usePasteInput } from './use-paste-input.js';

export interface PasteStepProps extends StepProps<'paste'> {
  /** The clock; the same one the countdown reads. */
  readonly now?: () => number;
}

/**
 * The sign-in step: the person pastes the code, or the whole address the browser landed on,
 * before the countdown runs out. When the prompt has a link, App has already printed the title
 * and the link above as permanent lines (sign-in-link.tsx explains why they cannot live here),
 * so this draws the rest: what happened to the link, guidance, the countdown, the paste box.
 */
export function PasteStep({ prompt, onAnswer, now = Date.now }: PasteStepProps) {
  const state = usePasteInput({
    // A rejected paste (wrong state, truncated URL) is answered by pasting again; the new paste
    // must not be glued to the old one.
    clearOnSubmit: true,
    onSubmit: (text) => {
      if (text.trim() !== '') onAnswer({ type: 'value', id: prompt.id, value: text });
      // Enter on an empty box after the deadline asks for a fresh link. The countdown only shows
      // the hint: this one input owns Enter, so the two can never both act on one key.
      else if (now() >= prompt.deadline) onAnswer({ type: 'new-link', id: prompt.id });
    },
  });

  return (
    <StepFrame
      title={prompt.url ? undefined : prompt.title}
      error={prompt.error}
      keys="Enter submit · Ctrl+U clear"
      canGoBack={prompt.canGoBack}
    >
      {prompt.linkNotes.length > 0 ? <LinkNotes notes={prompt.linkNotes} /> : null}
      {prompt.help ? (
        <Box marginTop={prompt.linkNotes.length > 0 ? 1 : 0}>
          <HelpText>{prompt.help}</HelpText>
        </Box>
      ) : null}
      <Box marginTop={1} flexDirection="column">
        <Countdown
          deadline={prompt.deadline}
          assumed={prompt.deadlineAssumed}
          expiredAction="press Enter for a fresh link"
          now={now}
        />
        <Text>{prompt.url ? 'Paste the code or the whole address here:' : 'Paste the code here:'}</Text>
        <InputLine state={state} />
      </Box>
    </StepFrame>
  );
}
