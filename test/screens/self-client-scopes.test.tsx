/**
 * Issue 11.7: the Self Client screen pointed at the scopes "listed below" while both renderers
 * print that line above the question. Drawn here from the real step, at 60 columns.
 */
import { describe, expect, it } from 'vitest';
import type { Prompt } from '../../src/flow/prompt.js';
import { selfClientDurationStep } from '../../src/flow/steps/sign-in-steps.js';
import { renderWizard } from '../../screens/render-wizard.js';
import { ctx, dataFor } from '../flow/steps/step-fixtures.js';
import { FakeStore, viewOf } from './fake-store.js';
import { FakeTtyIn, FakeTtyOut, waitFor } from './fake-terminal.js';

describe('the Self Client duration screen', () => {
  it('says where the scopes to type are: above the question, where they are drawn', async () => {
    const data = dataFor('zoho-salesiq', { flow: 'self_client', scopes: ['SalesIQ.departments.READ', 'SalesIQ.portals.READ'] });
    const prompt = { ...selfClientDurationStep.prompt(data, ctx), id: 'self_client_duration', canGoBack: false } as Prompt;
    const store = new FakeStore(viewOf(prompt), (answer, self) => {
      if (answer.type === 'cancel') self.show(viewOf(self.getView().prompt, [], { exitCode: 130 }));
    });
    const stdin = new FakeTtyIn();
    const stdout = new FakeTtyOut(60);
    const finished = renderWizard(store, { stdin: stdin as never, stdout: stdout as never, stderr: new FakeTtyOut(60) as never });
    await waitFor(() => stdin.listening);
    stdin.send('\u0003');
    await finished;
    const text = stdout.text();
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).not.toMatch(/below/);
    expect(flat).toMatch(/scopes \(comma-separated, on the line above\)/);
    expect(text.indexOf('SalesIQ.departments.READ,SalesIQ.portals.READ')).toBeLessThan(text.indexOf('Generate Code'));
  });
});
