/** Where the tokens go: choose targets, confirm key names, preview, write. */
import { safeText } from '../../system/terminal-text.js';
import { displayPathOf } from '../../config/display-path.js';
import { ExitCode } from '../../errors.js';
import { maskSecret } from '../../secret-mask.js';
import type { TargetPlan, TargetSpec } from '../../targets/types.js';
import { SECRET_FIELDS, type FieldValues } from '../../tokens/token-set.js';
import type { PreviewBlock } from '../prompt.js';
import { actionStep, type QuestionStep } from '../step.js';
import type { TargetCandidate } from '../wizard-data.js';
import { answerText, isGiven, plural } from './step-helpers.js';
import { completeTargets, targetsPending } from './target-completion.js';
import { ownerOf, valuesToWrite } from './tokens-to-keep.js';
import { placeNotReady, placesAgain } from './target-recovery.js';

export const targetsStep: QuestionStep = {
  type: 'question',
  id: 'targets',
  applies: (data) => !isGiven(data, 'targets'),
  openAfterSignIn: true,
  prompt: (data) => {
    const candidates = data.candidates ?? [];
    // By label: the candidates are found again when the person goes back as far as the service.
    const before = candidates.flatMap((c, i) => (data.targetChoicesBefore?.includes(c.label) ? [String(i)] : []));
    return {
      kind: 'multiselect',
      title: 'Where should the new tokens be written?',
      help: 'Space toggles, Enter confirms; choose as many as your program reads from. Existing files are edited in place: only the token lines change, and a .bak copy is kept.',
      options: candidates.map((c, i) => ({ value: String(i), label: c.label, hint: c.reason })),
      // Asked again ("Choose other places", Esc): what was ticked last time, to untick one.
      initial: before.length ? before : initialChoice(candidates),
      allowOther: false,
    };
  },
  accept: (answer, data, ctx) => {
    if (answer.type !== 'values') return { error: 'Choose at least one place.' };
    const chosen = [...new Set(answer.values.map(Number))].flatMap((i) => {
      const candidate = data.candidates?.[i];
      return candidate ? [{ choice: i, spec: candidate.spec }] : [];
    });
    if (chosen.length === 0) return { error: 'Choose at least one place (Space selects, Enter confirms).' };
    const targets = chosen.map((c) => c.spec);
    return { data: completeTargets({ ...data, targets, targetChoices: chosen.map((c) => c.choice), keysConfirmed: 0 }, ctx) };
  },
  // "Heroku app…" and "Another file…" end in "…" because they ask more; in the summary that would read as cut off
  // (the app or file chosen is the next line).
  summary: (data) => ({
    label: 'Write to',
    value: (data.targetChoices ?? []).map((i) => (data.candidates?.[i]?.label ?? '?').replace(/\u2026$/, '')).join(', '),
  }),
  undo: (data) => ({
    ...data,
    targets: undefined,
    targetChoices: undefined,
    ...(data.targetChoices ? { targetChoicesBefore: data.targetChoices.flatMap((i) => data.candidates?.[i]?.label ?? []) } : {}),
    otherFileState: undefined,
    keysConfirmed: 0,
  }),
};

export { withCredentialsKept } from './target-completion.js';
export { keysStep } from './key-names-step.js';

/**
 * What is ticked at first: the places that clearly hold this service's tokens (and saved
 * ones); failing that the folder's .env (existing or new). A file of plain `access_token`
 * keys that may belong to another service is offered but never ticked for the person.
 */
function initialChoice(candidates: readonly TargetCandidate[]): string[] {
  const preselected = candidates.flatMap((c, i) => (c.preselect ? [String(i)] : []));
  if (preselected.length) return preselected;
  const dotenv = candidates.findIndex((c) => !c.ask && c.spec.type === 'dotenv' && c.label === '.env');
  if (dotenv >= 0) return [String(dotenv)];
  return [];
}

/**
 * The places are chosen (or saved) before the sign-in: check them first, as `refresh` does
 * before spending, so a file that does not parse or cannot be written, a missing or logged-out
 * Heroku CLI or an app that is not there is found before a password is typed or a code spent.
 */
export const checkTargetsStep = actionStep({
  id: 'check_targets',
  needs: ['targets'],
  applies: (data) => (data.targets?.length ?? 0) > 0 && !targetsPending(data) && !data.targetsChecked,
  title: (data) =>
    `Checking ${data.targets.length === 1 ? 'the place' : `the ${data.targets.length} places`} the tokens go${data.tokens ? '' : ' before you sign in'}…`,
  run: async (data, _ctx, effects) => {
    await effects.checkTargets(data.targets);
    return { ...data, targetsChecked: true };
  },
  recover: (error, data) => placeNotReady('A place the tokens go is not ready', error, data, { label: 'Check again', hint: 'once you have fixed what is said above' }, false),
  undo: (data) => ({ ...data, targetsChecked: undefined }),
});

export const planStep = actionStep({
  id: 'plan',
  needs: ['tokens'],
  applies: () => true,
  title: () => 'Working out what will change…',
  run: async (data, _ctx, effects) => {
    const values = valuesToWrite(data);
    const plans = await effects.planTargets(data.targets ?? [], values);
    return { ...data, plans: withRefreshTokenWarning(plans, data.targets ?? [], values) };
  },
  recover: (error, data) => placeNotReady('A target cannot be written', error, data, { label: 'Try again', hint: 'once you have fixed what is said above' }, true),
  undo: (data) => ({ ...data, plans: undefined }),
});

/**
 * A service that hands out a refresh token, and no chosen place keeps it: `reauth refresh`
 * would have nothing to spend, and the next sign-in would be by hand. Say so before writing.
 */
function withRefreshTokenWarning(plans: readonly TargetPlan[], specs: readonly TargetSpec[], values: FieldValues): TargetPlan[] {
  if (!values.refresh_token || specs.some((spec) => spec.keys.refresh_token) || plans.length === 0) return [...plans];
  const warning = 'No place you chose keeps the refresh token, so `reauth refresh` cannot renew these tokens: go back (Esc) and add a refresh_token key, or sign in again when they expire.';
  return plans.map((plan, i) => (i === 0 ? { ...plan, warnings: [...plan.warnings, warning] } : plan));
}

export const previewStep: QuestionStep = {
  type: 'question',
  id: 'preview',
  applies: () => true,
  prompt: (data) => ({
    kind: 'preview',
    title: 'This is what will change',
    blocks: (data.plans ?? []).map(previewBlock),
  }),
  accept: (answer, data) => {
    if (answer.type !== 'confirm') return { error: 'Answer yes or no.' };
    if (answer.value) return { data };
    return { quit: { exitCode: ExitCode.ok, title: 'Nothing was written', lines: [] } };
  },
};

export function previewBlock(plan: TargetPlan): PreviewBlock {
  return {
    label: plan.label,
    lines: plan.changes.map((c) => ({
      key: c.key,
      // A key already in the file with no value (`NETATMO_CLIENT_ID=`) says so, not a blank before the arrow.
      ...(c.before !== undefined ? { before: c.before === '' ? '(empty)' : showValue(c.field, c.before) } : c.placement ? { before: newKeyPlace(c.placement) } : {}),
      after: showValue(c.field, c.after),
    })),
    warnings: plan.warnings.map(safeText),
    ...(plan.notes && plan.notes.length > 0 ? { notes: plan.notes.map(safeText) } : {}),
    unchanged: plan.changes.length === 0,
  };
}

/** Where a key new to the file goes, in the "before" column: `(new, line 7, after NETATMO_ACCESS_TOKEN)`. */
function newKeyPlace(place: NonNullable<TargetPlan['changes'][number]['placement']>): string {
  return `(new, line ${place.line}${place.after ? `, after ${safeText(place.after)}` : ''})`;
}

/** Values come from the service and from the person's files: shown masked where secret, and never raw. */
function showValue(field: string, value: string): string {
  // An empty expiry is written on purpose: the service gave this token no lifetime.
  if (field === 'expires_at' && value === '') return '(empty: the service gave no expiry)';
  return safeText(SECRET_FIELDS.has(field) ? maskSecret(value) : value);
}

export const writeStep = actionStep({
  id: 'write',
  needs: ['tokens'],
  applies: () => true,
  finishBeforeStopping: true,
  title: (data) => `Writing ${plural(data.plans?.length ?? 0, 'target')}…`,
  run: async (data, _ctx, effects) => {
    // A file that refresh changed after the preview is refused by the plan's fingerprint check.
    const delivery = await effects.deliver({
      specs: data.targets ?? [],
      plans: data.plans ?? [],
      values: valuesToWrite(data),
      obtainedAt: data.tokens.obtained_at,
      owner: ownerOf(data),
      ...(data.safetyCopy ? { safetyCopy: data.safetyCopy } : {}),
    });
    if (delivery.complete) return { ...data, results: delivery.writes, delivered: true, safetyCopy: undefined };
    // A token we obtained is never lost: what could not be written stays in a rescue file.
    const safetyCopy = delivery.rescuePath ? { path: delivery.rescuePath, holds: true } : undefined;
    return { ...data, results: delivery.writes, delivered: false, safetyCopy };
  },
  summary: (data, ctx) => ({
    label: 'Written',
    value: [
      (data.results ?? []).map((r) => (r.ok ? `${r.label} (${r.summary})` : `${r.label} failed`)).join(', '),
      ...(data.delivered && data.usingRescue ? [`the kept tokens' file ${displayPathOf(data.usingRescue, ctx.cwd)} was removed`] : []),
    ].join('; '),
    ...((data.results ?? []).some((r) => !r.ok) ? { failed: true } : {}),
  }),
  undo: (data) => ({ ...data, results: undefined, delivered: undefined }),
});

export const writeFailedStep: QuestionStep = {
  type: 'question',
  id: 'write_failed',
  applies: (data) => (data.results ?? []).some((r) => !r.ok),
  prompt: (data) => ({
    kind: 'select',
    title: 'Some places could not be written',
    help: [
      ...(data.results ?? []).map((r) => (r.ok ? `✔ ${r.label}: ${r.summary}` : `✘ ${r.label}: ${r.error}`)),
      data.safetyCopy?.holds
        ? `Your new tokens are safe in ${data.safetyCopy.path}; reauth offers them first next time.`
        : 'reauth could not keep a copy of the new tokens either (is the disk full?): fix the problem and try again before you quit.',
    ].join('\n'),
    options: [
      { value: 'retry', label: 'Try again', hint: 'after fixing the problem' },
      { value: 'targets', label: 'Choose other places', hint: 'the new tokens are kept: no new sign-in' },
      { value: 'quit', label: 'Quit' },
    ],
    initial: 'retry',
  }),
  accept: (answer, data) => {
    const choice = answerText(answer);
    if (choice === 'retry') return { rewindTo: 'plan' };
    if (choice === 'targets') {
      // Going back over the sign-in keeps its tokens (engine.ts `rewindTo`): only the places change.
      const again = placesAgain(data, true);
      return { rewindTo: again.stepId ?? 'check_targets', ...(again.patch ? { patch: again.patch } : {}) };
    }
    if (choice === 'quit') {
      return {
        quit: {
          exitCode: ExitCode.writeFailed,
          title: 'Some places were not written',
          lines: data.safetyCopy?.holds
            ? [`Your new tokens are kept in ${data.safetyCopy.path} (readable only by you).`, 'Fix the problem above, then run reauth again: it offers them first.']
            : [],
        },
      };
    }
    return { error: 'Choose one of the options.' };
  },
};
