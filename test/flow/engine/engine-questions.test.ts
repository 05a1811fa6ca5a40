/** The engine with questions: which step is current, what answers do to it, and going back. */
import { describe, expect, it } from 'vitest';
import { Cancelled } from '../../../src/errors.js';
import { actionSucceeded, answerCurrent, currentStep, goBack, initialState, rewindTo, viewOf, type EngineState } from '../../../src/flow/engine.js';
import type { Step } from '../../../src/flow/step.js';
import { EMPTY_DATA } from '../../../src/flow/wizard-data.js';
import { ctx, value } from '../steps/step-fixtures.js';
import { action, answered, question } from './engine-fixtures.js';

function wizard(log: string[] = []) {
  const steps: Step[] = [
    question('a', log),
    question('b', log, { applies: (d) => answered(d, 'a') !== 'skip b' }),
    action('run', log),
    question('c', log),
  ];
  return { steps, log };
}

function answerAll(state: EngineState, steps: readonly Step[], answers: readonly [string, string][]): EngineState {
  return answers.reduce((s, [id, text]) => answerCurrent(s, value(id, text), steps, ctx), state);
}

const start = initialState(EMPTY_DATA);

describe('the current step', () => {
  it('is the first step that applies and is not done', () => {
    const { steps } = wizard();
    expect(currentStep(start, steps, ctx)?.id).toBe('a');
    expect(currentStep(answerAll(start, steps, [['a', 'x']]), steps, ctx)?.id).toBe('b');
  });

  it('skips a step that does not apply to what was answered', () => {
    const { steps } = wizard();
    expect(currentStep(answerAll(start, steps, [['a', 'skip b']]), steps, ctx)?.id).toBe('run');
  });

  it('is none once every step is done', () => {
    const { steps } = wizard();
    const state = actionSucceeded(answerAll(start, steps, [['a', 'x'], ['b', 'y']]), 'run', EMPTY_DATA, steps, ctx);
    expect(currentStep(answerAll(state, steps, [['c', 'z']]), steps, ctx)).toBeUndefined();
  });
});

describe('the view', () => {
  it('names the current question and offers no way back from the first one', () => {
    const { steps } = wizard();
    const view = viewOf(start, steps, ctx);
    expect(view.prompt).toMatchObject({ kind: 'text', id: 'a', title: 'Question a', canGoBack: false });
    expect(view.prompt.error).toBeUndefined();
  });

  it('offers a way back once a question is answered', () => {
    const { steps } = wizard();
    expect(viewOf(answerAll(start, steps, [['a', 'x']]), steps, ctx).prompt.canGoBack).toBe(true);
  });

  it('shows an action as a busy prompt with its title and no way back', () => {
    const { steps } = wizard();
    const view = viewOf(answerAll(start, steps, [['a', 'x'], ['b', 'y']]), steps, ctx);
    expect(view.prompt).toEqual({ kind: 'busy', id: 'run', title: 'Doing run…', canGoBack: false });
  });

  it('keeps the given lines first in the history, then one line per answered step', () => {
    const { steps } = wizard();
    const state = answerAll(initialState(EMPTY_DATA, [{ label: 'Service', value: 'Netatmo' }]), steps, [['a', 'x']]);
    expect(viewOf(state, steps, ctx).history).toEqual([
      { label: 'Service', value: 'Netatmo', stepId: 'given' },
      { label: 'a', value: 'x', stepId: 'a' },
    ]);
  });

  it('adds no history line for a step without a summary', () => {
    const steps: Step[] = [question('quiet', [], { summary: false }), question('next', [])];
    const state = answerAll(start, steps, [['quiet', 'x']]);
    expect(state.done).toEqual(['quiet']);
    expect(state.history).toEqual([]);
  });
});

describe('answering the current question', () => {
  it('stores the answer, marks the step done and moves on', () => {
    const { steps } = wizard();
    const state = answerAll(start, steps, [['a', 'x']]);
    expect(answered(state.data, 'a')).toBe('x');
    expect(state.done).toEqual(['a']);
  });

  it('ignores an answer naming another step (a stale answer from an earlier screen)', () => {
    const { steps } = wizard();
    const state = answerAll(start, steps, [['a', 'x']]);
    expect(answerCurrent(state, value('a', 'again'), steps, ctx)).toBe(state);
    expect(answerCurrent(state, value('c', 'early'), steps, ctx)).toBe(state);
  });

  it('ignores an answer while an action is current', () => {
    const { steps } = wizard();
    const state = answerAll(start, steps, [['a', 'x'], ['b', 'y']]);
    expect(answerCurrent(state, value('run', 'x'), steps, ctx)).toBe(state);
  });

  it('turns a cancel into Cancelled, whatever is current', () => {
    const { steps } = wizard();
    expect(() => answerCurrent(start, { type: 'cancel' }, steps, ctx)).toThrow(Cancelled);
  });

  it('keeps a refused answer’s error on its step until the step is answered well', () => {
    const steps: Step[] = [question('a', []), question('n', [], { accept: (t, d) => (/^\d+$/.test(t) ? { data: d } : { error: 'Type a number.' }) })];
    const refused = answerAll(start, steps, [['a', 'x'], ['n', 'ten']]);
    expect(refused.done).toEqual(['a']);
    expect(viewOf(refused, steps, ctx).prompt).toMatchObject({ id: 'n', error: 'Type a number.' });
    const fixed = answerAll(refused, steps, [['n', '10']]);
    expect(fixed.error).toBeUndefined();
    expect(fixed.done).toEqual(['a', 'n']);
  });

  it('shows an error only on the step it belongs to', () => {
    const steps: Step[] = [question('a', []), question('n', [], { accept: () => ({ error: 'No.' }) })];
    const refused = answerAll(start, steps, [['a', 'x'], ['n', 'y']]);
    // Back on `a` (the error was `n`'s), the prompt carries no error.
    const onA: EngineState = { ...refused, done: [] };
    expect(viewOf(onA, steps, ctx).prompt).toMatchObject({ id: 'a' });
    expect(viewOf(onA, steps, ctx).prompt.error).toBeUndefined();
  });

  it('keeps a step current when it asks to be asked again, with the new data and no error', () => {
    const steps: Step[] = [
      question('each', [], {
        accept: (t, d) => {
          const next = { ...d, settings: { ...d.settings, [t]: 'set' } };
          return t === '' ? { error: 'Type a name.' } : { data: next, again: Object.keys(next.settings).length < 2 };
        },
      }),
      question('after', []),
    ];
    const first = answerAll(start, steps, [['each', ''], ['each', 'one']]);
    expect(first.done).toEqual([]);
    expect(first.error).toBeUndefined();
    expect(currentStep(first, steps, ctx)?.id).toBe('each');
    expect(first.data.settings).toEqual({ one: 'set' });
    const second = answerAll(first, steps, [['each', 'two']]);
    expect(second.done).toEqual(['each']);
    expect(currentStep(second, steps, ctx)?.id).toBe('after');
  });

  it('ends the wizard when an answer says quit', () => {
    const steps: Step[] = [question('stop', [], { accept: () => ({ quit: { exitCode: 0, title: 'Stopped before writing', lines: ['Nothing changed.'] } }) })];
    const state = answerAll(start, steps, [['stop', 'x']]);
    expect(state.finished).toEqual({ exitCode: 0, title: 'Stopped before writing', lines: ['Nothing changed.'] });
    expect(viewOf(state, steps, ctx)).toMatchObject({ prompt: { kind: 'done', id: 'finished', lines: ['Nothing changed.'], canGoBack: false }, finished: { exitCode: 0 } });
  });

  it('ignores every answer once the wizard has finished', () => {
    const steps: Step[] = [question('stop', [], { accept: () => ({ quit: { exitCode: 0, title: 'Done', lines: [] } }) })];
    const state = answerAll(start, steps, [['stop', 'x']]);
    expect(answerCurrent(state, value('stop', 'y'), steps, ctx)).toBe(state);
    expect(answerCurrent(state, { type: 'cancel' }, steps, ctx)).toBe(state);
  });

  it('rewinds when an answer asks for an earlier step, undoing what came after it', () => {
    const log: string[] = [];
    const steps: Step[] = [question('a', log), action('run', log), question('c', log, { accept: () => ({ rewindTo: 'run' }) })];
    const atC = actionSucceeded(answerAll(start, steps, [['a', 'x']]), 'run', EMPTY_DATA, steps, ctx);
    const state = answerAll(atC, steps, [['c', 'fresh link']]);
    expect(state.done).toEqual(['a']);
    expect(log).toEqual(['undo run']);
    expect(currentStep(state, steps, ctx)?.id).toBe('run');
  });
});

describe('going back', () => {
  function atC(log: string[]) {
    const { steps } = wizard(log);
    const ran = answerAll(start, steps, [['a', 'x'], ['b', 'y']]);
    return { steps, state: actionSucceeded(ran, 'run', { ...ran.data, settings: { ...ran.data.settings, run: 'ran' } }, steps, ctx) };
  }

  it('undoes the last question and every action after it, newest first', () => {
    const log: string[] = [];
    const { steps, state } = atC(log);
    const back = goBack(state, steps);
    expect(log).toEqual(['undo run', 'undo b']);
    expect(back.done).toEqual(['a']);
    expect(back.data.settings).toEqual({ a: 'x' });
    expect(currentStep(back, steps, ctx)?.id).toBe('b');
  });

  it('drops the history lines of the undone steps', () => {
    const { steps, state } = atC([]);
    expect(goBack(state, steps).history.map((h) => h.stepId)).toEqual(['a']);
  });

  it('keeps the given lines when going back', () => {
    const { steps } = wizard();
    const state = answerAll(initialState(EMPTY_DATA, [{ label: 'Service', value: 'Netatmo' }]), steps, [['a', 'x']]);
    expect(goBack(state, steps).history).toEqual([{ stepId: 'given', summary: { label: 'Service', value: 'Netatmo' } }]);
  });

  it('is what a back answer to the current question does', () => {
    const log: string[] = [];
    const { steps, state } = atC(log);
    expect(answerCurrent(state, { type: 'back', id: 'c' }, steps, ctx)).toEqual(goBack(state, steps));
  });

  it('ignores a back answer naming another step', () => {
    const { steps, state } = atC([]);
    expect(answerCurrent(state, { type: 'back', id: 'b' }, steps, ctx)).toBe(state);
  });

  it('changes nothing when no question is done yet', () => {
    const { steps } = wizard();
    expect(goBack(start, steps)).toBe(start);
  });

  it('clears a refused answer’s error', () => {
    const steps: Step[] = [question('a', []), question('n', [], { accept: () => ({ error: 'No.' }) })];
    const refused = answerAll(start, steps, [['a', 'x'], ['n', 'y']]);
    expect(goBack(refused, steps).error).toBeUndefined();
  });
});

describe('rewinding to a step', () => {
  it('undoes that step and everything after it in reverse order', () => {
    const log: string[] = [];
    const steps: Step[] = [question('a', log), question('b', log), question('c', log), question('d', log)];
    const state = rewindTo(answerAll(start, steps, [['a', '1'], ['b', '2'], ['c', '3']]), 'b', steps);
    expect(log).toEqual(['undo c', 'undo b']);
    expect(state.done).toEqual(['a']);
    expect(state.data.settings).toEqual({ a: '1' });
    expect(state.history.map((h) => h.stepId)).toEqual(['a']);
  });

  it('leaves everything as it is for a step that was skipped', () => {
    const log: string[] = [];
    const { steps } = wizard(log);
    const state = answerAll(start, steps, [['a', 'skip b']]);
    const rewound = rewindTo(state, 'b', steps);
    expect(rewound.done).toEqual(['a']);
    expect(log).toEqual([]);
  });
});
