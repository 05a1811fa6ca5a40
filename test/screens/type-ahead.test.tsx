/**
 * Keys typed while no question can take them (a busy step, or the moment between an Enter and
 * the next question) reach the following questions in order, never shifted by one field, and a
 * secret never lands in clear in a field that shows its text.
 */
import { describe, expect, it } from 'vitest';
import { App } from '../../screens/app.js';
import type { Answer, Prompt } from '../../src/flow/prompt.js';
import { FakeStore, viewOf } from './fake-store.js';
import { keys, renderInAct, update } from './ink-harness.js';
import { pastePrompt, selectPrompt, textPrompt } from './prompts.js';

const busy = (title = 'Looking for files that already hold these tokens…'): Prompt => ({ kind: 'busy', id: 'find_targets', title, canGoBack: false });
const account = textPrompt({ id: 'username', title: 'TTLock app account' });
const password = textPrompt({ id: 'password', title: 'Password of that TTLock app account', secret: true });
const PASSWORD = 'fake-ttlock-password-0001';

/** Answers move the wizard on like the real controller: each one shows the next prompt at once. */
function scripted(first: Prompt, then: readonly Prompt[]): FakeStore {
  const queue = [...then];
  return new FakeStore(viewOf(first), (answer, self) => {
    if (answer.type === 'cancel') return;
    const next = queue.shift();
    if (next) self.show(viewOf(next));
  });
}

const values = (answers: readonly Answer[]) => answers.map((a) => (a.type === 'value' ? `${a.id}=${a.value}` : a.type));

describe('keys typed ahead', () => {
  it('reach the next questions in order when typed during a busy step, one key at a time', async () => {
    const store = scripted(busy(), [password, busy('Getting the tokens…')]);
    const screen = await renderInAct(<App store={store} />);
    for (const key of ['a', 'l', 'i', 'c', 'e', keys.enter, ...PASSWORD, keys.enter]) await screen.type(key);
    expect(store.answers).toEqual([]);
    await update(() => store.show(viewOf(account)));
    expect(values(store.answers)).toEqual(['username=alice', `password=${PASSWORD}`]);
    expect(screen.frames.join('\n')).not.toContain(PASSWORD);
  });

  it('cut a glued chunk at each Enter: "alice⏎secret⏎" is two answers, not one', async () => {
    const store = scripted(busy(), [password, busy('Getting the tokens…')]);
    const screen = await renderInAct(<App store={store} />);
    await screen.type(`alice\r${PASSWORD}\r`);
    await update(() => store.show(viewOf(account)));
    expect(values(store.answers)).toEqual(['username=alice', `password=${PASSWORD}`]);
    expect(screen.frames.join('\n')).not.toContain(PASSWORD);
  });

  it('stop at the Enter of each question: the rest waits for the next one, even across a busy step', async () => {
    const store = scripted(busy(), [busy('Checking…'), password]);
    const screen = await renderInAct(<App store={store} />);
    await screen.type(`alice\r${PASSWORD.slice(0, 5)}`);
    await update(() => store.show(viewOf(account)));
    expect(values(store.answers)).toEqual(['username=alice']);
    await screen.type(PASSWORD.slice(5));
    await update(() => store.show(viewOf(password)));
    expect(screen.lastFrame()).toContain('•'.repeat(PASSWORD.length));
    await screen.type(keys.enter);
    expect(values(store.answers)).toEqual(['username=alice', `password=${PASSWORD}`]);
  });

  it('after a list’s Enter go to the question after it, not to the list', async () => {
    const store = scripted(selectPrompt(), [busy(), account]);
    const screen = await renderInAct(<App store={store} />);
    // A terminal that was busy hands over everything typed meanwhile as one chunk.
    await screen.type('2\ralice\r');
    expect(values(store.answers)).toEqual(['provider=tiktok']);
    await update(() => store.show(viewOf(account)));
    expect(values(store.answers)).toEqual(['provider=tiktok', 'username=alice']);
  });

  it('start each field from its own text, even when typed-ahead text fills the one before', async () => {
    const first = textPrompt({ id: 'keys', title: 'Key name for the access token in .env', initial: 'TIKTOK_ACCESS_TOKEN', optional: true });
    const second = textPrompt({ id: 'keys', title: 'Key name for the refresh token in .env', initial: 'TIKTOK_REFRESH_TOKEN', optional: true });
    const store = scripted(busy(), [second, busy()]);
    const screen = await renderInAct(<App store={store} />);
    await screen.type('\r\r');
    await update(() => store.show(viewOf(first)));
    expect(values(store.answers)).toEqual(['keys=TIKTOK_ACCESS_TOKEN', 'keys=TIKTOK_REFRESH_TOKEN']);
  });

  it('never replay into a field that shows its text when they followed a secret field', async () => {
    const store = scripted(password, [busy('Getting the tokens…')]);
    const screen = await renderInAct(<App store={store} />);
    await screen.type(`${PASSWORD}\r`);
    // Typed on after the password, as if the password field were still there.
    await screen.type(`${PASSWORD}\r`);
    await update(() => store.show(viewOf(account)));
    expect(values(store.answers)).toEqual([`password=${PASSWORD}`]);
    expect(screen.frames.join('\n')).not.toContain(PASSWORD);
    expect(screen.lastFrame()).toContain('Keys typed ahead were not used here: they came right after a secret');
    await screen.type('alice\r');
    expect(values(store.answers)).toEqual([`password=${PASSWORD}`, 'username=alice']);
  });

  it('are dropped, all of them, at a problem, at the preview and at a refused answer', async () => {
    const problem: Prompt = { kind: 'problem', id: 'problem:exchange', title: 'That did not work', canGoBack: false, options: [{ value: 'retry', label: 'Try again' }, { value: 'quit', label: 'Quit' }] };
    const preview: Prompt = { kind: 'preview', id: 'preview', title: 'This is what will change', canGoBack: false, blocks: [] };
    for (const [prompt, why] of [
      [problem, 'something needs your attention first'],
      [preview, 'check what will change first'],
      [{ ...account, error: 'Enter the phone number or email you use in the app.' } as Prompt, 'the answer above needs fixing first'],
    ] as const) {
      const store = scripted(busy(), []);
      const screen = await renderInAct(<App store={store} />);
      await screen.type('y\r1\ralice\r');
      await update(() => store.show(viewOf(prompt)));
      expect(store.answers).toEqual([]);
      expect(screen.lastFrame()).toContain(`Keys typed ahead were not used here: ${why}.`);
      screen.unmount();
    }
  });

  it('keep a pasted address whole, line breaks included, for the paste box', async () => {
    const store = scripted(busy('Preparing the sign-in link…'), [busy('Exchanging the code…')]);
    const screen = await renderInAct(<App store={store} />);
    await screen.type('https://localhost/callback?state=fake-state&co\nde=fake-code-0001\r');
    await update(() => store.show(viewOf(pastePrompt())));
    expect(store.answers).toEqual([{ type: 'value', id: 'paste', value: 'https://localhost/callback?state=fake-state&co\nde=fake-code-0001' }]);
  });

  it('never go back with an Esc typed while busy', async () => {
    const store = scripted(busy(), []);
    const screen = await renderInAct(<App store={store} />);
    await screen.pressEscape();
    await update(() => store.show(viewOf({ ...account, canGoBack: true })));
    expect(store.answers).toEqual([]);
    await screen.type('alice\r');
    expect(values(store.answers)).toEqual(['username=alice']);
  });
});
