import { InputLine } from './input-line.js';
import type { StepProps } from './step-props.js';
import { StepFrame } from './step-frame.js';
import { TEXT_PREVIEW, textStepKeys } from './step-parts.js';
import { usePasteInput } from './use-paste-input.js';

/**
 * A typed answer (client id, client secret, account). Uses the paste-safe input, because these
 * values are usually pasted from a developer portal, often with a trailing newline.
 */
export function TextStep({ prompt, onAnswer }: StepProps<'text'>) {
  const state = usePasteInput({
    initialText: prompt.initial ?? '',
    // Keep the text after Enter: if the flow sends the step back with an error, the person fixes
    // a typo instead of retyping everything.
    clearOnSubmit: false,
    // One line: keys typed ahead for the questions after this one are cut at its Enter.
    mode: 'line',
    onSubmit: (value) => onAnswer({ type: 'value', id: prompt.id, value }),
  });
  return (
    <StepFrame
      title={prompt.title}
      help={prompt.help}
      error={prompt.error}
      keys={textStepKeys(prompt)}
      canGoBack={prompt.canGoBack}
    >
      <InputLine state={state} secret={prompt.secret} placeholder={prompt.placeholder} head={TEXT_PREVIEW.head} tail={TEXT_PREVIEW.tail} />
    </StepFrame>
  );
}
