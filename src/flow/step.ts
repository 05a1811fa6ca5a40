/**
 * The wizard is a list of steps. A question step turns an Answer into new data; an action
 * step does I/O (through WizardEffects) and returns new data. The engine (engine.ts) picks the
 * first step that applies and is not done yet — so the order of questions is data, and going
 * back is popping the list of done steps.
 */
import type { Answer, Prompt, PromptOption, StepSummary } from './prompt.js';
import type { WizardContext, WizardData } from './wizard-data.js';
import type { WizardEffects } from './wizard-effects.js';

/** A Prompt without the fields the engine fills in (id, canGoBack, error). */
export type PromptBody = DistributiveOmit<Prompt, 'id' | 'canGoBack' | 'error'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * `again: true` keeps the step current after accepting (multi-round questions such as
 * "key names for each target").
 */
export type Accepted =
  | { readonly data: WizardData; readonly again?: boolean }
  | { readonly error: string }
  /** Go back to an earlier step (e.g. "fresh link" → sign_in), undoing what came after. */
  | { readonly rewindTo: string }
  /** End the wizard here. */
  | { readonly quit: { readonly exitCode: number; readonly title: string; readonly lines: readonly string[] } };

export interface QuestionStep {
  readonly type: 'question';
  readonly id: string;
  applies(data: WizardData, ctx: WizardContext): boolean;
  prompt(data: WizardData, ctx: WizardContext): PromptBody;
  accept(answer: Answer, data: WizardData, ctx: WizardContext): Accepted;
  /** The one-line history entry once answered (values masked). */
  summary?(data: WizardData, ctx: WizardContext): StepSummary | undefined;
  /** Clears what this step set, when the person goes back over it. */
  undo?(data: WizardData): WizardData;
}

export interface ActionStep {
  readonly type: 'action';
  readonly id: string;
  applies(data: WizardData, ctx: WizardContext): boolean;
  /** Shown while it runs ("Exchanging the code with Netatmo…"). */
  title(data: WizardData, ctx: WizardContext): string;
  /**
   * A token is in flight while it runs (a code being spent, tokens being written): a Ctrl+C or
   * a stop signal waits until it has finished and the tokens are on disk.
   */
  readonly finishBeforeStopping?: boolean;
  run(data: WizardData, ctx: WizardContext, effects: WizardEffects): Promise<WizardData>;
  /** What to offer the person when run() fails; default: retry or quit. */
  recover?(error: unknown, data: WizardData, ctx: WizardContext): Recovery;
  summary?(data: WizardData, ctx: WizardContext): StepSummary | undefined;
  undo?(data: WizardData): WizardData;
}

export type Step = QuestionStep | ActionStep;

/** A way out of a failed action: go back to a step, retry, or quit. */
export interface RecoveryOption extends PromptOption {
  readonly action:
    | { readonly type: 'retry' }
    | { readonly type: 'back-to'; readonly stepId: string }
    | { readonly type: 'continue'; readonly patch?: Partial<WizardData> }
    | { readonly type: 'quit'; readonly exitCode: number };
}

export interface Recovery {
  readonly title: string;
  readonly message: string;
  readonly next?: string;
  readonly options: readonly RecoveryOption[];
}

