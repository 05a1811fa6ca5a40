import { describe, expect, it } from 'vitest';
import { shownPrefix } from '../../src/flow/shown-history.js';

const line = (stepId: string, value: string) => ({ label: stepId, value, stepId });

describe('shownPrefix', () => {
  it('counts the lines a history shares with what was shown, from the start', () => {
    const shown = [line('scopes', 'read_station'), line('redirect_uri', 'https://localhost/callback')];
    expect(shownPrefix(shown, shown)).toBe(2);
    expect(shownPrefix([shown[0]!], shown)).toBe(1);
    expect(shownPrefix([...shown, line('paste', 'code received')], shown)).toBe(2);
  });

  it('stops at the first line that differs, even when a later one is the same again', () => {
    const shown = [line('scopes', 'read_station'), line('redirect_uri', 'https://localhost/callback')];
    expect(shownPrefix([line('scopes', 'read_thermostat'), shown[1]!], shown)).toBe(0);
  });

  it('tells a failed step from one that went well, and one step from another with the same words', () => {
    expect(shownPrefix([{ ...line('revoke', 'x'), failed: true }], [line('revoke', 'x')])).toBe(0);
    expect(shownPrefix([line('given', 'Netatmo')], [line('provider', 'Netatmo')])).toBe(0);
  });
});
