import { describe, expect, it } from 'vitest';
import { HelpText } from '../../screens/help-text.js';
import { renderInAct } from './ink-harness.js';

describe('prose (help text)', () => {
  it('wraps long guidance without starting a wrapped line with a space', async () => {
    // Lines ending exactly at the 100-column edge: that is where Ink pushes the space down.
    const words = ['x'.repeat(100), 'y'.repeat(100), 'the end'].join(' ');
    const lines = (await renderInAct(<HelpText>{words}</HelpText>)).lastFrame().split('\n');
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line.startsWith(' ')).toBe(false);
  });

  it('keeps the writer\'s own line breaks, blank lines and indentation', async () => {
    const frame = (await renderInAct(<HelpText>{'Run this from cron:\n\n  0 */12 * * * reauth refresh weather'}</HelpText>)).lastFrame();
    expect(frame.split('\n')).toEqual(['Run this from cron:', '', '  0 */12 * * * reauth refresh weather']);
  });
});
