/** The engine with actions: results, failures, the ways out of a problem, and the end. */
import { describe, expect, it } from 'vitest';
import { BugError, Cancelled, ExitCode, UserError } from '../../../src/errors.js';
import {
  actionFailed,
  actionSucceeded,
  answerCurrent,
  currentStep,
  defaultRecovery,
  finish,
  initialState,
  rewindTo,
  viewOf,
  type EngineState,
} from '../../../src/flow/engine.js';
import type { Recovery, Step } from '../../../src/flow/step.js';
import { EMPTY_DATA, type WizardData } from '../../../src/flow/wizard-data.js';
import { ctx, value } from '../steps/step-fixtures.js';
import { action, question } from './engine-fixtures.js';

const recovery: Recovery = {
  title: 'The service did not hand out tokens',
  message: 'The code was already used.',
  next: 'Get a fresh link.',
  options: [
    { value: 'retry', label: 'Try again', action: { type: 'retry' } },
    { value: 'fresh', label: 'Get a fresh sign-in link', hint: 'codes work once', action: { type: 'back-to', stepId: 'sign' } },
    { value: 'anyway', label: 'Go on without it', action: { type: 'continue', patch: { afterWrite: 'none' } } },
    { value: 'quit', label: 'Quit', action: { type: 'quit', exitCode: ExitCode.signInAgain } },
  ],
};

function wizard() {
  const log: string[] = [];
  const steps: Step[] = [question('client', log), question('sign', log), action('exchange', log, { recover: () => recovery }), question('after', log)];
  const atExchange = ['client', 'sign'].reduce<EngineState>((s, id) => answerCurrent(s, value(id, `${id}-answer`), steps, ctx), initialState(EMPTY_DATA));
  return { steps, log, atExchange };
}

const withTokens = (data: WizardData): WizardData => ({ ...data, settings: { ...data.settings, exchange: 'tokens' } });

describe('an action that succeeds', () => {
  it('records its data and its history line, and the next step becomes current', () => {
    const { steps, atExchange } = wizard();
    const state = actionSucceeded(atExchange, 'exchange', withTokens(atExchange.data), steps, ctx);
    expect(state.data.settings.exchange).toBe('tokens');
    expect(state.done).toEqual(['client', 'sign', 'exchange']);
    expect(state.history.at(-1)).toEqual({ stepId: 'exchange', summary: { label: 'exchange', value: 'ran' } });
    expect(currentStep(state, steps, ctx)?.id).toBe('after');
  });

  it('is a bug when its id names no step', () => {
    const { steps, atExchange } = wizard();
    expect(() => actionSucceeded(atExchange, 'exchnage', atExchange.data, steps, ctx)).toThrow(BugError);
  });
});

describe('an action that fails', () => {
  it('waits for the person with the step’s own ways out', () => {
    const { steps, atExchange } = wizard();
    const state = actionFailed(atExchange, 'exchange', new Error('invalid_grant'), steps, ctx);
    expect(state.problem).toEqual({ stepId: 'exchange', recovery });
    expect(state.done).toEqual(['client', 'sign']);
  });

  it('shows the problem with its message, next step and options, without a way back', () => {
    const { steps, atExchange } = wizard();
    const view = viewOf(actionFailed(atExchange, 'exchange', new Error('x'), steps, ctx), steps, ctx);
    expect(view.prompt).toEqual({
      kind: 'problem',
      id: 'problem:exchange',
      title: 'The service did not hand out tokens',
      help: 'The code was already used.',
      next: 'Get a fresh link.',
      options: [
        { value: 'retry', label: 'Try again' },
        { value: 'fresh', label: 'Get a fresh sign-in link', hint: 'codes work once' },
        { value: 'anyway', label: 'Go on without it' },
        { value: 'quit', label: 'Quit' },
      ],
      canGoBack: false,
    });
  });

  it('offers retry or quit when the step has no recovery of its own', () => {
    const steps: Step[] = [action('plain', [])];
    const state = actionFailed(initialState(EMPTY_DATA), 'plain', new Error('disk full'), steps, ctx);
    expect(state.problem?.recovery).toEqual(defaultRecovery(new Error('disk full')));
  });

  it('lets a Cancelled through instead of offering ways out', () => {
    const { steps, atExchange } = wizard();
    expect(() => actionFailed(atExchange, 'exchange', new Cancelled(), steps, ctx)).toThrow(Cancelled);
  });

  it('is a bug when its id names no step', () => {
    const { steps, atExchange } = wizard();
    expect(() => actionFailed(atExchange, 'exchnage', new Error('x'), steps, ctx)).toThrow(BugError);
  });
});

describe('the default ways out', () => {
  it('quit with a user error’s exit code and show its next step', () => {
    const recovery = defaultRecovery(new UserError('The folder is read-only.', 'Run reauth in a folder you can write to.', ExitCode.usage));
    expect(recovery).toMatchObject({ title: 'That did not work', message: 'The folder is read-only.', next: 'Run reauth in a folder you can write to.' });
    expect(recovery.options.map((o) => o.action)).toEqual([{ type: 'retry' }, { type: 'quit', exitCode: ExitCode.usage }]);
  });

  it('quit with exit 1 and no next step for anything else', () => {
    const recovery = defaultRecovery('socket hang up');
    expect(recovery.message).toBe('socket hang up');
    expect(recovery.next).toBeUndefined();
    expect(recovery.options.at(-1)?.action).toEqual({ type: 'quit', exitCode: ExitCode.bug });
  });
});

describe('choosing a way out of a problem', () => {
  function failed() {
    const w = wizard();
    return { ...w, state: actionFailed(w.atExchange, 'exchange', new Error('x'), w.steps, ctx) };
  }
  const choose = (state: EngineState, steps: readonly Step[], option: string) => answerCurrent(state, value('problem:exchange', option), steps, ctx);

  it('retry: the action is current again with nothing undone', () => {
    const { steps, state, log } = failed();
    const next = choose(state, steps, 'retry');
    expect(next.problem).toBeUndefined();
    expect(next.done).toEqual(['client', 'sign']);
    expect(currentStep(next, steps, ctx)?.id).toBe('exchange');
    expect(log).toEqual([]);
  });

  it('back-to: rewinds to that step, undoing it and what came after', () => {
    const { steps, state, log } = failed();
    const next = choose(state, steps, 'fresh');
    expect(next.problem).toBeUndefined();
    expect(next.done).toEqual(['client']);
    expect(log).toEqual(['undo sign']);
    expect(currentStep(next, steps, ctx)?.id).toBe('sign');
  });

  it('continue: applies the patch and counts the action as done', () => {
    const { steps, state } = failed();
    const next = choose(state, steps, 'anyway');
    expect(next.problem).toBeUndefined();
    expect(next.data.afterWrite).toBe('none');
    expect(next.done).toEqual(['client', 'sign', 'exchange']);
    expect(currentStep(next, steps, ctx)?.id).toBe('after');
  });

  it('quit: ends the wizard with the option’s exit code and the problem’s message', () => {
    const { steps, state } = failed();
    const next = choose(state, steps, 'quit');
    expect(next.problem).toBeUndefined();
    expect(next.finished).toEqual({ exitCode: ExitCode.signInAgain, title: 'Stopped', lines: ['The code was already used.'] });
  });

  it('ignores an option the problem does not offer, and answers that are not a choice', () => {
    const { steps, state } = failed();
    expect(choose(state, steps, 'sideways')).toBe(state);
    expect(answerCurrent(state, { type: 'back', id: 'problem:exchange' }, steps, ctx)).toBe(state);
    expect(answerCurrent(state, { type: 'confirm', id: 'problem:exchange', value: true }, steps, ctx)).toBe(state);
  });

  it('still lets a cancel through', () => {
    const { steps, state } = failed();
    expect(() => answerCurrent(state, { type: 'cancel' }, steps, ctx)).toThrow(Cancelled);
  });

  it('is a bug when the option goes back to a step that does not exist', () => {
    const steps: Step[] = [
      action('exchange', [], {
        recover: () => ({ ...recovery, options: [{ value: 'fresh', label: 'Fresh link', action: { type: 'back-to', stepId: 'sign_in_typo' } }] }),
      }),
    ];
    const state = actionFailed(initialState(EMPTY_DATA), 'exchange', new Error('x'), steps, ctx);
    expect(() => answerCurrent(state, value('problem:exchange', 'fresh'), steps, ctx)).toThrow(BugError);
  });
});

describe('ways out that cannot be taken', () => {
  it('are not offered: going back to a step that was never answered (a saved profile gave it) would retry with a spent code', () => {
    const { steps } = wizard();
    // `client` was given by the profile, so only `sign` was answered.
    const atExchange = answerCurrent(initialState(EMPTY_DATA), value('client', 'x'), steps, ctx);
    const state = actionFailed({ ...atExchange, done: ['sign'] }, 'exchange', new Error('x'), steps, ctx);
    const problem = { ...state, problem: { stepId: 'exchange', recovery: { ...recovery, options: [...recovery.options, { value: 'creds', label: 'Enter the client ID again', action: { type: 'back-to' as const, stepId: 'client' } }] } } };
    const view = viewOf(problem, steps, ctx);
    expect(view.prompt.kind === 'problem' && view.prompt.options.map((o) => o.value)).toEqual(['retry', 'fresh', 'anyway', 'quit']);
    expect(answerCurrent(problem, value('problem:exchange', 'creds'), steps, ctx)).toBe(problem);
  });
});

describe('rewinding by id', () => {
  it('is a bug when the id names no step, whether asked by an answer or directly', () => {
    const steps: Step[] = [question('a', []), question('b', [], { accept: () => ({ rewindTo: 'aa' }) })];
    const atB = answerCurrent(initialState(EMPTY_DATA), value('a', 'x'), steps, ctx);
    expect(() => answerCurrent(atB, value('b', 'y'), steps, ctx)).toThrow(BugError);
    expect(() => rewindTo(atB, 'nope', steps)).toThrow(/no step called "nope"/);
  });
});

describe('finishing', () => {
  it('clears a waiting problem and error, and shows the closing lines with the line to copy', () => {
    const { steps, atExchange } = wizard();
    const failed = actionFailed(atExchange, 'exchange', new Error('x'), steps, ctx);
    const done = finish(failed, 0, 'All done', ['New tokens written to .env.'], { title: 'Add this line with `crontab -e`:', text: '17 4 * * * reauth refresh weather' });
    expect(done.problem).toBeUndefined();
    expect(done.error).toBeUndefined();
    expect(viewOf(done, steps, ctx)).toMatchObject({
      prompt: {
        kind: 'done',
        title: 'All done',
        lines: ['New tokens written to .env.'],
        copyText: { title: 'Add this line with `crontab -e`:', text: '17 4 * * * reauth refresh weather' },
      },
      finished: { exitCode: 0 },
    });
  });

  it('is a bug to ask for the view when no step is left and the wizard did not finish', () => {
    const steps: Step[] = [question('only', [])];
    const state = answerCurrent(initialState(EMPTY_DATA), value('only', 'x'), steps, ctx);
    expect(() => viewOf(state, steps, ctx)).toThrow(BugError);
  });
});
