/**
 * Issue 11: text typed while Zoho's "Revoke the refresh token this one replaces?" showed (or
 * just before, while the write ran) was lost. A terminal hands over what was typed meanwhile
 * as one chunk — "nsudo systemctl restart chatbot⏎" — and a question answered by one key took
 * the whole chunk, found no y or n in it, and dropped it. One key answers such a question;
 * what follows is the next question's, in order.
 */
import { describe, expect, it } from 'vitest';
import { App } from '../../screens/app.js';
import type { Answer, Prompt } from '../../src/flow/prompt.js';
import { FakeStore, viewOf } from './fake-store.js';
import { renderInAct, update } from './ink-harness.js';
import { textPrompt } from './prompts.js';

const writing: Prompt = { kind: 'busy', id: 'write', title: 'Writing 1 target…', canGoBack: false };
const revoke: Prompt = { kind: 'confirm', id: 'revoke_old', title: 'Revoke the refresh token this one replaces?', initial: false, canGoBack: false };
const afterWrite = textPrompt({ id: 'after_write', title: 'Command to run now that the files are written (optional)', optional: true });
const preview: Prompt = { kind: 'preview', id: 'preview', title: 'This is what will change', canGoBack: false, blocks: [] };
const done: Prompt = { kind: 'busy', id: 'save', title: 'Saving…', canGoBack: false };

function scripted(first: Prompt, then: readonly Prompt[]): FakeStore {
  const queue = [...then];
  return new FakeStore(viewOf(first), (answer, self) => {
    if (answer.type === 'cancel') return;
    const next = queue.shift();
    if (next) self.show(viewOf(next));
  });
}

const said = (answers: readonly Answer[]) => answers.map((a) => (a.type === 'value' ? `${a.id}=${a.value}` : a.type === 'confirm' ? `${a.id}=${a.value ? 'yes' : 'no'}` : a.type));

describe('a question answered by one key', () => {
  it('takes its key from a chunk typed while the write ran, and the next question the rest', async () => {
    const store = scripted(writing, [afterWrite, done]);
    const screen = await renderInAct(<App store={store} />);
    await screen.type('nsudo systemctl restart chatbot\r');
    await update(() => store.show(viewOf(revoke)));
    expect(said(store.answers)).toEqual(['revoke_old=no', 'after_write=sudo systemctl restart chatbot']);
  });

  it('takes its key from a chunk typed while it shows, the Enter right after the key included', async () => {
    const store = scripted(revoke, [afterWrite, done]);
    const screen = await renderInAct(<App store={store} />);
    await screen.type('y\rsudo systemctl restart chatbot\r');
    expect(said(store.answers)).toEqual(['revoke_old=yes', 'after_write=sudo systemctl restart chatbot']);
  });

  it('at the preview too: "y" writes, and what follows waits for the question after the write', async () => {
    const store = scripted(preview, [writing]);
    const screen = await renderInAct(<App store={store} />);
    await screen.type('yn');
    expect(said(store.answers)).toEqual(['preview=yes']);
    await update(() => store.show(viewOf(revoke)));
    expect(said(store.answers)).toEqual(['preview=yes', 'revoke_old=no']);
  });
});
