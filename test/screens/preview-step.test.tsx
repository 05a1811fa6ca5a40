import { afterAll, describe, expect, it, vi } from 'vitest';
import { App } from '../../screens/app.js';
import type { PromptOf } from '../../screens/step-props.js';
import { FakeStore, viewOf } from './fake-store.js';
import { keys, renderInAct } from './ink-harness.js';

// Force colour so the warning colour can be checked (chalk reads FORCE_COLOR when it loads;
// vi.hoisted runs this before the imports above).
const previousForceColor = vi.hoisted(() => {
  const previous = process.env.FORCE_COLOR;
  process.env.FORCE_COLOR = '1';
  return previous;
});
afterAll(() => {
  if (previousForceColor === undefined) delete process.env.FORCE_COLOR;
  else process.env.FORCE_COLOR = previousForceColor;
});

const previewPrompt: PromptOf<'preview'> = {
  kind: 'preview',
  id: 'preview',
  title: 'This is what will change',
  canGoBack: true,
  blocks: [
    {
      label: '.env',
      lines: [
        { key: 'NETATMO_REFRESH_TOKEN', before: 'fake…0001 (40 chars)', after: 'fake…0002 (40 chars)' },
        { key: 'NETATMO_ACCESS_TOKEN', after: 'fake…0003 (40 chars)' },
      ],
      warnings: ['.env is tracked by git'],
      unchanged: false,
    },
    { label: 'config.yaml', lines: [], warnings: [], unchanged: true },
  ],
};

async function renderPreview() {
  const store = new FakeStore(viewOf(previewPrompt));
  const screen = await renderInAct(<App store={store} />);
  return { store, screen };
}

const plain = (text: string) => text.replace(/\u001B\[[0-9;]*m/g, '');

describe('preview step', () => {
  it('lists each target with aligned KEY  before → after lines', async () => {
    const frame = plain((await renderPreview()).screen.lastFrame());
    expect(frame).toContain('.env');
    expect(frame).toContain('NETATMO_REFRESH_TOKEN  fake…0001 (40 chars) → fake…0002 (40 chars)');
    expect(frame).toContain('NETATMO_ACCESS_TOKEN   (not set) → fake…0003 (40 chars)');
    expect(frame).toContain('Write these changes? (y/n)');
  });

  it('puts the change under the key when a row would not fit the terminal', async () => {
    const longKey = 'weather.integrations.netatmo.stations.living_room.refresh_token'; // too wide for the 100-column test terminal
    const store = new FakeStore(
      viewOf({
        ...previewPrompt,
        blocks: [{ label: 'config.yaml', lines: [{ key: longKey, before: 'fake…0001 (57 chars)', after: 'fake…0002 (57 chars)' }], warnings: [], unchanged: false }],
      }),
    );
    const frame = plain((await renderInAct(<App store={store} />)).lastFrame());
    const lines = frame.split('\n');
    const keyAt = lines.findIndex((line) => line.trim() === longKey);
    expect(keyAt).toBeGreaterThan(-1);
    expect(lines[keyAt + 1]?.trim()).toBe('fake…0001 (57 chars) → fake…0002 (57 chars)');
  });

  it('keeps a stacked change indented on every line it wraps to', async () => {
    const key = 'NETATMO_TOKEN_EXPIRES_AT';
    const before = '(new, line 3, after a key whose name is long enough to need most of a line)';
    const store = new FakeStore(
      viewOf({ ...previewPrompt, blocks: [{ label: '.env', lines: [{ key, before, after: '2026-12-05T00:37:30Z' }], warnings: [], unchanged: false }] }),
    );
    const lines = plain((await renderInAct(<App store={store} />)).lastFrame()).split('\n');
    const keyAt = lines.findIndex((line) => line.trim() === key);
    const change = lines.slice(keyAt + 1, lines.findIndex((line, i) => i > keyAt && line.trim() === ''));
    expect(change.length).toBeGreaterThan(1);
    // The block's margin (2) and the change's own indent (4), on the wrapped lines too.
    for (const line of change) expect(line).toMatch(/^ {6}\S/);
    expect(change.join(' ').replace(/\s+/g, ' ').trim()).toBe(`${before} → 2026-12-05T00:37:30Z`);
  });

  it('shows warnings in yellow', async () => {
    const frame = (await renderPreview()).screen.lastFrame();
    expect(frame).toContain('\u001B[33m⚠ .env is tracked by git');
  });

  it('dims a target that would not change', async () => {
    const frame = (await renderPreview()).screen.lastFrame();
    expect(frame).toContain('\u001B[2mconfig.yaml — unchanged');
  });

  it('writes only on an explicit y, refuses on n, and ignores a bare Enter', async () => {
    const { store, screen } = await renderPreview();
    await screen.type(keys.enter);
    expect(store.answers).toEqual([]);
    await screen.type('y');
    expect(store.answers).toEqual([{ type: 'confirm', id: 'preview', value: true }]);
    const second = await renderPreview();
    await second.screen.type('n');
    expect(second.store.answers).toEqual([{ type: 'confirm', id: 'preview', value: false }]);
  });
});
