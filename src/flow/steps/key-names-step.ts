/** The key names each target uses: keep the proposed ones, or rename them one by one. */
import type { KeyMap, TargetSpec } from '../../targets/types.js';
import type { TokenField } from '../../tokens/token-set.js';
import { questionStep } from '../step.js';
import { answerText, guaranteed, isGiven } from './step-helpers.js';
import { targetsPending } from './target-completion.js';
import { describeKeys, targetLabel } from './target-labels.js';

function fieldLabel(field: TokenField): string {
  return field.replace(/_/g, ' ');
}

function joinAnd(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/**
 * Fields of one target that would be written under the same key name: one value would
 * overwrite the other (the client secret written as the access token, the tokens lost).
 */
export function keyCollisions(keys: KeyMap): { readonly key: string; readonly fields: readonly TokenField[] }[] {
  const byKey = new Map<string, TokenField[]>();
  for (const [field, key] of Object.entries(keys) as [TokenField, string][]) {
    if (key) byKey.set(key, [...(byKey.get(key) ?? []), field]);
  }
  return [...byKey].filter(([, fields]) => fields.length > 1).map(([key, fields]) => ({ key, fields }));
}

function collisionError(target: TargetSpec): string | undefined {
  const collisions = keyCollisions(target.keys);
  if (collisions.length === 0) return undefined;
  const lines = collisions.map(({ key, fields }) => `the ${joinAnd(fields.map(fieldLabel))} would ${fields.length === 2 ? 'both' : 'all'} be written to ${key}`);
  return `In ${targetLabel(target)} ${joinAnd(lines)}: each value needs its own key name. Choose "Change them".`;
}

/**
 * While renaming, a field left empty keeps an empty name until the round ends, so the list of
 * fields (and which one is asked next) does not move under the person's answers.
 */
function withoutEmptyNames(target: TargetSpec): TargetSpec {
  return { ...target, keys: Object.fromEntries(Object.entries(target.keys).filter(([, key]) => key)) as KeyMap };
}

/** The round's target or field: `keysConfirmed` and `keyEdit` only ever point inside the lists. */
function at<T>(list: readonly T[], index: number, name: string): T {
  return guaranteed(list[index], 'keys', `${name}[${index}]`);
}

/** One round per target: keep the proposed key names, or rename them one by one. */
export const keysStep = questionStep({
  id: 'keys',
  needs: ['targets'],
  applies: (data) => !isGiven(data, 'keys') && (data.targets?.length ?? 0) > 0 && !targetsPending(data),
  openAfterSignIn: true,
  prompt: (data) => {
    const edit = data.keyEdit;
    const target = at(data.targets, edit?.target ?? data.keysConfirmed, 'targets');
    if (edit) {
      const field = Object.keys(target.keys)[edit.field] as TokenField;
      return {
        kind: 'text',
        title: `Key name for the ${fieldLabel(field)} in ${targetLabel(target)}`,
        help: 'Leave empty to not write this value here.',
        initial: target.keys[field] ?? '',
        secret: false,
        optional: true,
      };
    }
    return {
      kind: 'select',
      title: `Key names in ${targetLabel(target)}`,
      help: [
        describeKeys(target),
        ...(target.keys.client_secret ? ['The client ID and secret are kept here too: `reauth refresh` needs them later.'] : []),
      ].join('\n'),
      options: [
        { value: 'keep', label: 'Use these names' },
        { value: 'edit', label: 'Change them', hint: 'if your program reads other names' },
      ],
      initial: 'keep',
    };
  },
  accept: (answer, data) => {
    const targets = [...data.targets];
    const edit = data.keyEdit;
    if (!edit) {
      const choice = answerText(answer);
      if (choice === 'edit') return { data: { ...data, keyEdit: { target: data.keysConfirmed, field: 0 } }, again: true };
      if (choice !== 'keep') return { error: 'Choose one of the options.' };
      // A saved or discovered mapping may already send two values to one key: never write it.
      const collision = collisionError(at(targets, data.keysConfirmed, 'targets'));
      if (collision) return { error: collision };
      const keysConfirmed = data.keysConfirmed + 1;
      return { data: { ...data, keysConfirmed }, again: keysConfirmed < targets.length };
    }
    const target = at(targets, edit.target, 'targets');
    const fields = Object.keys(target.keys) as TokenField[];
    const field = at(fields, edit.field, 'fields');
    const name = answerText(answer) ?? '';
    if (name && !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) return { error: 'Use letters, digits and _ only (no spaces).' };
    // Only the fields renamed before this one count: a later field still holds its old name,
    // which the person may be about to change (swapping two names must stay possible).
    const taken = fields.slice(0, edit.field).find((earlier) => target.keys[earlier] === name);
    if (name && taken) {
      return {
        error: `${name} is already the key name for the ${fieldLabel(taken)} here: two values cannot share one key. Type another name, or leave it empty to not write the ${fieldLabel(field)} here.`,
      };
    }
    const renamed = { ...target, keys: { ...target.keys, [field]: name } };
    targets[edit.target] = renamed;
    const nextField = edit.field + 1;
    if (nextField < fields.length) return { data: { ...data, targets, keyEdit: { target: edit.target, field: nextField } }, again: true };
    // Show the renamed set once more for a final "use these names".
    targets[edit.target] = withoutEmptyNames(renamed);
    return { data: { ...data, targets, keyEdit: undefined }, again: true };
  },
  summary: (data) => ({ label: 'Key names', value: keyNamesSummary(data.targets ?? []) }),
  undo: (data) => ({ ...data, keysConfirmed: 0, keyEdit: undefined }),
});

/** One place: its key names; several: each led by the place, so nobody guesses which go where. */
export function keyNamesSummary(targets: readonly TargetSpec[]): string {
  const names = (t: TargetSpec) => Object.values(t.keys).join(', ');
  if (targets.length === 1) return names(targets[0]!);
  return targets.map((t) => `${t.type === 'heroku' ? `Heroku ${t.app ?? 'app'}` : (t.file ?? t.type)}: ${names(t)}`).join('; ');
}
