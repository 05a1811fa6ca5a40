/** Small shared pieces of the step definitions. */
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
 * `14:32` in the person's local time when that is today, else `19 Feb 2027 14:32` — a
 * 90-day TTLock token must not read as "until 14:32".
 */
export function clockTime(epochMs: number, nowMs: number = Date.now()): string {
  const d = new Date(epochMs);
  const time = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  if (d.toDateString() === new Date(nowMs).toDateString()) return time;
  const month = d.toLocaleString('en-GB', { month: 'short' });
  return `${d.getDate()} ${month} ${d.getFullYear()} ${time}`;
}
