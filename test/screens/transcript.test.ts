import { describe, expect, it } from 'vitest';
import type { WizardView } from '../../src/flow/prompt.js';
import { advanceTranscript, emptyTranscript } from '../../screens/transcript.js';
import { pastePrompt, selectPrompt } from './prompts.js';

const view = (history: WizardView['history'], prompt: WizardView['prompt'] = selectPrompt()): WizardView => ({ history, prompt });

describe('transcript', () => {
  it('adds each finished step once, in order', () => {
    let state = advanceTranscript(emptyTranscript, view([{ label: 'Service', value: 'Netatmo' }]));
    state = advanceTranscript(state, view([{ label: 'Service', value: 'Netatmo' }, { label: 'Client ID', value: 'fake…0001' }]));
    expect(state.items).toEqual([
      { kind: 'step', label: 'Service', value: 'Netatmo' },
      { kind: 'step', label: 'Client ID', value: 'fake…0001' },
    ]);
  });

  it('returns the same state when nothing new happened, so folding on every render is free', () => {
    const once = advanceTranscript(emptyTranscript, view([{ label: 'Service', value: 'Netatmo' }]));
    expect(advanceTranscript(once, view([{ label: 'Service', value: 'Netatmo' }]))).toBe(once);
  });

  it('after going back, prints the re-answered step again instead of unprinting anything', () => {
    let state = advanceTranscript(emptyTranscript, view([{ label: 'Service', value: 'Netatmo' }, { label: 'Region', value: 'EU' }]));
    state = advanceTranscript(state, view([{ label: 'Service', value: 'Netatmo' }]));
    state = advanceTranscript(state, view([{ label: 'Service', value: 'Netatmo' }, { label: 'Region', value: 'India' }]));
    expect(state.items.map((item) => (item.kind === 'step' ? item.value : ''))).toEqual(['Netatmo', 'EU', 'India']);
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
});
