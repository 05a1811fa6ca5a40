/**
 * Drives a running wizard from a test, the way a person would: wait for the next question,
 * answer it. Used by flow tests (no terminal) — renderers are tested separately.
 */
import type { Answer, Prompt, WizardView } from '../../src/flow/prompt.js';
import type { WizardRun } from '../../src/flow/wizard-controller.js';

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
