import { describe, expect, it } from 'vitest';
import { App } from '../../screens/app.js';
import type { PromptOf } from '../../screens/step-props.js';
import { FakeStore, viewOf } from './fake-store.js';
import { keys, renderInAct } from './ink-harness.js';

const problem: PromptOf<'problem'> = {
  kind: 'problem',
  id: 'exchange_failed',
  title: 'Netatmo refused the code',
  help: 'The code was already used or has expired (invalid_grant).',
  next: 'Get a fresh link and sign in again.',
  canGoBack: false,
  options: [
    { value: 'retry', label: 'Get a fresh link' },
    { value: 'quit', label: 'Quit' },
  ],
};

describe('problem step', () => {
  it('shows the title, the message and the next step, then the options', async () => {
    const store = new FakeStore(viewOf(problem));
    const screen = await renderInAct(<App store={store} />);
    const lines = screen.lastFrame().split('\n');
    const at = (text: string) => lines.findIndex((line) => line.includes(text));
    expect(at('✘ Netatmo refused the code')).toBeGreaterThan(-1);
    expect(at('invalid_grant')).toBeGreaterThan(at('refused the code'));
    expect(at('Next: Get a fresh link and sign in again.')).toBeGreaterThan(at('invalid_grant'));
    expect(at('❯ 1. Get a fresh link')).toBeGreaterThan(at('Next:'));
  });

  it('answers with the chosen option', async () => {
    const store = new FakeStore(viewOf(problem));
    const screen = await renderInAct(<App store={store} />);
    await screen.type(keys.down);
    await screen.type(keys.enter);
    expect(store.answers).toEqual([{ type: 'value', id: 'exchange_failed', value: 'quit' }]);
  });

  it('takes number keys like every other menu, and says so', async () => {
    const store = new FakeStore(viewOf(problem));
    const screen = await renderInAct(<App store={store} />);
    expect(screen.lastFrame()).toContain('↑↓ or 1–9 choose');
    await screen.type('2');
    await screen.type(keys.enter);
    expect(store.answers).toEqual([{ type: 'value', id: 'exchange_failed', value: 'quit' }]);
  });

  it('keeps the panel but drops the options when the wizard ends on it', async () => {
    const store = new FakeStore(viewOf(problem, [], { exitCode: 3 }));
    const screen = await renderInAct(<App store={store} />);
    expect(screen.lastFrame()).toContain('✘ Netatmo refused the code');
    expect(screen.lastFrame()).not.toContain('Get a fresh link\n');
    expect(screen.lastFrame()).not.toContain('❯');
  });
});
