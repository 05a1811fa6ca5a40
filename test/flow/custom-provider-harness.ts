/**
 * Shared by the custom-provider flow tests: test deps that record the links the wizard opens,
 * and runSetup started the way the CLI starts it, in a temp folder.
 */
import { runSetup } from '../../src/commands/setup.js';
import type { Deps } from '../../src/deps.js';
import type { WizardOutcome, WizardRun } from '../../src/flow/wizard-controller.js';
import { testDeps } from '../support/test-deps.js';

export interface StartedSetup {
  readonly run: WizardRun;
  readonly done: Promise<WizardOutcome>;
  /** Every link the wizard asked the browser to open, in order. */
  readonly opened: string[];
}

export function recordingDeps(opened: string[]): Deps {
  return testDeps({ opened });
}

export async function startSetup(cwd: string, provider?: string): Promise<StartedSetup> {
  const opened: string[] = [];
  let resolveRun!: (run: WizardRun) => void;
  const started = new Promise<WizardRun>((resolve) => (resolveRun = resolve));
  const done = runSetup(
    {
      configPath: 'reauth.yaml',
      ...(provider ? { provider } : {}),
      noBrowser: false,
      cwd,
      commandName: 'reauth',
      render: async (run) => {
        resolveRun(run);
        await run.outcome;
      },
    },
    recordingDeps(opened),
  );
  // A setup that fails before the wizard starts rejects `done`; surface that instead of hanging.
  const run = await Promise.race([started, done.then(() => Promise.reject(new Error('setup ended before the wizard started')))]);
  return { run, done, opened };
}
