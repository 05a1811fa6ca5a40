/**
 * When the chosen places are complete enough to write: "Heroku app…" needs an app and
 * "Another file…" a path before key names can be confirmed; then the app's credentials get a
 * home if nothing else keeps them.
 */
import type { TargetSpec } from '../../targets/types.js';
import type { TargetCandidate, WizardContext, WizardData } from '../wizard-data.js';
import { providerOf } from './step-helpers.js';

/** Index into `targets` of the chosen place that asks `ask`, if any. */
export function chosenIndex(data: WizardData, ask: NonNullable<TargetCandidate['ask']>): number | undefined {
  const index = (data.targetChoices ?? []).findIndex((choice) => data.candidates?.[choice]?.ask === ask);
  return index < 0 ? undefined : index;
}

/** The chosen "Heroku app…" still without an app. */
export function needsApp(data: WizardData): number | undefined {
  const index = chosenIndex(data, 'heroku-app');
  return index !== undefined && !data.targets?.[index]?.app ? index : undefined;
}

/** The chosen "Another file…" not yet ready (no path, not read, or no place in a YAML/JSON file). */
export function needsFile(data: WizardData): number | undefined {
  const index = chosenIndex(data, 'file-path');
  return index !== undefined && data.otherFileState !== 'ready' ? index : undefined;
}

/** True while a chosen place still needs its follow-up answer. */
export function targetsPending(data: WizardData): boolean {
  return needsApp(data) !== undefined || needsFile(data) !== undefined;
}

/** Once every place is complete, decide where the app's credentials are kept. */
export function completeTargets(data: WizardData, ctx: WizardContext): WizardData {
  if (targetsPending(data) || !data.targets) return data;
  return { ...data, targets: withCredentialsKept(data.targets, data, ctx) };
}

/**
 * `reauth refresh` needs the client ID and secret later. When neither reauth.yaml (`${VAR}`)
 * nor the environment nor a chosen target holds them, the first file target keeps them too,
 * so a refresh never finds itself without credentials. The person sees it in the key names.
 */
export function withCredentialsKept(specs: readonly TargetSpec[], data: WizardData, ctx: WizardContext): TargetSpec[] {
  const provider = providerOf(data, ctx);
  const fromEnvironment = (field: 'client_id' | 'client_secret') => data.prefill?.[field]?.source.startsWith('environment variable') ?? false;
  const needed = (['client_id', 'client_secret'] as const).filter(
    (field) =>
      !specs.some((s) => s.keys[field]) &&
      !fromEnvironment(field) &&
      // A public client (client_auth: none) has no secret to keep.
      !(field === 'client_secret' && (data.clientSecretRef || provider.clientAuth === 'none')),
  );
  const index = specs.findIndex((s) => s.type !== 'heroku');
  const target = specs[index];
  if (needed.length === 0 || !target) return [...specs];
  const names = target.type === 'yaml' || target.type === 'json' ? provider.defaultFileKeys : provider.defaultEnvKeys;
  const keys = { ...target.keys };
  for (const field of needed) {
    const name = names[field] ?? field.toUpperCase();
    keys[field] = name;
  }
  return specs.map((s, i) => (i === index ? { ...s, keys } : s));
}
