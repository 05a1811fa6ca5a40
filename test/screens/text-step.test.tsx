import { describe, expect, it } from 'vitest';
import { App } from '../../screens/app.js';
import { FakeStore, viewOf } from './fake-store.js';
import { keys, renderInAct, update } from './ink-harness.js';
import { textPrompt } from './prompts.js';

async function renderText(prompt = textPrompt()) {
  const store = new FakeStore(viewOf(prompt));
  const screen = await renderInAct(<App store={store} />);
  return { store, screen };
}

describe('text step', () => {
  it('shows what is typed and submits it on Enter', async () => {
    const { store, screen } = await renderText();
    await screen.type('fake-client-0001');
    expect(screen.lastFrame()).toContain('fake-client-0001');
    await screen.type(keys.enter);
    expect(store.answers).toEqual([{ type: 'value', id: 'client_id', value: 'fake-client-0001' }]);
  });

  it('shows the initial value as editable text', async () => {
    const { store, screen } = await renderText(textPrompt({ initial: 'fake-client-0001' }));
    expect(screen.lastFrame()).toContain('fake-client-0001');
    await screen.type(keys.backspace);
    await screen.type('9');
    await screen.type(keys.enter);
    expect(store.answers).toEqual([{ type: 'value', id: 'client_id', value: 'fake-client-0009' }]);
  });

  it('submits a pasted value that ends with a line break', async () => {
    const { store, screen } = await renderText();
    await screen.type('fake-client-0001\n');
    expect(store.answers).toEqual([{ type: 'value', id: 'client_id', value: 'fake-client-0001' }]);
  });

  it('masks a secret with one • per character and never draws it, in any frame', async () => {
    const secret = 'fake-netatmo-secret-0001';
    const { store, screen } = await renderText(textPrompt({ id: 'client_secret', title: 'Client secret', secret: true }));
    for (const character of secret.slice(0, 10)) await screen.type(character);
    await screen.type(secret.slice(10));
    expect(screen.lastFrame()).toContain('•'.repeat(secret.length));
    await screen.type(keys.enter);
    expect(store.answers).toEqual([{ type: 'value', id: 'client_secret', value: secret }]);
    for (const frame of screen.frames) {
      expect(frame).not.toContain(secret);
      expect(frame).not.toContain('fake-net');
      expect(frame).not.toContain('0001');
    }
  });

  it('masks a prefilled secret too', async () => {
    const { screen } = await renderText(textPrompt({ secret: true, initial: 'fake-prefilled-secret-0002' }));
    expect(screen.frames.join('')).not.toContain('fake-prefilled');
    expect(screen.lastFrame()).toContain('•'.repeat('fake-prefilled-secret-0002'.length));
  });

  it('shows the placeholder while empty and the validation message from the flow', async () => {
    const { screen } = await renderText(textPrompt({ placeholder: 'from the developer portal', error: 'A client ID looks like 24 hex characters.' }));
    expect(screen.lastFrame()).toContain('from the developer portal');
    expect(screen.lastFrame()).toContain('✘ A client ID looks like 24 hex characters.');
  });

  it('keeps the text when the flow sends the step back with an error, so a typo can be fixed', async () => {
    const { store, screen } = await renderText();
    await screen.type('fake-client-00O1\r');
    await update(() => store.show(viewOf(textPrompt({ error: 'That has a letter O where a zero belongs.' }))));
    expect(screen.lastFrame()).toContain('fake-client-00O1');
    expect(screen.lastFrame()).toContain('letter O');
  });

  it('does not type Ctrl+C as a "c"; it cancels instead', async () => {
    const { store, screen } = await renderText();
    await screen.type(keys.ctrlC);
    expect(store.answers).toEqual([{ type: 'cancel' }]);
    expect(screen.lastFrame()).not.toMatch(/❯ c/);
  });
});
