/** Reading and updating the answers about a service described in the wizard (custom-provider-steps.ts). */
import type { ProviderOverride } from '../../config/types.js';
import type { Has } from '../step.js';
import type { WizardData } from '../wizard-data.js';

export type CustomServiceAnswers = NonNullable<WizardData['custom']>;

export const isCustom = (data: WizardData): boolean => data.custom !== undefined;
export const fieldsOf = (data: WizardData): ProviderOverride => data.custom?.fields ?? {};
export const nameOf = (data: WizardData): string => fieldsOf(data).name ?? 'the service';

/**
 * Going back over these questions keeps what was typed (undo leaves the fields alone), so the
 * answer is offered again instead of a long address having to be pasted twice.
 */
export function withFields(data: WizardData, patch: Partial<Record<keyof ProviderOverride, unknown>>): Has<'custom'> {
  const custom: CustomServiceAnswers = data.custom ?? { fields: {} };
  const fields = { ...custom.fields, ...patch } as Record<string, unknown>;
  for (const key of Object.keys(patch)) if (fields[key] === undefined) delete fields[key];
  return { ...data, custom: { ...custom, fields: fields as ProviderOverride } };
}
