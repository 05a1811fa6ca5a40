/**
 * Runs the wizard: holds the engine state, runs action steps through WizardEffects, and
 * lets one renderer (Ink or plain) read the view and answer. A token the wizard obtained is
 * never lost: it is in a safety copy from the moment it arrives, and quitting, Ctrl+C or a
 * stop signal says where. While a token is in flight (the code being spent, the targets being
 * written) a stop waits for that step to finish, and says that it is finishing safely.
 */
import { BugError, Cancelled, ExitCode, SIGNAL_EXIT_CODE, type StopSignal } from '../errors.js';
import { actionFailed, actionSucceeded, answerCurrent, checkNeeds, currentStep, finish, initialState, viewOf, type EngineState } from './engine.js';
import type { TokenSet } from '../tokens/token-set.js';
import type { PollStatus } from '../oauth/device-poll.js';
import type { Answer, DeviceCodeView, StepSummary, WizardStore, WizardView } from './prompt.js';
import type { Step } from './step.js';
import { doneLines } from './steps/finish-steps.js';
import { ownerOf, valuesToWrite } from './steps/tokens-to-keep.js';
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
  let running: Step | undefined;
  /** A stop that came while a token was in flight: obeyed once the running step is done. */
  let stopAfterRunning: { readonly signal?: StopSignal; count: number } | undefined;
  // The browser can come back while the sign-in action is still finishing (opening the browser
  // takes a moment): keep that answer until the paste step it belongs to is current.
  let pendingCaught: Answer | undefined;
  let settled = false;
  const listeners = new Set<() => void>();
  // The executor runs at once, so this placeholder is replaced before anything can settle.
  let resolveOutcome: (outcome: WizardOutcome) => void = () => undefined;
  const outcome = new Promise<WizardOutcome>((resolve) => (resolveOutcome = resolve));

  // A device sign-in waits for minutes: a Ctrl+C stops its polling too, so nothing keeps running.
  const stopped = new AbortController();
  const { finishDeviceSignIn } = effects;
  // What the service last said while the device sign-in waits, for "checked 12 s ago".
  let devicePoll: DevicePoll | undefined;
  const onDeviceStatus = (status: PollStatus) => {
    devicePoll = {
      lastCheckedAt: ctx.now(),
      ...(status.type === 'slow_down' ? { intervalSeconds: status.intervalSeconds, slowedDown: true } : devicePoll?.slowedDown ? { intervalSeconds: devicePoll.intervalSeconds, slowedDown: true } : {}),
    };
    setState(state);
  };
  // The loopback listener catches the browser's redirect by itself: treat it as a paste.
  const caughtEffects: WizardEffects = {
    ...effects,
    ...(finishDeviceSignIn
      ? {
          finishDeviceSignIn: (provider, args, keep) => {
            devicePoll = undefined;
            return finishDeviceSignIn.call(effects, provider, { ...args, signal: stopped.signal, onStatus: onDeviceStatus }, keep);
          },
        }
      : {}),
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
    if (data.tokens && !data.delivered) {
      const where = await keptAt(data, data.tokens);
      const again = data.reconnect && data.profileName ? `\`reauth setup ${data.profileName}\`` : '`reauth setup`';
      final =
        where.path !== undefined
          ? finish(final, final.finished?.exitCode ?? ExitCode.ok, final.finished?.title ?? 'Stopped', [
              ...(final.finished?.lines ?? []),
              ...(data.results?.some((r) => r.ok) ? [] : ['Nothing was written to your files.']),
              `The new tokens are kept in ${where.path} (readable only by you); ${again} offers them next time.`,
            ])
          : finish(final, ExitCode.writeFailed, 'The tokens could not be kept', [`reauth could not write a rescue file: ${where.problem}`]);
    }
    setState(final);
    const f = final.finished;
    if (!f) throw new BugError('the wizard settled without finishing');
    resolveOutcome({ exitCode: f.exitCode, title: f.title, lines: f.lines, data: final.data });
  }

  /** Where the unwritten tokens are: their safety copy, or one made now. */
  async function keptAt(data: WizardData, tokens: TokenSet): Promise<{ path?: string; problem?: string }> {
    if (data.safetyCopy?.holds) return { path: data.safetyCopy.path };
    try {
      return { path: await effects.keep(ownerOf(data), valuesToWrite({ ...data, tokens }), tokens.obtained_at) };
    } catch (error) {
      return { problem: error instanceof Error ? error.message : String(error) };
    }
  }

  function stop(signal: StopSignal | undefined): void {
    const exitCode = signal ? SIGNAL_EXIT_CODE[signal] : ExitCode.interrupted;
    const title = signal ? `Stopped (${signal})` : 'Cancelled';
    stopped.abort();
    void settle(finish(state, exitCode, title, state.data.tokens ? [] : ['Nothing was changed.']));
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
    const data = checkNeeds(step, state.data);
    running = step;
    setState(state); // show the busy prompt
    step.run(data, ctx, caughtEffects).then(
      (result) => {
        running = undefined;
        setState(actionSucceeded(state, step.id, result, steps, ctx));
        afterRunning();
      },
      (error: unknown) => {
        running = undefined;
        setState(actionFailed(state, step.id, error, steps, ctx));
        afterRunning();
      },
    );
  }

  function afterRunning(): void {
    if (stopAfterRunning) {
      stop(stopAfterRunning.signal);
      return;
    }
    advance();
  }

  function answer(a: Answer): void {
    if (settled) return;
    if (a.type === 'cancel') {
      if (running?.type === 'action' && running.finishBeforeStopping) {
        // The code is being spent or the files written: stopping now could lose the tokens.
        const signal = stopAfterRunning?.signal ?? a.signal;
        stopAfterRunning = { ...(signal ? { signal } : {}), count: (stopAfterRunning?.count ?? 0) + 1 };
        setState(state);
        return;
      }
      stop(a.signal);
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
        stop(undefined);
        return;
      }
      throw error;
    }
    advance();
  }

  queueMicrotask(advance);

  return {
    outcome,
    getView: () => (view ??= withStopNote(withDevicePoll(viewOf(state, steps, ctx), devicePoll), stopAfterRunning?.count)),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    answer,
  };
}

type DevicePoll = Pick<DeviceCodeView, 'lastCheckedAt' | 'intervalSeconds' | 'slowedDown'>;

/** The device wait screen with what the last poll said (the step's own view knows only the grant). */
function withDevicePoll(view: WizardView, poll: DevicePoll | undefined): WizardView {
  if (!poll || view.prompt.kind !== 'busy' || !view.prompt.device) return view;
  return { ...view, prompt: { ...view.prompt, device: { ...view.prompt.device, ...poll } } };
}

/** While a stop waits for a token in flight, the busy screen says so (a second Ctrl+C too). */
function withStopNote(view: WizardView, stops: number | undefined): WizardView {
  if (!stops || view.prompt.kind !== 'busy') return view;
  const note =
    stops === 1
      ? 'Stopping: finishing this step first, so the new tokens are safely on disk.'
      : 'Still finishing safely: reauth stops the moment the tokens are on disk.';
  return { ...view, prompt: { ...view.prompt, help: note } };
}
