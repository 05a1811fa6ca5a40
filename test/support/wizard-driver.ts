/**
 * Drives a running wizard from a test, the way a person would: wait for the next question,
 * answer it. Used by flow tests (no terminal) — renderers are tested separately.
 */
import type { Answer, Prompt, WizardView } from '../../src/flow/prompt.js';
import { runSetup } from '../../src/commands/setup.js';
import type { Deps } from '../../src/deps.js';
import type { WizardOutcome, WizardRun } from '../../src/flow/wizard-controller.js';
import { recordOutput } from './secret-audit.js';

/** Resolves with the first view that is not busy (a question, a problem, or the end). */
export function nextQuestion(run: WizardRun, timeoutMs = 10_000): Promise<WizardView> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const view = run.getView();
      if (view.prompt.kind !== 'busy') {
        resolve(view);
        return true;
      }
      return false;
    };
    if (check()) return;
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`wizard stayed busy: ${run.getView().prompt.title}`));
    }, timeoutMs);
    const unsubscribe = run.subscribe(() => {
      if (check()) {
        clearTimeout(timer);
        unsubscribe();
      }
    });
  });
}

/** Waits for the question `id`, failing with what was shown instead. */
export async function expectQuestion(run: WizardRun, id: string): Promise<Prompt> {
  // Actions settle on a later tick; let the controller start them first.
  await new Promise((r) => setTimeout(r, 0));
  const view = await nextQuestion(run);
  if (view.prompt.id !== id) {
    const detail = 'help' in view.prompt ? ` — ${view.prompt.help ?? ''}` : '';
    throw new Error(`expected question "${id}", got "${view.prompt.id}" (${view.prompt.kind}: ${view.prompt.title}${detail}${view.prompt.error ? ` / error: ${view.prompt.error}` : ''})`);
  }
  return view.prompt;
}

export async function answer(run: WizardRun, id: string, value: string | boolean | readonly string[]): Promise<Prompt> {
  const prompt = await expectQuestion(run, id);
  const a: Answer =
    typeof value === 'boolean'
      ? { type: 'confirm', id, value }
      : Array.isArray(value)
        ? { type: 'values', id, values: value as readonly string[] }
        : { type: 'value', id, value: value as string };
  run.answer(a);
  return prompt;
}

/** Which wizard to start: a new connection of `provider`, or a reconnect of `profileName`. */
export interface WizardStart {
  readonly cwd: string;
  readonly provider?: string;
  readonly profileName?: string;
  readonly noBrowser?: boolean;
  /** node and reauth's script for a crontab line (the closing question's "add it now"). */
  readonly program?: readonly string[];
}

/**
 * `reauth setup` in-process with a renderer that only hands the run to the test: `run` is the
 * store to answer, `done` the outcome once the wizard has finished.
 */
export function startWizardRun(start: WizardStart, deps: Deps): { run: Promise<WizardRun>; done: Promise<WizardOutcome> } {
  let resolveRun!: (r: WizardRun) => void;
  const run = new Promise<WizardRun>((r) => (resolveRun = r));
  const done = runSetup(
    {
      configPath: 'reauth.yaml',
      ...(start.profileName ? { profileName: start.profileName } : {}),
      ...(start.provider ? { provider: start.provider } : {}),
      noBrowser: start.noBrowser ?? false,
      cwd: start.cwd,
      commandName: 'reauth',
      ...(start.program ? { program: start.program } : {}),
      render: async (r) => {
        // Every view the wizard shows, for the whole-suite secret grep.
        const shown: string[] = [];
        // A secret field's `initial` is what the person typed or reauth found: renderers mask it.
        const unsubscribe = r.subscribe(() => {
          try {
            const view = r.getView();
            const prompt = view.prompt.kind === 'text' && view.prompt.secret ? { ...view.prompt, initial: undefined } : view.prompt;
            shown.push(JSON.stringify({ ...view, prompt }));
          } catch {
            // The last change ends the run: there is no view to show.
          }
        });
        resolveRun(r);
        await r.outcome.finally(() => {
          unsubscribe();
          recordOutput(`in-process wizard (${start.provider ?? start.profileName ?? 'setup'})`, shown.join('\n'));
        });
      },
    },
    deps,
  );
  return { run, done };
}

/**
 * The places question and its key names, asked before the sign-in: `choice` ticked (the first
 * place offered unless said), the proposed key names kept for each. Leaves the question after.
 */
export async function answerPlaces(run: WizardRun, choice: readonly string[] = ['0']): Promise<void> {
  await answer(run, 'targets', choice);
  // One round of key names per place; a device sign-in comes next as a busy screen.
  for (let round = 0; round < choice.length; round++) {
    await new Promise((r) => setTimeout(r, 0));
    const view = await nextQuestion(run);
    if (view.prompt.id !== 'keys' || view.prompt.kind !== 'select') return;
    run.answer({ type: 'value', id: 'keys', value: 'keep' });
  }
}
