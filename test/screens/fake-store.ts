/**
 * A WizardStore for screen tests: holds one view, records every answer, and lets a test move the
 * wizard on. Methods are real methods (not arrow properties) so a screen that calls them unbound
 * fails here the way it would with a class-based flow store.
 */
import type { Answer, Prompt, StepSummary, WizardStore, WizardView } from '../../src/flow/prompt.js';

export class FakeStore implements WizardStore {
  readonly answers: Answer[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(
    private view: WizardView,
    /** Optional reaction to an answer, e.g. finishing the wizard on `cancel`. */
    private readonly react?: (answer: Answer, store: FakeStore) => void,
  ) {}

  getView(): WizardView {
    return this.view;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  answer(answer: Answer): void {
    this.answers.push(answer);
    this.react?.(answer, this);
  }

  /** Replace the view and notify subscribers (wrap in act() from a test). */
  show(view: WizardView): void {
    this.view = view;
    for (const listener of this.listeners) listener();
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}

export function viewOf(prompt: Prompt, history: readonly StepSummary[] = [], finished?: { exitCode: number }): WizardView {
  return finished ? { history, prompt, finished } : { history, prompt };
}
