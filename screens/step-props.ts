import type { Answer, Prompt, PromptKind } from '../src/flow/prompt.js';

/** The prompt of one kind, narrowed, so each step component only sees its own fields. */
export type PromptOf<K extends PromptKind> = Extract<Prompt, { readonly kind: K }>;

/** What every step component receives: the prompt it draws and where its answer goes. */
export interface StepProps<K extends PromptKind> {
  readonly prompt: PromptOf<K>;
  readonly onAnswer: (answer: Answer) => void;
}
