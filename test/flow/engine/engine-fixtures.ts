/**
 * Tiny made-up steps for the engine tests: each question stores its answer under its own id in
 * `settings` (a plain string map in WizardData), each records its undo in a log, so a test sees
 * exactly what the engine did without any real step's rules in the way.
 */
import type { ActionStep, Accepted, QuestionStep, Recovery } from '../../../src/flow/step.js';
import type { WizardData } from '../../../src/flow/wizard-data.js';

export function answered(data: WizardData, id: string): string | undefined {
  return data.settings[id];
}

function without(data: WizardData, id: string): WizardData {
  const { [id]: _gone, ...settings } = data.settings;
  void _gone;
  return { ...data, settings };
}

export function question(
  id: string,
  log: string[],
  options: {
    applies?: (data: WizardData) => boolean;
    /** Decides the answer; default: store it. */
    accept?: (text: string, data: WizardData) => Accepted;
    summary?: boolean;
  } = {},
): QuestionStep {
  return {
    type: 'question',
    id,
    applies: (data) => options.applies?.(data) ?? true,
    prompt: () => ({ kind: 'text', title: `Question ${id}`, secret: false, optional: false }),
    accept: (answer, data) => {
      const text = answer.type === 'value' ? answer.value : '';
      return options.accept ? options.accept(text, data) : { data: { ...data, settings: { ...data.settings, [id]: text } } };
    },
    ...(options.summary === false ? {} : { summary: (data: WizardData) => ({ label: id, value: answered(data, id) ?? '' }) }),
    undo: (data) => {
      log.push(`undo ${id}`);
      return without(data, id);
    },
  };
}

export function action(id: string, log: string[], options: { recover?: (error: unknown) => Recovery; applies?: (data: WizardData) => boolean } = {}): ActionStep {
  return {
    type: 'action',
    id,
    applies: (data) => options.applies?.(data) ?? true,
    title: () => `Doing ${id}…`,
    run: async (data) => ({ ...data, settings: { ...data.settings, [id]: 'ran' } }),
    ...(options.recover ? { recover: options.recover } : {}),
    summary: () => ({ label: id, value: 'ran' }),
    undo: (data) => {
      log.push(`undo ${id}`);
      return without(data, id);
    },
  };
}
