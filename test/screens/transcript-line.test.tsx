import { describe, expect, it } from 'vitest';
import { isBlock, TranscriptLine } from '../../screens/transcript-line.js';
import { renderInAct } from './ink-harness.js';

describe('a finished step in the scrollback', () => {
  it('keeps a blank line after a link (a wrapped link must not run into "✔ Sign-in"), none after a step', async () => {
    const step = { kind: 'step', label: 'Sign-in', value: 'code received' } as const;
    expect(isBlock({ kind: 'link', title: 'Sign in', url: 'https://example.test/x' })).toBe(true);
    expect(isBlock(step)).toBe(false);
    expect(isBlock(undefined)).toBe(false);
    const after = await renderInAct(<TranscriptLine item={step} afterBlock />);
    expect(after.lastFrame().split('\n')).toEqual(['', '✔ Sign-in         code received']);
    const plain = await renderInAct(<TranscriptLine item={step} />);
    expect(plain.lastFrame().split('\n')).toEqual(['✔ Sign-in         code received']);
  });
});
