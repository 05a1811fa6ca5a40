/**
 * Renders screens with ink-testing-library inside React's act(), so effects (Ink's input
 * listeners among them) are attached before a test types, and every update is flushed before a
 * test reads the frame.
 */
import { act, type ReactElement } from 'react';
import { render } from 'ink-testing-library';
import { afterEach } from 'vitest';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** What a terminal sends for each key. */
export const keys = {
  enter: '\r',
  escape: '\u001B',
  up: '\u001B[A',
  down: '\u001B[B',
  // Most terminals send DEL (\x7f) for Backspace; Ink calls it `delete`.
  backspace: '\u007F',
  space: ' ',
  ctrlC: '\u0003',
  ctrlU: '\u0015',
} as const;

export interface Rendered {
  lastFrame(): string;
  /** Every frame written so far (Ink's debug mode writes whole frames). */
  readonly frames: string[];
  /** Sends one chunk to stdin, the way a terminal delivers a key or a piece of a paste. */
  type(data: string): Promise<void>;
  /**
   * Sends several chunks back to back, before React gets to re-render: how a terminal hands
   * over a long paste, ~4 KB at a time.
   */
  typeBurst(chunks: readonly string[]): Promise<void>;
  /** Esc needs a tick: Ink holds a lone ESC back to see whether an escape sequence follows. */
  pressEscape(): Promise<void>;
  /** Renders a new element in place of the old one (same instance, state kept where React keeps it). */
  rerender(node: ReactElement): Promise<void>;
  unmount(): void;
}

const mounted = new Set<ReturnType<typeof render>>();

// Unmount after each test: a spinner or countdown left running would update React outside act()
// after the test ended, and its warning would arrive after the test file closed.
afterEach(() => {
  for (const instance of mounted) act(() => instance.unmount());
  mounted.clear();
});

export async function renderInAct(node: ReactElement): Promise<Rendered> {
  let instance: ReturnType<typeof render> | undefined;
  await act(async () => {
    instance = render(node);
  });
  const rendered = instance!;
  mounted.add(rendered);
  return {
    lastFrame: () => rendered.lastFrame() ?? '',
    frames: rendered.frames,
    type: async (data) => {
      await act(async () => {
        rendered.stdin.write(data);
      });
    },
    typeBurst: async (chunks) => {
      await act(async () => {
        for (const chunk of chunks) rendered.stdin.write(chunk);
      });
    },
    pressEscape: async () => {
      await act(async () => {
        rendered.stdin.write(keys.escape);
        await new Promise((resolve) => setImmediate(resolve));
      });
    },
    rerender: async (node) => {
      await act(async () => {
        rendered.rerender(node);
      });
    },
    unmount: () => {
      act(() => rendered.unmount());
      mounted.delete(rendered);
    },
  };
}

/** Runs a state change (e.g. store.show) inside act() so the frame reflects it. */
export async function update(change: () => void): Promise<void> {
  await act(async () => {
    change();
  });
}
