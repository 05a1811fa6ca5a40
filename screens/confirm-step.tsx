import { Text, useInput } from 'ink';
import type { StepProps } from './step-props.js';
import { StepFrame } from './step-frame.js';

/** A yes/no question; Enter takes the default, shown in capitals as shells do: (Y/n). */
export function ConfirmStep({ prompt, onAnswer }: StepProps<'confirm'>) {
  useInput((input, key) => {
    const answer = (value: boolean) => onAnswer({ type: 'confirm', id: prompt.id, value });
    if (input === 'y' || input === 'Y') answer(true);
    else if (input === 'n' || input === 'N') answer(false);
    else if (key.return) answer(prompt.initial);
  });
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
