import { describe, expect, it } from 'vitest';
import { App } from '../../screens/app.js';
import type { PromptOf } from '../../screens/step-props.js';
import { FakeStore, viewOf } from './fake-store.js';
import { keys, renderInAct } from './ink-harness.js';

function scopesPrompt(overrides: Partial<PromptOf<'multiselect'>> = {}): PromptOf<'multiselect'> {
  return {
    kind: 'multiselect',
    id: 'scopes',
    title: 'Which scopes?',
    canGoBack: false,
    options: [
      { value: 'read_station', label: 'read_station', hint: 'weather data' },
      { value: 'read_thermostat', label: 'read_thermostat' },
      { value: 'write_thermostat', label: 'write_thermostat' },
    ],
    initial: ['read_station'],
    allowOther: false,
    ...overrides,
  };
}

async function renderScopes(prompt = scopesPrompt()) {
  const store = new FakeStore(viewOf(prompt));
  const screen = await renderInAct(<App store={store} />);
  return { store, screen };
}

describe('multiselect step', () => {
  it('shows the initial values ticked', async () => {
    const { screen } = await renderScopes();
    expect(screen.lastFrame()).toMatch(/◉ read_station {2,}weather data/);
    expect(screen.lastFrame()).toContain('◯ read_thermostat');
  });

  it('toggles with Space and confirms with Enter, in list order', async () => {
    const { store, screen } = await renderScopes();
    await screen.type(keys.down);
    await screen.type(keys.down);
    await screen.type(keys.space);
    await screen.type(keys.up);
    await screen.type(keys.up);
    await screen.type(keys.space); // unticks read_station
    await screen.type(keys.down);
    await screen.type(keys.space);
    await screen.type(keys.enter);
    expect(store.answers).toEqual([{ type: 'values', id: 'scopes', values: ['read_thermostat', 'write_thermostat'] }]);
  });

  it('takes typed extra values on the "Other" row, split on commas and spaces', async () => {
    const { store, screen } = await renderScopes(scopesPrompt({ allowOther: true }));
    await screen.type(keys.up); // wraps to "Other"
    expect(screen.lastFrame()).toContain('❯ Other (comma-separated):');
    await screen.type('read_camera, access_camera read_station');
    expect(screen.lastFrame()).toContain('read_camera, access_camera read_station');
    await screen.type(keys.enter);
    expect(store.answers).toEqual([
      { type: 'values', id: 'scopes', values: ['read_station', 'read_camera', 'access_camera'] },
    ]);
  });

  it('submits when a pasted "Other" value ends with a line break', async () => {
    const { store, screen } = await renderScopes(scopesPrompt({ allowOther: true, initial: [] }));
    await screen.type(keys.up);
    await screen.type('read_presence\r');
    expect(store.answers).toEqual([{ type: 'values', id: 'scopes', values: ['read_presence'] }]);
  });

  it('keeps initial values the list does not offer in "Other" instead of losing them', async () => {
    const { store, screen } = await renderScopes(scopesPrompt({ allowOther: true, initial: ['read_station', 'read_doorbell'] }));
    expect(screen.lastFrame()).toContain('Other (comma-separated): read_doorbell');
    await screen.type(keys.enter);
    expect(store.answers).toEqual([{ type: 'values', id: 'scopes', values: ['read_station', 'read_doorbell'] }]);
  });

  it('ticks and confirms when Space and Enter arrive as one chunk', async () => {
    const { store, screen } = await renderScopes(scopesPrompt({ initial: [] }));
    await screen.type(' \r');
    expect(store.answers).toEqual([{ type: 'values', id: 'scopes', values: ['read_station'] }]);
  });

  it('does not type a space into the list when Space is meant to tick', async () => {
    const { store, screen } = await renderScopes(scopesPrompt({ allowOther: true, initial: [] }));
    await screen.type(keys.space);
    await screen.type(keys.enter);
    expect(store.answers).toEqual([{ type: 'values', id: 'scopes', values: ['read_station'] }]);
  });
});
