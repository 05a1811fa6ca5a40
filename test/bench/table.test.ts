import { describe, expect, it } from 'vitest';
import { formatTable } from './table.js';

describe('bench table', () => {
  it('left-aligns labels, right-aligns figures and underlines the header to each column width', () => {
    const text = formatTable({
      title: 'Start-up',
      columns: ['what', 'median'],
      rows: [
        ['bare node', '25 ms'],
        ['wizard', '140 ms'],
      ],
      note: 'medians',
    });
    expect(text).toBe(['Start-up', 'what       median', '─────────  ──────', 'bare node   25 ms', 'wizard     140 ms', 'medians', ''].join('\n'));
  });
});
