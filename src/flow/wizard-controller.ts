/**
 * Runs the wizard: holds the engine state, runs action steps through WizardEffects, and
 * lets one renderer (Ink or plain) read the view and answer. A token the wizard obtained is
 * never lost: quitting or Ctrl+C before it is written puts it in a rescue file first.
 */
import { Cancelled, ExitCode } from '../errors.js';
import { actionFailed, actionSucceeded, answerCurrent, currentStep, finish, initialState, viewOf, type EngineState } from './engine.js';
import type { Answer, StepSummary, WizardStore, WizardView } from './prompt.js';
import type { Step } from './step.js';
import { doneLines } from './steps/finish-steps.js';
import { valuesToWrite } from './steps/target-steps.js';
import { rescueName } from './steps/safety-copy.js';
import type { WizardContext, WizardData } from './wizard-data.js';
import type { WizardEffects } from './wizard-effects.js';
import { WIZARD_STEPS } from './wizard-steps.js';

export interface WizardOutcome {
  readonly exitCode: number;
  readonly title: string;
  readonly lines: readonly string[];
  readonly data: WizardData;
}

export interface WizardRun extends WizardStore {
  /** Settles once the wizard has finished (done, quit or cancelled). */
  readonly outcome: Promise<WizardOutcome>;
}

function givenSummary(data: WizardData, ctx: WizardContext): StepSummary[] {
  if (!data.providerId || !data.given.includes('provider')) return [];
  const name = ctx.providerChoices.find((p) => p.id === data.providerId)?.name ?? data.providerId;
  return [data.profileName ? { label: 'Profile', value: `${data.profileName} (${name})` } : { label: 'Service', value: name }];
}

export function startWizard(
  ctx: WizardContext,
  effects: WizardEffects,
  initialData: WizardData,
  steps: readonly Step[] = WIZARD_STEPS,
): WizardRun {
  let state: EngineState = initialState(initialData, givenSummary(initialData, ctx));
  let view: WizardView | undefined;
  let running: string | undefined;
  // The browser can come back while the sign-in action is still finishing (opening the browser
  // takes a moment): keep that answer until the paste step it belongs to is current.
  let pendingCaught: Answer | undefined;
  let settled = false;
  const listeners = new Set<() => void>();
  let resolveOutcome!: (outcome: WizardOutcome) => void;
  const outcome = new Promise<WizardOutcome>((resolve) => (resolveOutcome = resolve));

  // The loopback listener catches the browser's redirect by itself: treat it as a paste.
  const caughtEffects: WizardEffects = {
    ...effects,
    startSignIn: (provider, request) =>
      effects.startSignIn(provider, {
        ...request,
        onCaught: (result) => {
          const caught: Answer = result.ok
            ? { type: 'caught', id: 'paste', code: result.code, ...(result.callbackServer ? { callbackServer: result.callbackServer } : {}) }
            : { type: 'caught', id: 'paste', problem: `${result.message} ${result.next}` };
          setTimeout(() => answer(caught), 0);
        },
      }),
  };

  function setState(next: EngineState): void {
    state = next;
    view = undefined;
    for (const listener of [...listeners]) listener();
  }

  async function settle(next: EngineState): Promise<void> {
    if (settled) return;
    settled = true;
    let final = next;
    const data = final.data;
    void data.attempt?.stopCatch?.();
    if (data.tokens && !data.tokensSaved) {
      try {
        const path = data.rescuePath ?? (await effects.rescue(rescueName(data), valuesToWrite(data)));
        final = finish(final, final.finished?.exitCode ?? ExitCode.ok, final.finished?.title ?? 'Stopped', [
          ...(final.finished?.lines ?? []),
          'Nothing was written to your files.',
          `The new tokens were kept in ${path} (readable only by you); \`reauth setup\` offers them next time.`,
        ]);
      } catch (error) {
        final = finish(final, ExitCode.writeFailed, 'The tokens could not be kept', [
          `reauth could not write a rescue file: ${error instanceof Error ? error.message : String(error)}`,
        ]);
      }
    }
    setState(final);
    const f = final.finished!;
    resolveOutcome({ exitCode: f.exitCode, title: f.title, lines: f.lines, data: final.data });
  }

  function advance(): void {
    if (settled || running) return;
    if (state.finished) {
      void settle(state);
      return;
    }
    if (state.problem) return;
    const step = currentStep(state, steps, ctx);
    if (!step) {
      const done = doneLines(state.data, ctx);
      void settle(finish(state, done.exitCode, done.title, done.lines, done.copyText));
      return;
    }
    if (step.type !== 'action') {
      if (pendingCaught && 'id' in pendingCaught && pendingCaught.id === step.id) {
        const caught = pendingCaught;
        pendingCaught = undefined;
        setTimeout(() => answer(caught), 0);
      }
      return;
    }
    running = step.id;
    setState(state); // show the busy prompt
    step.run(state.data, ctx, caughtEffects).then(
      (data) => {
        running = undefined;
        setState(actionSucceeded(state, step.id, data, steps, ctx));
        advance();
      },
      (error: unknown) => {
        running = undefined;
        setState(actionFailed(state, step.id, error, steps, ctx));
        advance();
      },
    );
  }

  function answer(a: Answer): void {
    if (settled) return;
    if (a.type === 'cancel') {
      void settle(finish(state, ExitCode.interrupted, 'Cancelled', state.data.tokens ? [] : ['Nothing was changed.']));
      return;
    }
    if (running) {
      if (a.type === 'caught') pendingCaught = a;
      return; // other answers during an action are stale
    }
    try {
      setState(answerCurrent(state, a, steps, ctx));
    } catch (error) {
      if (error instanceof Cancelled) {
        void settle(finish(state, ExitCode.interrupted, 'Cancelled', []));
        return;
      }
      throw error;
    }
    advance();
  }

  queueMicrotask(advance);

  return {
    outcome,
    getView: () => (view ??= viewOf(state, steps, ctx)),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    answer,
  };
}
