/**
 * The follow-up questions for places that need one more answer once chosen: which Heroku app
 * ("Heroku app…"), and which file ("Another file…", then where in it for YAML/JSON).
 */
import { UserError } from '../../errors.js';
import type { TargetSpec } from '../../targets/types.js';
import { actionStep, questionStep, type ActionStep, type Has, type QuestionStep } from '../step.js';
import type { WizardData } from '../wizard-data.js';
import { answerText, guaranteed, plural, providerOf } from './step-helpers.js';
import { chosenIndex, completeTargets, needsApp, needsFile } from './target-completion.js';
import { placeNotReady } from './target-recovery.js';

function replaceTarget(data: WizardData, index: number, spec: TargetSpec): WizardData {
  const targets = [...(data.targets ?? [])];
  targets[index] = spec;
  return { ...data, targets };
}

/** The chosen place a follow-up question is about: its `applies` found the index. */
function chosenTarget(data: Has<'targets'>, index: number | undefined, stepId: string): { readonly index: number; readonly spec: TargetSpec } {
  const at = guaranteed(index, stepId, 'chosen place');
  return { index: at, spec: guaranteed(data.targets[at], stepId, `targets[${at}]`) };
}

/** Puts back the placeholder the person chose, undoing a follow-up answer. */
function restorePlaceholder(data: WizardData, index: number | undefined): WizardData {
  const choice = index === undefined ? undefined : data.targetChoices?.[index];
  const candidate = choice === undefined ? undefined : data.candidates?.[choice];
  return candidate && index !== undefined ? replaceTarget(data, index, candidate.spec) : data;
}


export const herokuAppsStep: ActionStep = {
  type: 'action',
  id: 'heroku_apps',
  applies: (data) => needsApp(data) !== undefined && data.herokuApps === undefined,
  title: () => 'Asking the heroku CLI for your apps…',
  run: async (data, _ctx, effects) => {
    const apps = await effects.listHerokuApps();
    if (apps.length === 0) {
      throw new UserError('The account the heroku CLI is logged in as has no apps.', 'Log in as the app’s owner or a collaborator (`heroku login`), or choose other places.');
    }
    return { ...data, herokuApps: apps };
  },
  recover: (error, data) => placeNotReady('Your Heroku apps could not be listed', error, data, { label: 'Try again', hint: 'e.g. after `heroku login` in another terminal' }, false),
  undo: (data) => ({ ...data, herokuApps: undefined }),
};

export const herokuAppStep = questionStep({
  id: 'heroku_app',
  needs: ['targets'],
  applies: (data) => needsApp(data) !== undefined && data.herokuApps !== undefined,
  openAfterSignIn: true,
  prompt: (data) => {
    const { spec } = chosenTarget(data, needsApp(data), 'heroku_app');
    const keys = Object.values(spec.keys);
    return {
      kind: 'select',
      title: 'Which Heroku app reads these tokens?',
      help: [
        `reauth sets ${plural(keys.length, 'config var')} there (${keys.join(', ')}) in one call, after the preview.`,
        'Heroku makes one release for it and restarts the app once, so the new tokens are live right away.',
      ].join('\n'),
      options: (data.herokuApps ?? []).map((app) => ({ value: app, label: app })),
      ...(data.herokuApps?.[0] ? { initial: data.herokuApps[0] } : {}),
    };
  },
  accept: (answer, data, ctx) => {
    const app = answerText(answer);
    const index = needsApp(data);
    if (index === undefined) return { data };
    if (!app || !(data.herokuApps ?? []).includes(app)) return { error: 'Choose one of the listed apps.' };
    const { spec } = chosenTarget(data, index, 'heroku_app');
    return { data: completeTargets(replaceTarget(data, index, { ...spec, app }), ctx) };
  },
  summary: (data) => {
    const index = chosenIndex(data, 'heroku-app');
    return { label: 'Heroku app', value: (index !== undefined && data.targets?.[index]?.app) || '' };
  },
  undo: (data) => restorePlaceholder(data, chosenIndex(data, 'heroku-app')),
});

export const targetFileStep: QuestionStep = {
  type: 'question',
  id: 'target_file',
  applies: (data) => {
    const index = needsFile(data);
    return index !== undefined && !data.targets?.[index]?.file;
  },
  openAfterSignIn: true,
  prompt: () => ({
    kind: 'text',
    title: 'Which file should hold the tokens?',
    help: 'A path, relative to this folder or absolute. The ending decides the format: .py (os.environ lines), .yaml/.yml, .json, anything else is read as a .env file. A new file is created (readable only by you).',
    placeholder: 'config/secrets.env',
    secret: false,
    optional: false,
  }),
  accept: (answer, data) => {
    const path = answerText(answer) ?? '';
    const index = needsFile(data);
    if (index === undefined) return { data };
    if (!path) return { error: 'Type the path of the file, e.g. config/secrets.env.' };
    if (/[\r\n\0]/.test(path)) return { error: 'A path is one line.' };
    if (path.endsWith('/') || path.endsWith('\\')) return { error: 'That is a folder: add the file name, e.g. .env.' };
    // Two plans of one file would both start from its old text: the second write is refused.
    const plain = (file: string | undefined) => (file ?? '').replace(/^(\.\/)+/, '');
    if ((data.targets ?? []).some((t, i) => i !== index && t.type !== 'heroku' && plain(t.file) === plain(path))) {
      return { error: `${path} is already chosen above: its keys can be renamed in the next step.` };
    }
    // The format and key names come from the file itself (target_file_inspect).
    return { data: replaceTarget(data, index, { type: 'dotenv', file: path, keys: {} }) };
  },
  summary: (data) => {
    const index = chosenIndex(data, 'file-path');
    return { label: 'File', value: (index !== undefined && data.targets?.[index]?.file) || '' };
  },
  undo: (data) => ({ ...restorePlaceholder(data, chosenIndex(data, 'file-path')), otherFileState: undefined }),
};

export const targetFileInspectStep = actionStep({
  id: 'target_file_inspect',
  needs: ['targets'],
  applies: (data) => {
    const index = needsFile(data);
    return index !== undefined && !!data.targets?.[index]?.file && data.otherFileState === undefined;
  },
  title: () => 'Reading that file…',
  run: async (data, ctx, effects) => {
    const { index, spec } = chosenTarget(data, needsFile(data), 'target_file_inspect');
    const inspected = await effects.inspectFile(providerOf(data, ctx), guaranteed(spec.file, 'target_file_inspect', `targets[${index}].file`));
    const structured = inspected.spec.type === 'yaml' || inspected.spec.type === 'json';
    const next: WizardData = { ...replaceTarget(data, index, inspected.spec), otherFileState: structured && !inspected.found ? 'ask-where' : 'ready' };
    return completeTargets(next, ctx);
  },
  undo: (data) => {
    const index = chosenIndex(data, 'file-path');
    const spec = index === undefined ? undefined : data.targets?.[index];
    return spec && index !== undefined ? { ...replaceTarget(data, index, { type: 'dotenv', file: spec.file ?? '', keys: {} }), otherFileState: undefined } : data;
  },
});

export const targetFileAtStep = questionStep({
  id: 'target_file_at',
  needs: ['targets'],
  applies: (data) => data.otherFileState === 'ask-where' && needsFile(data) !== undefined,
  openAfterSignIn: true,
  prompt: (data) => {
    const { spec } = chosenTarget(data, needsFile(data), 'target_file_at');
    return {
      kind: 'text',
      title: `Where in ${spec.file} should the keys go?`,
      help: 'The dotted path of the mapping that holds them, like weather.integrations.netatmo; missing levels are created. Leave empty for the top level.',
      secret: false,
      optional: true,
    };
  },
  accept: (answer, data, ctx) => {
    const at = (answerText(answer) ?? '').replace(/^\.+|\.+$/g, '');
    const index = needsFile(data);
    if (index === undefined) return { data };
    if (/\s/.test(at) || at.includes('..')) return { error: 'Use names joined by dots, without spaces (e.g. weather.integrations.netatmo).' };
    const { at: _previous, ...spec } = chosenTarget(data, index, 'target_file_at').spec;
    void _previous;
    const placed: TargetSpec = at ? { ...spec, at } : spec;
    return { data: completeTargets({ ...replaceTarget(data, index, placed), otherFileState: 'ready' }, ctx) };
  },
  summary: (data) => {
    const index = chosenIndex(data, 'file-path');
    return { label: 'In the file at', value: (index !== undefined && data.targets?.[index]?.at) || 'the top level' };
  },
  undo: (data) => {
    const index = chosenIndex(data, 'file-path');
    const spec = index === undefined ? undefined : data.targets?.[index];
    if (!spec || index === undefined) return data;
    const { at: _at, ...rest } = spec;
    void _at;
    return { ...replaceTarget(data, index, rest), otherFileState: 'ask-where' };
  },
});
