import { describe, expect, it } from 'vitest';
import { App } from '../../screens/app.js';
import type { PromptOf } from '../../screens/step-props.js';
import { FakeStore, viewOf } from './fake-store.js';
import { keys, renderInAct } from './ink-harness.js';

function confirmPrompt(initial: boolean): PromptOf<'confirm'> {
  return { kind: 'confirm', id: 'after_write', title: 'Run the restart command now?', canGoBack: false, initial };
}

async function renderConfirm(initial: boolean) {
  const store = new FakeStore(viewOf(confirmPrompt(initial)));
  const screen = await renderInAct(<App store={store} />);
  return { store, screen };
}

describe('confirm step', () => {
  it('shows the default in capitals', async () => {
    expect((await renderConfirm(true)).screen.lastFrame()).toContain('Run the restart command now? (Y/n)');
    expect((await renderConfirm(false)).screen.lastFrame()).toContain('Run the restart command now? (y/N)');
  });

  it('answers yes on y and no on n', async () => {
    const yes = await renderConfirm(false);
    await yes.screen.type('y');
    expect(yes.store.answers).toEqual([{ type: 'confirm', id: 'after_write', value: true }]);
    const no = await renderConfirm(true);
    await no.screen.type('N');
    expect(no.store.answers).toEqual([{ type: 'confirm', id: 'after_write', value: false }]);
  });

  it('takes "n\\r" arriving as one chunk as a no, once', async () => {
    const { store, screen } = await renderConfirm(true);
    await screen.type('n\r');
    expect(store.answers).toEqual([{ type: 'confirm', id: 'after_write', value: false }]);
  });

  it('takes the default on Enter', async () => {
    const { store, screen } = await renderConfirm(false);
    await screen.type(keys.enter);
    expect(store.answers).toEqual([{ type: 'confirm', id: 'after_write', value: false }]);
  });

  it('ignores other keys', async () => {
    const { store, screen } = await renderConfirm(true);
    await screen.type('x');
    expect(store.answers).toEqual([]);
  });
});
