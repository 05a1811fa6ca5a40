/** A step's `needs`: the fields its callbacks read as set, checked by the engine before each call. */
import { describe, expect, it } from 'vitest';
import { BugError } from '../../../src/errors.js';
import { actionSucceeded, answerCurrent, initialState, viewOf } from '../../../src/flow/engine.js';
import { actionStep, questionStep, type Step } from '../../../src/flow/step.js';
import { EMPTY_DATA } from '../../../src/flow/wizard-data.js';
import { ctx, tokens, value } from '../steps/step-fixtures.js';
import { question } from './engine-fixtures.js';

const writeStep = actionStep({
  id: 'write',
  needs: ['tokens'],
  applies: () => true,
  title: (data) => `Writing ${data.tokens.access_token.slice(0, 6)}…`,
  run: async (data) => data,
  summary: (data) => ({ label: 'Written', value: data.tokens.access_token.slice(0, 6) }),
});

const nameStep = questionStep({
  id: 'name',
  needs: ['profileName'],
  applies: () => true,
  prompt: (data) => ({ kind: 'text', title: `Rename ${data.profileName.toUpperCase()}?`, secret: false, optional: false }),
  accept: (answer, data) => {
    // @ts-expect-error clientId is not in `needs`, so it stays optional
    const id: string = data.clientId;
    void id;
    return { data: { ...data, profileName: answer.type === 'value' ? answer.value : data.profileName } };
  },
  summary: (data) => ({ label: 'Name', value: data.profileName }),
});

describe('a step whose needs an earlier step did not set', () => {
  it('is a bug naming the step and the field, before an action shows its title', () => {
    const view = () => viewOf(initialState(EMPTY_DATA), [writeStep], ctx);
    expect(view).toThrow(BugError);
    expect(view).toThrow('step write needs tokens, which no earlier step set');
  });

  it('is a bug before a question is asked, and before an answer reaches it', () => {
    const log: string[] = [];
    const steps: Step[] = [question('first', log), nameStep];
    const atName = answerCurrent(initialState(EMPTY_DATA), value('first', 'x'), steps, ctx);
    expect(() => viewOf(atName, steps, ctx)).toThrow('step name needs profileName, which no earlier step set');
    expect(() => answerCurrent(atName, value('name', 'garden'), steps, ctx)).toThrow('step name needs profileName, which no earlier step set');
  });

  it('is a bug when an action’s result drops a field its summary reads', () => {
    const withTokens = initialState({ ...EMPTY_DATA, tokens: tokens() });
    expect(() => actionSucceeded(withTokens, 'write', EMPTY_DATA, [writeStep], ctx)).toThrow('step write needs tokens, which no earlier step set');
  });
});

describe('a step whose needs are set', () => {
  it('is shown and answered, its callbacks reading the fields as set', () => {
    const state = initialState({ ...EMPTY_DATA, profileName: 'weather', tokens: tokens() });
    const steps: Step[] = [nameStep, writeStep];
    expect(viewOf(state, steps, ctx).prompt.title).toBe('Rename WEATHER?');
    const renamed = answerCurrent(state, value('name', 'garden'), steps, ctx);
    expect(renamed.history.at(-1)?.summary).toEqual({ label: 'Name', value: 'garden' });
    expect(viewOf(renamed, steps, ctx).prompt).toMatchObject({ kind: 'busy', id: 'write', title: 'Writing AT-new…' });
  });
});
