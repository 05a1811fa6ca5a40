/** Small shared pieces of the step definitions. */
import { BugError } from '../../errors.js';
import type { Answer } from '../prompt.js';
import type { ProviderPreset, ResolvedProvider } from '../../providers/types.js';
import type { WizardContext, WizardData } from '../wizard-data.js';

export function presetOf(data: WizardData, ctx: WizardContext): ProviderPreset | undefined {
  return ctx.presets.find((p) => p.id === data.providerId);
}

/** The provider with the profile's region, overrides and settings applied. */
export function providerOf(data: WizardData, ctx: WizardContext): ResolvedProvider {
  return ctx.resolve(data);
}

export function isGiven(data: WizardData, stepId: string): boolean {
  return data.given.includes(stepId);
}

/** The text of a value answer, trimmed; undefined for other answer types. */
export function answerText(answer: Answer): string | undefined {
  return answer.type === 'value' ? answer.value.trim() : undefined;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * A value the step's own logic guarantees but its `needs` cannot declare: an index its
 * `applies` found, a field only its flow sets (`code` outside the password grant). Missing, it
 * is a bug in the step list, not a state to carry on from.
 */
export function guaranteed<T>(value: T | undefined, stepId: string, what: string): T {
  if (value === undefined) throw new BugError(`step ${stepId} has no ${what}, which its own logic guarantees`);
  return value;
}
