/** The key names each target uses: keep the proposed ones, or rename them one by one. */
import type { TokenField } from '../../tokens/token-set.js';
import type { QuestionStep } from '../step.js';
import { answerText, isGiven } from './step-helpers.js';
import { targetsPending } from './target-completion.js';
import { describeKeys, targetLabel } from './target-labels.js';

/** One round per target: keep the proposed key names, or rename them one by one. */
export const keysStep: QuestionStep = {
  type: 'question',
  id: 'keys',
  applies: (data) => !isGiven(data, 'keys') && (data.targets?.length ?? 0) > 0 && !targetsPending(data),
  prompt: (data) => {
    const edit = data.keyEdit;
    const target = data.targets![edit?.target ?? data.keysConfirmed]!;
    if (edit) {
      const field = Object.keys(target.keys)[edit.field] as TokenField;
      return {
        kind: 'text',
        title: `Key name for the ${field.replace(/_/g, ' ')} in ${targetLabel(target)}`,
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
    const targets = [...(data.targets ?? [])];
    const edit = data.keyEdit;
    if (!edit) {
      const choice = answerText(answer);
      if (choice === 'edit') return { data: { ...data, keyEdit: { target: data.keysConfirmed, field: 0 } }, again: true };
      if (choice !== 'keep') return { error: 'Choose one of the options.' };
      const keysConfirmed = data.keysConfirmed + 1;
      return { data: { ...data, keysConfirmed }, again: keysConfirmed < targets.length };
    }
    const target = targets[edit.target]!;
    const fields = Object.keys(target.keys) as TokenField[];
    const field = fields[edit.field]!;
    const name = answerText(answer) ?? '';
    if (name && !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) return { error: 'Use letters, digits and _ only (no spaces).' };
    const keys = { ...target.keys };
    if (name) keys[field] = name;
    else delete keys[field];
    targets[edit.target] = { ...target, keys };
    const nextField = edit.field + 1;
    if (nextField < fields.length) return { data: { ...data, targets, keyEdit: { target: edit.target, field: nextField } }, again: true };
    // Show the renamed set once more for a final "use these names".
    return { data: { ...data, targets, keyEdit: undefined }, again: true };
  },
  summary: (data) => ({ label: 'Key names', value: (data.targets ?? []).map((t) => Object.values(t.keys).join(', ')).join(' · ') }),
  undo: (data) => ({ ...data, keysConfirmed: 0, keyEdit: undefined }),
};
