import { SelectList } from './select-list.js';
import type { StepProps } from './step-props.js';
import { StepFrame } from './step-frame.js';
import { SELECT_KEYS } from './step-parts.js';

/** One choice among several (service, region, profile to reconnect). */
export function SelectStep({ prompt, onAnswer }: StepProps<'select'>) {
  return (
    <StepFrame
      title={prompt.title}
      help={prompt.help}
      error={prompt.error}
      keys={SELECT_KEYS}
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
