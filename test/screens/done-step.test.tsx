import { describe, expect, it } from 'vitest';
import { App } from '../../screens/app.js';
import { FakeStore, viewOf } from './fake-store.js';
import { renderInAct } from './ink-harness.js';

describe('done step', () => {
  it('shows the title and every line, e.g. the cron line to refresh later', async () => {
    const store = new FakeStore(
      viewOf(
        {
          kind: 'done',
          id: 'done',
          title: 'Fresh tokens written',
          canGoBack: false,
          lines: ['Wrote .env and config.yaml.', 'To refresh every 12 hours:', '  0 */12 * * * reauth refresh weather'],
        },
        [],
        { exitCode: 0 },
      ),
    );
    const screen = await renderInAct(<App store={store} />);
    const frame = screen.lastFrame();
    expect(frame).toContain('✔ Fresh tokens written');
    expect(frame).toContain('Wrote .env and config.yaml.');
    expect(frame).toContain('  0 */12 * * * reauth refresh weather');
  });
});

describe('done step after a failure or a cancel', () => {
  const done = (title: string) => ({ kind: 'done' as const, id: 'finished', title, canGoBack: false, lines: [] });

  it('marks a failed ending with ✘, never a green tick', async () => {
    const store = new FakeStore(viewOf(done('The tokens could not be kept'), [], { exitCode: 5 }));
    const frame = (await renderInAct(<App store={store} />)).lastFrame();
    expect(frame).toContain('✘ The tokens could not be kept');
    expect(frame).not.toContain('✔ The tokens');
  });

  it('shows a cancel plainly, without a mark', async () => {
    const store = new FakeStore(viewOf(done('Cancelled'), [], { exitCode: 130 }));
    const frame = (await renderInAct(<App store={store} />)).lastFrame();
    expect(frame).toContain('Cancelled');
    expect(frame).not.toMatch(/[✔✘] Cancelled/);
  });
});
