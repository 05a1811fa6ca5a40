import { Text } from 'ink';
import { splitEnter } from './split-enter.js';
import { useStepInput } from './use-step-input.js';
import type { StepProps } from './step-props.js';
import { StepFrame } from './step-frame.js';

/** A yes/no question; Enter takes the default, shown in capitals as shells do: (Y/n). */
export function ConfirmStep({ prompt, onAnswer }: StepProps<'confirm'>) {
  useStepInput((input, key) => {
    const answer = (value: boolean) => onAnswer({ type: 'confirm', id: prompt.id, value });
    // "y\r" typed fast is one event: the letter decides, the Enter after it adds nothing.
    const { text, enter } = splitEnter(input, key.return);
    if (text === 'y' || text === 'Y') answer(true);
    else if (text === 'n' || text === 'N') answer(false);
    else if (enter && text === '') answer(prompt.initial);
  }, { mode: 'key' });
  return (
    <StepFrame
      title={prompt.title}
      titleSuffix={<Text dimColor>{prompt.initial ? '(Y/n)' : '(y/N)'}</Text>}
      help={prompt.help}
      error={prompt.error}
      canGoBack={prompt.canGoBack}
    />
  );
}
