import { describe, expect, it } from 'vitest';
import { App } from '../../screens/app.js';
import { FakeStore, viewOf } from './fake-store.js';
import { keys, renderInAct } from './ink-harness.js';
import { selectPrompt } from './prompts.js';

async function renderSelect(prompt = selectPrompt()) {
  const store = new FakeStore(viewOf(prompt));
  const screen = await renderInAct(<App store={store} />);
  return { store, screen };
}

describe('select step', () => {
  it('shows the title, numbered options with their hints, and the keys', async () => {
    const { screen } = await renderSelect();
    const frame = screen.lastFrame();
    expect(frame).toContain('Which service?');
    expect(frame).toMatch(/❯ 1\. Netatmo {2,}weather stations/);
    expect(frame).toContain('2. TikTok');
    expect(frame).toMatch(/3\. Zoho {2,}SalesIQ, Desk/);
    // Hints share one column, so they read as a list of their own.
    const lines = frame.split('\n');
    const column = (text: string) => lines.find((line) => line.includes(text))?.indexOf(text);
    expect(column('weather stations')).toBe(column('SalesIQ, Desk'));
    expect(frame).toContain('↑↓ or 1–9 choose · Enter confirm');
  });

  it('chooses the focused option with Enter after moving with the arrow keys', async () => {
    const { store, screen } = await renderSelect();
    await screen.type(keys.down);
    await screen.type(keys.down);
    expect(screen.lastFrame()).toContain('❯ 3. Zoho');
    await screen.type(keys.enter);
    expect(store.answers).toEqual([{ type: 'value', id: 'provider', value: 'zoho' }]);
  });

  it('wraps around from the first option to the last', async () => {
    const { store, screen } = await renderSelect();
    await screen.type(keys.up);
    await screen.type(keys.enter);
    expect(store.answers).toEqual([{ type: 'value', id: 'provider', value: 'zoho' }]);
  });

  it('jumps with number keys', async () => {
    const { store, screen } = await renderSelect();
    await screen.type('2');
    await screen.type(keys.enter);
    expect(store.answers).toEqual([{ type: 'value', id: 'provider', value: 'tiktok' }]);
  });

  it('sees a move and an Enter that arrive in one chunk', async () => {
    const { store, screen } = await renderSelect();
    await screen.type(`${keys.down}${keys.enter}`);
    expect(store.answers).toEqual([{ type: 'value', id: 'provider', value: 'tiktok' }]);
  });

  it('takes a number and Enter typed so fast they arrive as one chunk ("3\\r")', async () => {
    const { store, screen } = await renderSelect();
    await screen.type('3\r');
    expect(store.answers).toEqual([{ type: 'value', id: 'provider', value: 'zoho' }]);
  });

  it('starts on the initial option', async () => {
    const { store, screen } = await renderSelect(selectPrompt({ initial: 'tiktok' }));
    expect(screen.lastFrame()).toContain('❯ 2. TikTok');
    await screen.type(keys.enter);
    expect(store.answers).toEqual([{ type: 'value', id: 'provider', value: 'tiktok' }]);
  });

  it('shows the error of a rejected answer and offers Esc when going back is possible', async () => {
    const { store, screen } = await renderSelect(selectPrompt({ error: 'Pick a service first.', canGoBack: true }));
    expect(screen.lastFrame()).toContain('✘ Pick a service first.');
    expect(screen.lastFrame()).toContain('Esc back');
    await screen.pressEscape();
    expect(store.answers).toEqual([{ type: 'back', id: 'provider' }]);
  });

  it('ignores Esc when going back is not offered', async () => {
    const { store, screen } = await renderSelect();
    await screen.pressEscape();
    expect(store.answers).toEqual([]);
  });

  it('wraps a long hint inside its own column, not back to the left edge', async () => {
    const hint = 'Weather stations, thermostats and cameras: Netatmo Connect tokens (browser sign-in), a hint much wider than the terminal';
    const { screen } = await renderSelect(selectPrompt({ options: [{ value: 'netatmo', label: 'Netatmo', hint }] }));
    const lines = screen.lastFrame().split('\n');
    const first = lines.findIndex((line) => line.includes('Weather stations'));
    const hintColumn = lines[first]!.indexOf('Weather stations');
    const continuation = lines[first + 1]!;
    expect(continuation.slice(0, hintColumn).trim()).toBe('');
    expect(continuation.trim().length).toBeGreaterThan(0);
  });

  it('shows a long list as a window around the focus', async () => {
    const options = Array.from({ length: 20 }, (_, index) => ({ value: `v${index}`, label: `Option ${index + 1}` }));
    const { screen } = await renderSelect(selectPrompt({ options }));
    expect(screen.lastFrame()).toContain('↓ 11 more');
    expect(screen.lastFrame()).not.toContain('Option 20');
    for (let step = 0; step < 19; step++) await screen.type(keys.down);
    expect(screen.lastFrame()).toContain('Option 20');
    expect(screen.lastFrame()).toContain('↑ 11 more');
  });
});
