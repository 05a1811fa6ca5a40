import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../screens/app.js';
import { FakeStore, viewOf } from './fake-store.js';
import { keys, renderInAct, update } from './ink-harness.js';
import { fakeUrl, pastePrompt } from './prompts.js';
import { PASTE_HOLD_MS } from '../../src/flow/paste-input-state.js';

afterEach(() => {
  vi.useRealTimers();
});

async function renderPaste(prompt = pastePrompt()) {
  const store = new FakeStore(viewOf(prompt));
  const screen = await renderInAct(<App store={store} />);
  return { store, screen };
}

describe('paste step', () => {
  it('prints the title, then the whole link alone on its line, then notes, help, countdown and the box', async () => {
    const { screen } = await renderPaste();
    const lines = screen.lastFrame().split('\n');
    const titleAt = lines.findIndex((line) => line.includes('Sign in to Netatmo'));
    const linkAt = lines.indexOf(fakeUrl);
    expect(fakeUrl.length).toBeGreaterThan(100); // wider than the test terminal: must not be cut or broken
    expect(linkAt).toBe(titleAt + 1);
    const after = lines.slice(linkAt + 1).join('\n');
    expect(after.indexOf('✔ Opened in your browser')).toBeGreaterThan(-1);
    expect(after.indexOf('✘ Could not copy')).toBeGreaterThan(after.indexOf('✔ Opened'));
    expect(after.indexOf('the browser shows an error page')).toBeGreaterThan(after.indexOf('✘ Could not copy'));
    // Real clock here: a slow machine may already show 9:59.
    expect(after.search(/Code expires in (10:00|9:5\d)/)).toBeGreaterThan(after.indexOf('error page'));
    expect(after.indexOf('Paste the code or the whole address here:')).toBeGreaterThan(after.indexOf('Code expires'));
  });

  it('prints the link once, not again on every redraw', async () => {
    const { screen } = await renderPaste();
    await screen.type('abc');
    expect(screen.lastFrame().split(fakeUrl).length - 1).toBe(1);
  });

  it('submits "code\\r" that arrives as one chunk, which Ink does not report as an Enter key', async () => {
    const { store, screen } = await renderPaste();
    await screen.type('fake-code-0001\r');
    expect(store.answers).toEqual([{ type: 'value', id: 'paste', value: 'fake-code-0001' }]);
  });

  it('submits on a separate Enter key and keeps line breaks that were inside the paste', async () => {
    const { store, screen } = await renderPaste();
    await screen.type('https://localhost/callback?co\nde=fake-code-0001');
    await screen.type(keys.enter);
    expect(store.answers).toEqual([{ type: 'value', id: 'paste', value: 'https://localhost/callback?co\nde=fake-code-0001' }]);
  });

  it('accepts a 100 KB paste in 4 KB chunks quickly, submits it exactly and never draws it whole', async () => {
    const { store, screen } = await renderPaste();
    const pasted = `https://localhost/callback?code=fake-code-0001&state=${'s'.repeat(100 * 1024 - 60)}`;
    const chunks: string[] = [];
    for (let offset = 0; offset < pasted.length; offset += 4096) chunks.push(pasted.slice(offset, offset + 4096));
    chunks[chunks.length - 1] += '\r';
    const started = performance.now();
    await screen.typeBurst(chunks);
    // A long last chunk ending in Enter is held back ~50 ms in case the paste goes on.
    await vi.waitFor(() => expect(store.answers).toHaveLength(1), { timeout: 1000, interval: 5 });
    const elapsed = performance.now() - started;
    console.log(`100 KB paste in ${chunks.length} chunks of 4 KB, through Ink: ${elapsed.toFixed(1)} ms`);
    expect(elapsed).toBeLessThan(1000);
    const answer = store.answers[0];
    expect(answer?.type === 'value' && answer.value === pasted).toBe(true);
    expect(Math.max(...screen.frames.map((frame) => frame.length))).toBeLessThan(2000);
  });

  it('keeps a line break that falls exactly at a chunk boundary inside a long wrapped paste', async () => {
    const { store, screen } = await renderPaste();
    const firstLine = `https://localhost/callback?state=${'s'.repeat(4000)}`;
    // The terminal wrapped the copied address; Ink cut the paste right after the line break.
    await screen.typeBurst([`${firstLine}\r`, '&code=fake-code-0001\r']);
    await vi.waitFor(() => expect(store.answers).toHaveLength(1), { timeout: 1000, interval: 5 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(store.answers).toEqual([{ type: 'value', id: 'paste', value: `${firstLine}\n&code=fake-code-0001` }]);
  });

  it('submits a long paste that ends in Enter once no more chunks follow', async () => {
    const { store, screen } = await renderPaste();
    const address = `https://localhost/callback?code=fake-code-0001&state=${'s'.repeat(3000)}`;
    const started = performance.now();
    await screen.typeBurst([`${address}\r`]);
    // Held, not submitted at once — checkable only when the burst took less than the hold
    // (PASTE_HOLD_MS); a loaded machine can spend longer than that inside act().
    if (performance.now() - started < PASTE_HOLD_MS) expect(store.answers).toEqual([]);
    await vi.waitFor(() => expect(store.answers).toEqual([{ type: 'value', id: 'paste', value: address }]), { timeout: 1000, interval: 5 });
  });

  it('redraws a bounded preview after each chunk when the chunks arrive one by one', async () => {
    const { store, screen } = await renderPaste();
    const chunk = 'c'.repeat(4096);
    for (let index = 0; index < 5; index++) await screen.type(chunk);
    expect(screen.lastFrame()).toContain('20,480 characters');
    expect(Math.max(...screen.frames.map((frame) => frame.length))).toBeLessThan(2000);
    await screen.type(keys.enter);
    const answer = store.answers[0];
    expect(answer?.type === 'value' && answer.value === chunk.repeat(5)).toBe(true);
  });

  it('shows a bounded preview and the length while a long paste is in the box', async () => {
    const { screen } = await renderPaste();
    await screen.type(`START${'x'.repeat(5000)}END`);
    const frame = screen.lastFrame();
    expect(frame).toContain('START');
    expect(frame).toContain('xEND');
    expect(frame).toContain('5,008 characters');
    expect(frame).not.toContain('x'.repeat(100));
  });

  it('clears the box with Ctrl+U and edits with Backspace', async () => {
    const { store, screen } = await renderPaste();
    await screen.type('wrong-paste');
    await screen.type(keys.ctrlU);
    expect(screen.lastFrame()).not.toContain('wrong-paste');
    await screen.type('fake-code-00011');
    await screen.type(keys.backspace);
    await screen.type(keys.enter);
    expect(store.answers).toEqual([{ type: 'value', id: 'paste', value: 'fake-code-0001' }]);
  });

  it('ignores Enter on an empty box while the code is still valid', async () => {
    const { store, screen } = await renderPaste();
    await screen.type(keys.enter);
    expect(store.answers).toEqual([]);
  });

  it('asks for a fresh link on Enter once the code has expired', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2030-01-01T10:00:00Z'));
    const { store, screen } = await renderPaste(pastePrompt({ deadline: Date.now() + 5_000 }));
    await update(() => vi.advanceTimersByTime(5_000));
    expect(screen.lastFrame()).toContain('The code has expired — press Enter for a fresh link');
    await screen.type(keys.enter);
    expect(store.answers).toEqual([{ type: 'new-link', id: 'paste' }]);
  });

  it('still submits a pasted code after the deadline, for services whose lifetime is only assumed', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2030-01-01T10:00:00Z'));
    const { store, screen } = await renderPaste(pastePrompt({ deadline: Date.now() + 1_000, deadlineAssumed: true }));
    await update(() => vi.advanceTimersByTime(2_000));
    expect(screen.lastFrame()).toContain('(assumed — the service does not document it)');
    await screen.type('fake-code-0001\r');
    expect(store.answers).toEqual([{ type: 'value', id: 'paste', value: 'fake-code-0001' }]);
  });

  it('shows why a paste was rejected and starts with an empty box', async () => {
    const { store, screen } = await renderPaste();
    await screen.type('https://localhost/callback?code=old&state=old\r');
    await update(() => store.show(viewOf(pastePrompt({ error: 'That address is from an earlier attempt.' }))));
    const frame = screen.lastFrame();
    expect(frame).toContain('✘ That address is from an earlier attempt.');
    expect(frame).not.toContain('state=old');
  });

  it('prints the title in the live area when there is no link (Zoho Self Client)', async () => {
    const { screen } = await renderPaste(pastePrompt({ url: undefined, linkNotes: [], title: 'Paste the code from the Self Client' }));
    expect(screen.lastFrame()).toContain('Paste the code from the Self Client');
    expect(screen.lastFrame()).not.toContain('https://');
  });

  it('prints a fresh link when the flow sends a new one', async () => {
    const { store, screen } = await renderPaste();
    const freshUrl = `${fakeUrl}-fresh`;
    await update(() => store.show(viewOf(pastePrompt({ url: freshUrl, title: 'Here is a fresh link' }))));
    const lines = screen.lastFrame().split('\n');
    expect(lines).toContain(fakeUrl);
    expect(lines).toContain(freshUrl);
    expect(lines.indexOf(freshUrl)).toBeGreaterThan(lines.indexOf(fakeUrl));
  });
});
