import { Box } from 'ink';
import { describe, expect, it } from 'vitest';
import { LinkNotes, splitNote } from '../../screens/link-notes.js';
import { renderInAct } from './ink-harness.js';

const SSH_NOTES = [
  "⚠ Over SSH, your computer's browser cannot reach 127.0.0.1:53683 here by itself. Either:",
  '  1. on your computer, run this first, then open the link there:',
  '     ssh -L 53683:127.0.0.1:53683 ada@198.51.100.20',
  '  2. or open the link on your computer, then paste here the address of the page you land on (even a "cannot connect" page).',
];

describe('the notes under the sign-in link', () => {
  it('splits a note into its indentation, mark or number, and sentence', () => {
    expect(splitNote('✔ Copied the link')).toEqual({ indent: '', mark: '✔', gap: ' ', text: 'Copied the link' });
    expect(splitNote('  2. or open the link')).toEqual({ indent: '  ', mark: '2.', gap: ' ', text: 'or open the link' });
    expect(splitNote('     ssh -L 1:127.0.0.1:1 a@b')).toEqual({ indent: '     ', mark: '', gap: '', text: 'ssh -L 1:127.0.0.1:1 a@b' });
  });

  it('at 60 columns, hangs a wrapped sentence under its first word, not under the mark or the number', async () => {
    const screen = await renderInAct(
      <Box width={60}>
        <LinkNotes notes={SSH_NOTES} />
      </Box>,
    );
    const lines = screen.lastFrame().split('\n').map((line) => line.trimEnd());
    expect(lines[0]).toMatch(/^⚠ Over SSH/);
    expect(lines[1]).toMatch(/^ {2}\S/); // the ⚠ sentence goes on under "Over"
    const second = lines.findIndex((line) => line.startsWith('  2. or open the link'));
    expect(second).toBeGreaterThan(0);
    expect(lines[second + 1]).toMatch(/^ {5}\S/); // under "or", not at column 0
    expect(lines).toContain('     ssh -L 53683:127.0.0.1:53683 ada@198.51.100.20');
    expect(lines.every((line) => line.length <= 60)).toBe(true);
  });
});
