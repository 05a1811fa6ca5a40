/**
 * Going back over a step that obtained tokens (the exchange: final, nothing to undo) never takes
 * it off the done list: its tokens and its line stay, it is not run again, and Esc after it
 * reaches only the questions about where the tokens go (`openAfterSignIn`) or later ones.
 */
import { describe, expect, it } from 'vitest';
import { actionSucceeded, answerCurrent, currentStep, goBack, initialState, rewindTo, viewOf, type EngineState } from '../../../src/flow/engine.js';
import type { ActionStep, Step } from '../../../src/flow/step.js';
import { EMPTY_DATA } from '../../../src/flow/wizard-data.js';
import { ctx, value } from '../steps/step-fixtures.js';
import { action, question } from './engine-fixtures.js';

function wizard() {
  const log: string[] = [];
  const exchange: ActionStep = {
    type: 'action',
    id: 'exchange',
    finishBeforeStopping: true,
    applies: (data) => data.settings.exchange === undefined,
    title: () => 'Getting the tokens…',
    run: async (data) => ({ ...data, settings: { ...data.settings, exchange: 'tokens' } }),
    summary: () => ({ label: 'Tokens', value: 'obtained' }),
  };
  const steps: Step[] = [
    question('client', log),
    { ...question('places', log), openAfterSignIn: true },
    question('sign', log, { applies: (data) => data.settings.exchange === undefined }),
    exchange,
    action('plan', log),
    question('preview', log),
  ];
  let state: EngineState = initialState(EMPTY_DATA);
  for (const id of ['client', 'places', 'sign']) state = answerCurrent(state, value(id, `${id}-answer`), steps, ctx);
  state = actionSucceeded(state, 'exchange', { ...state.data, settings: { ...state.data.settings, exchange: 'tokens' } }, steps, ctx);
  state = actionSucceeded(state, 'plan', { ...state.data, settings: { ...state.data.settings, plan: 'ran' } }, steps, ctx);
  return { steps, log, atPreview: state };
}

describe('going back after the tokens were obtained', () => {
  it('rewinding to the places keeps the exchange done, its tokens and its line, and comes forward without signing in', () => {
    const { steps, log, atPreview } = wizard();
    const back = rewindTo(atPreview, 'places', steps);
    expect(back.done).toEqual(['client', 'exchange']);
    expect(back.data.settings.exchange).toBe('tokens');
    expect(back.history.map((h) => h.stepId)).toEqual(['client', 'exchange']);
    expect(log).toEqual(['undo plan', 'undo sign', 'undo places']);
    const again = answerCurrent(back, value('places', 'other-place'), steps, ctx);
    // The sign-in question does not apply with tokens, and the exchange is done: on to the plan.
    expect(currentStep(again, steps, ctx)?.id).toBe('plan');
  });

  it('Esc from the preview goes to the places, not to the sign-in or the client', () => {
    const { steps, atPreview } = wizard();
    expect(viewOf(atPreview, steps, ctx).prompt.canGoBack).toBe(true);
    const back = goBack(atPreview, steps);
    expect(currentStep(back, steps, ctx)?.id).toBe('places');
    // At the places, nothing before the sign-in is open any more: no way back.
    expect(viewOf(back, steps, ctx).prompt.canGoBack).toBe(false);
    expect(goBack(back, steps)).toBe(back);
  });

  it('a retry patch and a rewind patch are applied (a question opened again on request)', () => {
    const { steps, atPreview } = wizard();
    const patched = answerCurrent(
      atPreview,
      value('preview', 'x'),
      [...steps.slice(0, -1), { ...question('preview', []), accept: () => ({ rewindTo: 'places', patch: { afterWrite: 'asked-again' } }) }],
      ctx,
    );
    expect(patched.data.afterWrite).toBe('asked-again');
    expect(patched.done).toEqual(['client', 'exchange']);
  });
});
