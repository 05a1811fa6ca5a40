import { describe, expect, it } from 'vitest';
import { App } from '../../screens/app.js';
import { FakeStore, viewOf } from './fake-store.js';
import { keys, renderInAct, update } from './ink-harness.js';
import { fakeUrl, pastePrompt, selectPrompt, textPrompt } from './prompts.js';

describe('app', () => {
  it('prints finished steps as "✔ Label  value" lines above the current step', async () => {
    const store = new FakeStore(viewOf(textPrompt(), [{ label: 'Service', value: 'Netatmo' }, { label: 'Region', value: 'EU' }]));
    const screen = await renderInAct(<App store={store} />);
    const lines = screen.lastFrame().split('\n');
    const service = lines.findIndex((line) => /✔ Service\s{2,}Netatmo/.test(line));
    const region = lines.findIndex((line) => /✔ Region\s{2,}EU/.test(line));
    const question = lines.findIndex((line) => line.includes('Client ID'));
    expect(service).toBeGreaterThan(-1);
    expect(region).toBe(service + 1);
    expect(question).toBeGreaterThan(region);
  });

  it('adds a history line when the flow moves on, and draws the next step', async () => {
    const store = new FakeStore(viewOf(selectPrompt()), (answer, self) => {
      if (answer.type === 'value') self.show(viewOf(textPrompt(), [{ label: 'Service', value: 'TikTok' }]));
    });
    const screen = await renderInAct(<App store={store} />);
    await screen.type('2');
    await screen.type(keys.enter);
    expect(screen.lastFrame()).toMatch(/✔ Service\s+TikTok/);
    expect(screen.lastFrame()).toContain('Client ID');
    expect(screen.lastFrame()).not.toContain('Which service?');
  });

  it('turns Ctrl+C into a cancel answer instead of exiting by itself', async () => {
    const store = new FakeStore(viewOf(selectPrompt()));
    const screen = await renderInAct(<App store={store} />);
    await screen.type(keys.ctrlC);
    expect(store.answers).toEqual([{ type: 'cancel' }]);
    expect(screen.lastFrame()).toContain('Which service?');
  });

  it('turns Ctrl+C pressed twice before Ink read the keys (one chunk, "\\x03\\x03") into cancel answers too', async () => {
    const store = new FakeStore(viewOf(textPrompt()));
    const screen = await renderInAct(<App store={store} />);
    await screen.type(`${keys.ctrlC}${keys.ctrlC}`);
    expect(store.answers).toEqual([{ type: 'cancel' }, { type: 'cancel' }]);
    expect(screen.lastFrame()).not.toContain('\u0003');
  });

  it('clears the unanswerable question from the final frame when the flow ends on it (Ctrl+C)', async () => {
    const store = new FakeStore(viewOf(selectPrompt(), [{ label: 'Profile', value: 'weather' }]), (answer, self) => {
      if (answer.type === 'cancel') self.show(viewOf(self.getView().prompt, self.getView().history, { exitCode: 130 }));
    });
    const screen = await renderInAct(<App store={store} />);
    await screen.type(keys.ctrlC);
    expect(screen.lastFrame()).toMatch(/✔ Profile\s+weather/);
    expect(screen.lastFrame()).not.toContain('Which service?');
  });

  it('answers back on Esc when the step offers it', async () => {
    const store = new FakeStore(viewOf(textPrompt({ canGoBack: true })));
    const screen = await renderInAct(<App store={store} />);
    await screen.pressEscape();
    expect(store.answers).toEqual([{ type: 'back', id: 'client_id' }]);
  });

  it('starts a new step with fresh input, even of the same kind', async () => {
    const store = new FakeStore(viewOf(textPrompt()));
    const screen = await renderInAct(<App store={store} />);
    await screen.type('fake-client-0001');
    await update(() => store.show(viewOf(textPrompt({ id: 'redirect_uri', title: 'Redirect URI' }))));
    expect(screen.lastFrame()).toContain('Redirect URI');
    expect(screen.lastFrame()).not.toContain('fake-client-0001');
  });

  it('starts each round of a multi-round step from its own initial text (key names: same id, another field)', async () => {
    const field = (name: string, initial: string) =>
      textPrompt({ id: 'keys', title: `Key name for the ${name} in .env`, initial, optional: true });
    const rounds = [field('refresh token', 'NETATMO_REFRESH_TOKEN'), field('expires at', 'NETATMO_TOKEN_EXPIRES_AT')];
    const store = new FakeStore(viewOf(field('access token', 'NETATMO_ACCESS_TOKEN')), (answer, self) => {
      const next = rounds.shift();
      if (answer.type === 'value' && next) self.show(viewOf(next));
    });
    const screen = await renderInAct(<App store={store} />);
    for (let i = 0; i < 3; i++) await screen.type(keys.enter);
    expect(store.answers.map((a) => (a.type === 'value' ? a.value : a.type))).toEqual([
      'NETATMO_ACCESS_TOKEN',
      'NETATMO_REFRESH_TOKEN',
      'NETATMO_TOKEN_EXPIRES_AT',
    ]);
  });

  it('keeps the sign-in link in the scrollback after the code was accepted', async () => {
    const store = new FakeStore(viewOf(pastePrompt()));
    const screen = await renderInAct(<App store={store} />);
    await update(() =>
      store.show(viewOf({ kind: 'busy', id: 'exchange', title: 'Exchanging the code…', canGoBack: false }, [{ label: 'Signed in', value: 'yes' }])),
    );
    const lines = screen.lastFrame().split('\n');
    expect(lines).toContain(fakeUrl);
    expect(lines.findIndex((line) => line.includes('✔ Signed in'))).toBeGreaterThan(lines.indexOf(fakeUrl));
  });

  it('unsubscribes from the store when it unmounts', async () => {
    const store = new FakeStore(viewOf(selectPrompt()));
    const screen = await renderInAct(<App store={store} />);
    expect(store.listenerCount).toBe(1);
    screen.unmount();
    expect(store.listenerCount).toBe(0);
  });
});
