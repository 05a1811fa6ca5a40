/**
 * Issue 11.7 in plain mode: after going back, the history printed line by line must say every
 * step once — a step that stays answered is not printed a second time, and the steps done
 * again are printed with their new lines, also when the flow went back and on again between
 * two looks at it (a count of printed lines then skipped the new ones).
 */
import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import type { StepSummary, WizardView } from '../../src/flow/prompt.js';
import { runPlain } from '../../src/plain/run-plain.js';
import { FakeStore, viewOf } from '../screens/fake-store.js';

const service: StepSummary = { label: 'Service', value: 'Netatmo', stepId: 'given' };
const tokens = (n: number): StepSummary => ({ label: 'Tokens', value: `access fake…000${n}`, stepId: 'exchange' });
const check = (n: number): StepSummary => ({ label: 'Live check', value: `${n} weather station found`, stepId: 'verify' });
const busy = (history: readonly StepSummary[]): WizardView => viewOf({ kind: 'busy', id: 'write', title: 'Working…', canGoBack: false }, history);
const done = (history: readonly StepSummary[]): WizardView => ({ ...viewOf({ kind: 'done', id: 'done', title: 'All done', lines: [], canGoBack: false }, history), finished: { exitCode: 0 } });

async function printed(steps: readonly (readonly WizardView[])[]): Promise<string[]> {
  const store = new FakeStore(busy([service]));
  let out = '';
  const running = runPlain(store, { input: new PassThrough(), output: new PassThrough(), write: (t) => void (out += t), now: () => 0 });
  const tick = () => new Promise((r) => setTimeout(r, 10));
  await tick();
  // Each group of views is shown back to back, before the renderer looks again.
  for (const group of steps) {
    for (const view of group) store.show(view);
    await tick();
  }
  store.show(done(store.getView().history));
  await running;
  return out.split('\n').filter((line) => line.startsWith('✔ '));
}

it('prints a step that stays answered once, and the steps done again with their new lines', async () => {
  const lines = await printed([[busy([service, tokens(1), check(1)])], [busy([service])], [busy([service, tokens(2), check(2)])]]);
  expect(lines).toEqual(['✔ Service: Netatmo', '✔ Tokens: access fake…0001', '✔ Live check: 1 weather station found', '✔ Tokens: access fake…0002', '✔ Live check: 2 weather station found']);
});

it('prints the new lines when the flow went back and on again before plain mode looked', async () => {
  const lines = await printed([[busy([service, tokens(1), check(1)])], [busy([service]), busy([service, tokens(2), check(2)])]]);
  expect(lines).toEqual(['✔ Service: Netatmo', '✔ Tokens: access fake…0001', '✔ Live check: 1 weather station found', '✔ Tokens: access fake…0002', '✔ Live check: 2 weather station found']);
});

it('does not print again what the flow, back and on again before plain mode looked, said the same', async () => {
  const lines = await printed([[busy([service, tokens(1)])], [busy([service]), busy([service, tokens(1), check(1)])]]);
  expect(lines).toEqual(['✔ Service: Netatmo', '✔ Tokens: access fake…0001', '✔ Live check: 1 weather station found']);
});
