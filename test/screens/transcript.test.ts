import { describe, expect, it } from 'vitest';
import type { WizardView } from '../../src/flow/prompt.js';
import { advanceTranscript, emptyTranscript } from '../../screens/transcript.js';
import { pastePrompt, selectPrompt } from './prompts.js';

const view = (history: WizardView['history'], prompt: WizardView['prompt'] = selectPrompt()): WizardView => ({ history, prompt });

describe('transcript', () => {
  it('shows each finished step once, in order, live until something is printed after it', () => {
    let state = advanceTranscript(emptyTranscript, view([{ label: 'Service', value: 'Netatmo' }]));
    state = advanceTranscript(state, view([{ label: 'Service', value: 'Netatmo' }, { label: 'Client ID', value: 'fake…0001' }]));
    expect(state.items).toEqual([]);
    expect(state.open).toEqual([
      { kind: 'step', label: 'Service', value: 'Netatmo' },
      { kind: 'step', label: 'Client ID', value: 'fake…0001' },
    ]);
  });

  it('returns the same state when nothing new happened, so folding on every render is free', () => {
    const once = advanceTranscript(emptyTranscript, view([{ label: 'Service', value: 'Netatmo' }]));
    expect(advanceTranscript(once, view([{ label: 'Service', value: 'Netatmo' }]))).toBe(once);
  });

  it('after going back, shows the re-answered step once, with its new answer', () => {
    let state = advanceTranscript(emptyTranscript, view([{ label: 'Service', value: 'Netatmo' }, { label: 'Region', value: 'EU' }]));
    state = advanceTranscript(state, view([{ label: 'Service', value: 'Netatmo' }]));
    state = advanceTranscript(state, view([{ label: 'Service', value: 'Netatmo' }, { label: 'Region', value: 'India' }]));
    expect([...state.items, ...state.open].map((item) => (item.kind === 'step' ? item.value : ''))).toEqual(['Netatmo', 'India']);
  });

  it('prints a final line (a token spent or written) and everything before it for good', () => {
    const spent = [{ label: 'Account', value: '+4477' }, { label: 'Tokens', value: 'access fake…0001', final: true }];
    let state = advanceTranscript(emptyTranscript, view(spent));
    state = advanceTranscript(state, view([...spent, { label: 'Write to', value: '.env' }]));
    expect(state.items.map((item) => (item.kind === 'step' ? item.label : ''))).toEqual(['Account', 'Tokens']);
    expect(state.open.map((item) => item.label)).toEqual(['Write to']);
    // Going back over the spent code drops its lines from the flow's history: they stay printed, once.
    state = advanceTranscript(state, view([]));
    state = advanceTranscript(state, view([{ label: 'Write to', value: 'env.py' }]));
    expect([...state.items, ...state.open].map((item) => (item.kind === 'step' ? item.value : ''))).toEqual(['+4477', 'access fake…0001', 'env.py']);
  });

  it('prints the oldest open lines for good when there are more than the window leaves room for', () => {
    const steps = ['A', 'B', 'C', 'D'].map((label) => ({ label, value: label.toLowerCase() }));
    const state = advanceTranscript(emptyTranscript, view(steps), 2);
    expect(state.items.map((item) => (item.kind === 'step' ? item.label : ''))).toEqual(['A', 'B']);
    expect(state.open.map((item) => item.label)).toEqual(['C', 'D']);
  });

  it('prints every open line when the wizard ends', () => {
    const done = { ...view([{ label: 'Service', value: 'Netatmo' }], { kind: 'done', id: 'finished', title: 'All done', lines: [], canGoBack: false }), finished: { exitCode: 0 } };
    const state = advanceTranscript(emptyTranscript, done);
    expect(state.items).toEqual([{ kind: 'step', label: 'Service', value: 'Netatmo' }]);
    expect(state.open).toEqual([]);
  });

  it('prints the sign-in link after the history that led to it, once per appearance', () => {
    const paste = pastePrompt();
    let state = advanceTranscript(emptyTranscript, view([{ label: 'Scopes', value: 'read_station' }], paste));
    state = advanceTranscript(state, view([{ label: 'Scopes', value: 'read_station' }], pastePrompt({ error: 'Try again.' })));
    expect(state.items.map((item) => item.kind)).toEqual(['step', 'link']);
    state = advanceTranscript(state, view([{ label: 'Scopes', value: 'read_station' }], selectPrompt()));
    state = advanceTranscript(state, view([{ label: 'Scopes', value: 'read_station' }], paste));
    expect(state.items.map((item) => item.kind)).toEqual(['step', 'link', 'link']);
  });

  it('after going back past the printed link, prints a line answered the same again not a second time', () => {
    const scopes = { label: 'Scopes', value: 'read_station', stepId: 'scopes' };
    const redirect = { label: 'Redirect URI', value: 'https://localhost/callback', stepId: 'redirect_uri' };
    let state = advanceTranscript(emptyTranscript, view([scopes, redirect], pastePrompt()));
    // Esc on the link: back to the redirect URI, then to the scopes, then both the same again.
    state = advanceTranscript(state, view([scopes]));
    state = advanceTranscript(state, view([]));
    state = advanceTranscript(state, view([scopes]));
    state = advanceTranscript(state, view([scopes, redirect]));
    state = advanceTranscript(state, view([scopes, redirect], pastePrompt({ url: 'https://example.test/auth?state=fake-state-2' })));
    expect(state.items.map((item) => (item.kind === 'step' ? item.label : item.kind))).toEqual(['Scopes', 'Redirect URI', 'link', 'link']);
    expect(state.open).toEqual([]);
  });

  it('after going back past the printed link, prints a changed answer and the lines after it again, in order', () => {
    const scopes = { label: 'Scopes', value: 'read_station', stepId: 'scopes' };
    const redirect = { label: 'Redirect URI', value: 'https://localhost/callback', stepId: 'redirect_uri' };
    let state = advanceTranscript(emptyTranscript, view([scopes, redirect], pastePrompt()));
    state = advanceTranscript(state, view([]));
    state = advanceTranscript(state, view([{ ...scopes, value: 'read_thermostat' }, redirect]));
    expect(state.open.map((item) => item.value)).toEqual(['read_thermostat', 'https://localhost/callback']);
  });
});
