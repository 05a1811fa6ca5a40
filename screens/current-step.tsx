import type { Answer, Prompt } from '../src/flow/prompt.js';
import { BusyStep } from './busy-step.js';
import { ConfirmStep } from './confirm-step.js';
import { DoneStep } from './done-step.js';
import { MultiselectStep } from './multiselect-step.js';
import { PasteStep } from './paste-step.js';
import { PreviewStep } from './preview-step.js';
import { ProblemStep } from './problem-step.js';
import { SelectStep } from './select-step.js';
import { TextStep } from './text-step.js';

export interface CurrentStepProps {
  readonly prompt: Prompt;
  readonly onAnswer: (answer: Answer) => void;
  /** Set once the wizard has ended: draw only what should stay on screen, take no more input. */
  readonly finished?: { readonly exitCode: number };
}

/** Picks the component for the prompt's kind; the only place that knows all the kinds. */
export function CurrentStep({ prompt, onAnswer, finished }: CurrentStepProps) {
  if (finished) {
    // After the end (done, a fatal problem, or Ctrl+C) a question left on screen would look
    // answerable. Keep the outcome, drop the rest; the history above already says what happened.
    if (prompt.kind === 'done') return <DoneStep prompt={prompt} exitCode={finished.exitCode} />;
    if (prompt.kind === 'problem') return <ProblemStep prompt={prompt} onAnswer={onAnswer} showOptions={false} />;
    return null;
  }
  switch (prompt.kind) {
    case 'select':
      return <SelectStep prompt={prompt} onAnswer={onAnswer} />;
    case 'multiselect':
      return <MultiselectStep prompt={prompt} onAnswer={onAnswer} />;
    case 'text':
      return <TextStep prompt={prompt} onAnswer={onAnswer} />;
    case 'confirm':
      return <ConfirmStep prompt={prompt} onAnswer={onAnswer} />;
    case 'paste':
      return <PasteStep prompt={prompt} onAnswer={onAnswer} />;
    case 'busy':
      return <BusyStep prompt={prompt} />;
    case 'preview':
      return <PreviewStep prompt={prompt} onAnswer={onAnswer} />;
    case 'problem':
      return <ProblemStep prompt={prompt} onAnswer={onAnswer} />;
    case 'done':
      return <DoneStep prompt={prompt} />;
  }
}
