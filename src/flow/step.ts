/**
 * The wizard is a list of steps. A question step turns an Answer into new data; an action
 * step does I/O (through WizardEffects) and returns new data. The engine (engine.ts) picks the
 * first step that applies and is not done yet — so the order of questions is data, and going
 * back is popping the list of done steps.
 */
import type { Answer, DeviceCodeView, Prompt, PromptOption, StepSummary } from './prompt.js';
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
  /** Go back to an earlier step (e.g. "fresh link" → sign_in), undoing what came after; `patch` is applied after. */
  | { readonly rewindTo: string; readonly patch?: Partial<WizardData> }
  /** End the wizard here. */
  | { readonly quit: { readonly exitCode: number; readonly title: string; readonly lines: readonly string[] } };

/**
 * WizardData as a step that `needs` the fields K sees it: those are set. The engine checks the
 * list before every callback but `applies` and `undo` (engine.ts `checkNeeds`), so a step
 * cannot read what no earlier step set; a field only some flows set stays optional.
 */
export type Has<K extends keyof WizardData> = WizardData & { readonly [P in K]-?: NonNullable<WizardData[P]> };

/**
 * K is what the callbacks may read as set. A step that needs nothing is written as a plain
 * `QuestionStep`; one that needs fields is made with `questionStep`, which infers K from
 * `needs` and hands back a `QuestionStep` the step list can hold.
 */
export interface QuestionStep<K extends keyof WizardData = never> {
  readonly type: 'question';
  readonly id: string;
  /** Fields an earlier step must have set. */
  readonly needs?: readonly (keyof WizardData)[];
  /** Plain WizardData: it decides whether the step is current, often by checking those fields. */
  applies(data: WizardData, ctx: WizardContext): boolean;
  prompt(data: Has<K>, ctx: WizardContext): PromptBody;
  accept(answer: Answer, data: Has<K>, ctx: WizardContext): Accepted;
  /** The one-line history entry once answered (values masked). */
  summary?(data: Has<K>, ctx: WizardContext): StepSummary | undefined;
  /** Clears what this step set, when the person goes back over it. */
  undo?(data: WizardData): WizardData;
  /**
   * Where the tokens go: still open once a sign-in got them, so Esc from the preview comes back
   * here. Every other question before the sign-in shaped those tokens (service, client,
   * scopes) and is closed once they exist (engine.ts `goBack`).
   */
  readonly openAfterSignIn?: boolean;
}

export interface ActionStep<K extends keyof WizardData = never> {
  readonly type: 'action';
  readonly id: string;
  readonly needs?: readonly (keyof WizardData)[];
  applies(data: WizardData, ctx: WizardContext): boolean;
  /** Shown while it runs ("Exchanging the code with Netatmo…"). */
  title(data: Has<K>, ctx: WizardContext): string;
  /**
   * A token is in flight while it runs (a code being spent, tokens being written): a Ctrl+C or
   * a stop signal waits until it has finished and the tokens are on disk.
   */
  readonly finishBeforeStopping?: boolean;
  /** More for the busy screen than the title (the device sign-in's code and address). */
  busyView?(data: Has<K>, ctx: WizardContext): { readonly help?: string; readonly device?: DeviceCodeView };
  run(data: Has<K>, ctx: WizardContext, effects: WizardEffects): Promise<WizardData>;
  /** What to offer the person when run() fails; default: retry or quit. */
  recover?(error: unknown, data: Has<K>, ctx: WizardContext): Recovery;
  summary?(data: Has<K>, ctx: WizardContext): StepSummary | undefined;
  undo?(data: WizardData): WizardData;
}

/**
 * A question whose callbacks read `needs` as set: K is inferred from the list. It comes back
 * with K erased, so one list holds steps that need different fields (method parameters are
 * bivariant); what makes that sound is the engine's check of `needs`, not the type.
 */
export function questionStep<const K extends keyof WizardData = never>(
  step: Omit<QuestionStep<K>, 'type' | 'needs'> & { readonly needs: readonly K[] },
): QuestionStep {
  return { type: 'question', ...step };
}

/** The same for an action. */
export function actionStep<const K extends keyof WizardData = never>(
  step: Omit<ActionStep<K>, 'type' | 'needs'> & { readonly needs: readonly K[] },
): ActionStep {
  return { type: 'action', ...step };
}

export type Step = QuestionStep | ActionStep;

/** A way out of a failed action: go back to a step, retry, or quit. */
export interface RecoveryOption extends PromptOption {
  readonly action:
    /** `patch` is applied before retrying: what changes so the retry is not the same attempt (a question opened again). */
    | { readonly type: 'retry'; readonly patch?: Partial<WizardData> }
    /** `patch` is applied after going back: what the earlier step should know (the service refused its answer). */
    | { readonly type: 'back-to'; readonly stepId: string; readonly patch?: Partial<WizardData> }
    | { readonly type: 'continue'; readonly patch?: Partial<WizardData> }
    | { readonly type: 'quit'; readonly exitCode: number };
}

export interface Recovery {
  readonly title: string;
  readonly message: string;
  readonly next?: string;
  readonly options: readonly RecoveryOption[];
}

