import { SelectList } from './select-list.js';
import type { StepProps } from './step-props.js';
import { StepFrame } from './step-frame.js';

/** One choice among several (service, region, profile to reconnect). */
export function SelectStep({ prompt, onAnswer }: StepProps<'select'>) {
  return (
    <StepFrame
      title={prompt.title}
      help={prompt.help}
      error={prompt.error}
      keys="↑↓ or 1–9 choose · Enter confirm"
      canGoBack={prompt.canGoBack}
    >
      <SelectList
        options={prompt.options}
        initial={prompt.initial}
        onSubmit={(value) => onAnswer({ type: 'value', id: prompt.id, value })}
      />
    </StepFrame>
  );
}
