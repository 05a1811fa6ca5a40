import { describe, expect, it } from 'vitest';
import { renderWizard } from '../../screens/render-wizard.js';
import { FakeStore, viewOf } from './fake-store.js';
import { FakeTtyIn, FakeTtyOut, waitFor } from './fake-terminal.js';
import { fakeUrl, pastePrompt, selectPrompt } from './prompts.js';

function streams(columns = 80) {
  const stdin = new FakeTtyIn();
  const stdout = new FakeTtyOut(columns);
  const stderr = new FakeTtyOut(columns);
  return {
    stdin,
    stdout,
    options: {
      stdin: stdin as unknown as NodeJS.ReadStream,
      stdout: stdout as unknown as NodeJS.WriteStream,
      stderr: stderr as unknown as NodeJS.WriteStream,
    },
  };
}

describe('renderWizard', () => {
  it('resolves once the flow finishes, after drawing the final screen', async () => {
    const store = new FakeStore(viewOf(selectPrompt()), (answer, self) => {
      if (answer.type === 'value') {
        self.show(viewOf({ kind: 'done', id: 'done', title: 'All set', lines: ['Wrote .env'], canGoBack: false }, [], { exitCode: 0 }));
      }
    });
    const { stdin, stdout, options } = streams();
    const finished = renderWizard(store, options);
    await waitFor(() => stdin.listening);
    stdin.send('\r');
    await finished;
    expect(stdout.text()).toContain('✔ All set');
    expect(stdout.text()).toContain('Wrote .env');
    expect(stdin.isRaw).toBe(false);
  });

  it('leaves every Ctrl+C to the flow (a second one too: while a code is spent the flow finishes safely), and stops when the flow ends', async () => {
    const store = new FakeStore(viewOf(selectPrompt()));
    const { stdin, options } = streams();
    const finished = renderWizard(store, options);
    await waitFor(() => stdin.listening);
    stdin.send('\u0003');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(store.answers).toEqual([{ type: 'cancel' }]);
    stdin.send('\u0003');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(store.answers).toEqual([{ type: 'cancel' }, { type: 'cancel' }]);
    let done = false;
    void finished.then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(done).toBe(false);
    store.show(viewOf(store.getView().prompt, [], { exitCode: 130 }));
    await finished;
  });

  it('writes a sign-in link longer than an 80-column terminal whole, with no line break inside', async () => {
    const store = new FakeStore(viewOf(pastePrompt()), (answer, self) => {
      if (answer.type === 'cancel') self.show(viewOf(self.getView().prompt, [], { exitCode: 130 }));
    });
    const { stdin, stdout, options } = streams(80);
    const finished = renderWizard(store, options);
    await waitFor(() => stdin.listening);
    stdin.send('\u0003');
    await finished;
    expect(fakeUrl.length).toBeGreaterThan(80);
    expect(stdout.text()).toContain(`\n${fakeUrl}\n`);
    // Everything else fits the terminal, so Ink's line counting for redraws stays right.
    const otherLines = stdout.text().split('\n').filter((line) => line !== fakeUrl);
    expect(Math.max(...otherLines.map((line) => line.length))).toBeLessThanOrEqual(80);
  });
});
