/**
 * The wizard's state machine, pure: (state, event) → state. No I/O and no clock; the
 * controller (wizard-controller.ts) runs action steps and feeds their results back here.
 */
import { BugError, Cancelled, isUserError } from '../errors.js';
import type { Answer, CopyText, Prompt, StepSummary, WizardView } from './prompt.js';
import type { Recovery, RecoveryOption, Step } from './step.js';
import type { WizardContext, WizardData } from './wizard-data.js';

export interface EngineState {
  readonly data: WizardData;
  /** Ids of finished steps, in order: the back stack. */
  readonly done: readonly string[];
  readonly history: readonly { readonly stepId: string; readonly summary: StepSummary }[];
  /** A failed action waiting for the person to choose a way out. */
  readonly problem?: { readonly stepId: string; readonly recovery: Recovery };
  /** Why the last answer to the current question was not accepted. */
  readonly error?: { readonly stepId: string; readonly message: string };
  readonly finished?: { readonly exitCode: number; readonly title: string; readonly lines: readonly string[]; readonly copyText?: CopyText };
}

/** `given` lines summarise what flags or the saved profile already decided ("Service Netatmo"). */
export function initialState(data: WizardData, given: readonly StepSummary[] = []): EngineState {
  return { data, done: [], history: given.map((summary) => ({ stepId: 'given', summary })) };
}

/** The first step that applies and is not done: what the wizard is on now. */
export function currentStep(state: EngineState, steps: readonly Step[], ctx: WizardContext): Step | undefined {
  return steps.find((step) => !state.done.includes(step.id) && step.applies(state.data, ctx));
}

export function viewOf(state: EngineState, steps: readonly Step[], ctx: WizardContext): WizardView {
  const history = state.history.map((h) => ({ ...h.summary, stepId: h.stepId, ...(isFinal(steps, h.stepId) ? { final: true } : {}) }));
  if (state.finished) {
    return {
      history,
      prompt: {
        kind: 'done',
        id: 'finished',
        title: state.finished.title,
        lines: state.finished.lines,
        canGoBack: false,
        ...(state.finished.copyText ? { copyText: state.finished.copyText } : {}),
      },
      finished: { exitCode: state.finished.exitCode },
    };
  }
  if (state.problem) {
    const { recovery } = state.problem;
    const prompt: Prompt = {
      kind: 'problem',
      id: `problem:${state.problem.stepId}`,
      title: recovery.title,
      help: recovery.message,
      ...(recovery.next ? { next: recovery.next } : {}),
      options: offered(state, steps).map(({ value, label, hint }) => ({ value, label, ...(hint ? { hint } : {}) })),
      canGoBack: false,
    };
    return { history, prompt };
  }
  const step = currentStep(state, steps, ctx);
  if (!step) throw new BugError('the wizard has no step left but did not finish');
  const canGoBack = step.type === 'question' && backTarget(state, steps) !== undefined;
  if (step.type === 'action') {
    const data = checkNeeds(step, state.data);
    return { history, prompt: { kind: 'busy', id: step.id, title: step.title(data, ctx), ...step.busyView?.(data, ctx), canGoBack: false } };
  }
  const body = step.prompt(checkNeeds(step, state.data), ctx);
  const error = state.error?.stepId === step.id ? state.error.message : undefined;
  return { history, prompt: { ...body, id: step.id, canGoBack, ...(error ? { error } : {}) } as Prompt };
}

/** A step that spent or wrote a token is never redone by going back (its data stays): see StepSummary.final. */
function isFinal(steps: readonly Step[], id: string): boolean {
  const step = steps.find((s) => s.id === id);
  return step?.type === 'action' && step.finishBeforeStopping === true;
}

/**
 * A step that obtained tokens by spending a code or a password (the exchange, the device
 * sign-in): final, and with nothing to undo. Going back never takes it off the done list, so
 * it is never run again and its tokens stay (the project's first promise).
 */
function obtainedTokens(steps: readonly Step[], id: string): boolean {
  const step = steps.find((s) => s.id === id);
  return step?.type === 'action' && step.finishBeforeStopping === true && !step.undo;
}

/**
 * Step ids reach the engine from the controller, recoveries and `rewindTo` answers. One that
 * names no step is a typo in a step definition: ignoring it would retry an action or drop a
 * result without a word, so it stops the wizard as a bug.
 */
function stepNamed(steps: readonly Step[], id: string): Step {
  const step = steps.find((s) => s.id === id);
  if (!step) throw new BugError(`the wizard has no step called "${id}"`);
  return step;
}

/**
 * A step's callbacks read the fields in its `needs` as set (step.ts `Has`). Every call but
 * `applies` and `undo` goes through here — the controller's `run` too — so one that no earlier
 * step set stops the wizard as a bug naming both, instead of surfacing later as an undefined.
 */
export function checkNeeds(step: Step, data: WizardData): WizardData {
  const missing = step.needs?.find((field) => data[field] === undefined || data[field] === null);
  if (missing) throw new BugError(`step ${step.id} needs ${missing}, which no earlier step set`);
  return data;
}

function markDone(state: EngineState, step: Step, data: WizardData, ctx: WizardContext): EngineState {
  const summary = step.summary?.(checkNeeds(step, data), ctx);
  return {
    data,
    done: [...state.done, step.id],
    history: summary ? [...state.history, { stepId: step.id, summary }] : state.history,
  };
}

/** The person answered the current question (or chose a way out of a problem). */
export function answerCurrent(state: EngineState, answer: Answer, steps: readonly Step[], ctx: WizardContext): EngineState {
  if (state.finished) return state;
  if (answer.type === 'cancel') throw new Cancelled();
  if (state.problem) return chooseRecovery(state, answer, steps);
  const step = currentStep(state, steps, ctx);
  if (!step || step.type !== 'question' || answer.id !== step.id) return state; // a stale answer: ignore
  if (answer.type === 'back') return goBack(state, steps);
  const result = step.accept(answer, checkNeeds(step, state.data), ctx);
  if ('error' in result) return { ...state, error: { stepId: step.id, message: result.error } };
  if ('rewindTo' in result) {
    const back = rewindTo(state, result.rewindTo, steps);
    return result.patch ? { ...back, data: { ...back.data, ...result.patch } } : back;
  }
  if ('quit' in result) return finish(state, result.quit.exitCode, result.quit.title, result.quit.lines);
  if (result.again) return { ...state, data: result.data, error: undefined };
  return markDone(state, step, result.data, ctx);
}

/** An action step finished: record its data and move on. */
export function actionSucceeded(state: EngineState, stepId: string, data: WizardData, steps: readonly Step[], ctx: WizardContext): EngineState {
  return markDone(state, stepNamed(steps, stepId), data, ctx);
}

/** An action step failed: offer the step's ways out (or retry/quit). */
export function actionFailed(state: EngineState, stepId: string, error: unknown, steps: readonly Step[], ctx: WizardContext): EngineState {
  if (error instanceof Cancelled) throw error;
  const step = stepNamed(steps, stepId);
  const recovery =
    step.type === 'action' && step.recover
      ? step.recover(error, checkNeeds(step, state.data), ctx)
      : defaultRecovery(error);
  return { ...state, problem: { stepId, recovery } };
}

export function defaultRecovery(error: unknown): Recovery {
  const message = error instanceof Error ? error.message : String(error);
  const next = isUserError(error) ? error.nextStep : undefined;
  return {
    title: 'That did not work',
    message,
    ...(next ? { next } : {}),
    options: [
      { value: 'retry', label: 'Try again', action: { type: 'retry' } },
      { value: 'quit', label: 'Quit', action: { type: 'quit', exitCode: isUserError(error) ? error.exitCode : 1 } },
    ],
  };
}

/**
 * The ways out of the problem that can be taken: going back to a step that was never answered
 * (a saved profile gave its answer) would undo nothing and retry the failed action as it was —
 * with a code already spent — so it is not offered.
 */
function offered(state: EngineState, steps: readonly Step[]): readonly RecoveryOption[] {
  return (state.problem?.recovery.options ?? []).filter((o) => o.action.type !== 'back-to' || state.done.includes(stepNamed(steps, o.action.stepId).id));
}

function chooseRecovery(state: EngineState, answer: Answer, steps: readonly Step[]): EngineState {
  if (!state.problem || answer.type !== 'value') return state;
  const option = offered(state, steps).find((o) => o.value === answer.value);
  if (!option) return state;
  const cleared: EngineState = { ...state, problem: undefined };
  switch (option.action.type) {
    case 'retry':
      return option.action.patch ? { ...cleared, data: { ...cleared.data, ...option.action.patch } } : cleared;
    case 'continue':
      return { ...cleared, data: { ...cleared.data, ...option.action.patch }, done: [...cleared.done, state.problem.stepId] };
    case 'back-to': {
      const back = rewindTo(cleared, option.action.stepId, steps);
      return option.action.patch ? { ...back, data: { ...back.data, ...option.action.patch } } : back;
    }
    case 'quit':
      return finish(cleared, option.action.exitCode, 'Stopped', [state.problem.recovery.message]);
  }
}

/** Undo the last answered question (and any actions after it). */
export function goBack(state: EngineState, steps: readonly Step[]): EngineState {
  const target = backTarget(state, steps);
  return target ? rewindTo(state, target, steps) : state;
}

/**
 * The question Esc goes back to: the last one answered. Once a sign-in obtained tokens, only
 * the questions answered after it and those about where the tokens go (`openAfterSignIn`) are
 * open: going back to the service, the client or the scopes would pair these tokens with
 * answers they were not obtained for, and the password or paste box would not be asked again.
 */
function backTarget(state: EngineState, steps: readonly Step[]): string | undefined {
  const signedIn = state.done.findLastIndex((id) => obtainedTokens(steps, id));
  return state.done.findLast((id, i) => {
    const step = steps.find((s) => s.id === id);
    return step?.type === 'question' && (signedIn < 0 || i > signedIn || step.openAfterSignIn === true);
  });
}

/**
 * Pop done steps until `stepId` (inclusive) is no longer done, undoing each — except a step
 * that obtained tokens, which stays done with its line (`obtainedTokens`): going back to the
 * places after the sign-in keeps the tokens and comes forward to the preview without signing in.
 */
export function rewindTo(state: EngineState, stepId: string, steps: readonly Step[]): EngineState {
  stepNamed(steps, stepId);
  // A step that was skipped (it did not apply, or the profile gave its answer) leaves nothing to undo.
  const index = state.done.lastIndexOf(stepId);
  if (index < 0) return { ...state, error: undefined };
  let data = state.data;
  const after = state.done.slice(index);
  const kept = after.filter((id) => obtainedTokens(steps, id));
  const undone = after.filter((id) => !kept.includes(id)).reverse();
  for (const id of undone) {
    const step = stepNamed(steps, id);
    if (step.undo) data = step.undo(data);
  }
  // Only the undone steps' lines go: the `given` lines (flags, the saved profile) stay.
  return {
    data,
    done: [...state.done.slice(0, index), ...kept],
    history: state.history.filter((h) => !undone.includes(h.stepId)),
  };
}

export function finish(state: EngineState, exitCode: number, title: string, lines: readonly string[], copyText?: CopyText): EngineState {
  return { ...state, problem: undefined, error: undefined, finished: { exitCode, title, lines, ...(copyText ? { copyText } : {}) } };
}
