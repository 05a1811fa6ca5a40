import { describe, expect, it } from 'vitest';
import { App } from '../../screens/app.js';
import { FakeStore, viewOf } from './fake-store.js';
import { keys, renderInAct } from './ink-harness.js';

describe('busy step', () => {
  it('shows a spinner beside what is happening, and its help', async () => {
    const store = new FakeStore(
      viewOf({ kind: 'busy', id: 'exchange', title: 'Exchanging the code for tokens…', help: 'This takes a second.', canGoBack: false }),
    );
    const screen = await renderInAct(<App store={store} />);
    expect(screen.lastFrame()).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Exchanging the code for tokens…/);
    expect(screen.lastFrame()).toContain('This takes a second.');
  });

  it('lets Ctrl+C through while busy', async () => {
    const store = new FakeStore(viewOf({ kind: 'busy', id: 'exchange', title: 'Checking the token…', canGoBack: false }));
    const screen = await renderInAct(<App store={store} />);
    await screen.type('x');
    await screen.type(keys.ctrlC);
    expect(store.answers).toEqual([{ type: 'cancel' }]);
  });
});
