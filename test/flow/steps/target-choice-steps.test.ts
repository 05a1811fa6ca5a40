/** The follow-up questions of "Heroku app…" (which app) and "Another file…" (which file, where in it). */
import { describe, expect, it } from 'vitest';
import { ExitCode, UserError } from '../../../src/errors.js';
import { herokuAppStep, herokuAppsStep, targetFileAtStep, targetFileInspectStep, targetFileStep } from '../../../src/flow/steps/target-choice-steps.js';
import type { TargetCandidate, WizardData } from '../../../src/flow/wizard-data.js';
import type { TargetSpec } from '../../../src/targets/types.js';
import { accepted, ctx, dataFor, fakeEffects, promptOf, refused, value } from './step-fixtures.js';

const envSpec: TargetSpec = { type: 'dotenv', file: '.env', keys: { access_token: 'NETATMO_ACCESS_TOKEN', refresh_token: 'NETATMO_REFRESH_TOKEN' } };
const herokuSpec: TargetSpec = { type: 'heroku', keys: { access_token: 'NETATMO_ACCESS_TOKEN', refresh_token: 'NETATMO_REFRESH_TOKEN' } };
const otherSpec: TargetSpec = { type: 'dotenv', file: '', keys: {} };
const candidates: readonly TargetCandidate[] = [
  { spec: envSpec, label: '.env', reason: 'holds NETATMO_ACCESS_TOKEN', exists: true },
  { spec: herokuSpec, label: 'Heroku app…', reason: 'config vars of an app', exists: false, ask: 'heroku-app' },
  { spec: otherSpec, label: 'Another file…', reason: 'type its path', exists: false, ask: 'file-path' },
];

/** .env, a Heroku app and another file chosen, none of the follow-ups answered yet. */
function chosen(patch: Partial<WizardData> = {}): WizardData {
  return dataFor('netatmo', { candidates, targets: [envSpec, herokuSpec, otherSpec], targetChoices: [0, 1, 2], ...patch });
}
const herokuOnly = (patch: Partial<WizardData> = {}) => dataFor('netatmo', { candidates, targets: [envSpec, herokuSpec], targetChoices: [0, 1], ...patch });
const fileOnly = (patch: Partial<WizardData> = {}) => dataFor('netatmo', { candidates, targets: [envSpec, otherSpec], targetChoices: [0, 2], ...patch });
const withApp = (data: WizardData, index: number, app: string): WizardData => ({ ...data, targets: data.targets!.map((t, i) => (i === index ? { ...t, app } : t)) });

describe('listing the Heroku apps', () => {
  it('runs once a Heroku app was chosen without saying which', () => {
    expect(herokuAppsStep.applies(chosen(), ctx)).toBe(true);
    expect(herokuAppsStep.applies(chosen({ herokuApps: ['guesthouse'] }), ctx)).toBe(false);
    expect(herokuAppsStep.applies(fileOnly(), ctx)).toBe(false);
    expect(herokuAppsStep.title(chosen(), ctx)).toBe('Asking the heroku CLI for your apps…');
  });

  it('keeps the apps the heroku CLI lists', async () => {
    const data = await herokuAppsStep.run(chosen(), ctx, fakeEffects({ listHerokuApps: async () => ['guesthouse', 'staging'] }));
    expect(data.herokuApps).toEqual(['guesthouse', 'staging']);
  });

  it('fails with advice when the account has no apps', async () => {
    const run = herokuAppsStep.run(chosen(), ctx, fakeEffects({ listHerokuApps: async () => [] }));
    await expect(run).rejects.toThrow(UserError);
    await expect(run).rejects.toThrow('The account the heroku CLI is logged in as has no apps.');
  });

  it('offers to try again, choose other places, or quit, saying nothing was spent before the sign-in', () => {
    const recovery = herokuAppsStep.recover!(new UserError('Not logged in.', 'Run `heroku login`.'), chosen(), ctx);
    expect(recovery).toMatchObject({ title: 'Your Heroku apps could not be listed', message: 'Not logged in.', next: 'Run `heroku login`.' });
    expect(recovery.options.map((o) => o.action)).toEqual([
      { type: 'retry' },
      { type: 'back-to', stepId: 'targets' },
      { type: 'quit', exitCode: ExitCode.usage },
    ]);
    expect(recovery.options.at(-1)?.hint).toBe('nothing was spent: you have not signed in yet');
    expect(herokuAppsStep.recover!(new Error('spawn heroku ENOENT'), chosen(), ctx).next).toBeUndefined();
  });

  it('once tokens exist (the places asked again after the sign-in), quitting keeps them in a rescue file', () => {
    const tokens = { access_token: 'fake-access-token-1', extras: {}, obtained_at: '2026-01-01T00:00:00Z' };
    const quit = herokuAppsStep.recover!(new UserError('Not logged in.'), chosen({ tokens }), ctx).options.at(-1);
    expect(quit?.action).toEqual({ type: 'quit', exitCode: ExitCode.writeFailed });
    expect(quit?.hint).toMatch(/kept in a rescue file/);
  });

  it('forgets the apps when going back over it', () => {
    expect(herokuAppsStep.undo!(chosen({ herokuApps: ['a'] })).herokuApps).toBeUndefined();
  });
});

describe('choosing the Heroku app', () => {
  const listed = herokuOnly({ herokuApps: ['guesthouse', 'staging'] });

  it('is asked once the apps are listed', () => {
    expect(herokuAppStep.applies(listed, ctx)).toBe(true);
    expect(herokuAppStep.applies(herokuOnly(), ctx)).toBe(false);
    expect(herokuAppStep.applies(withApp(listed, 1, 'guesthouse'), ctx)).toBe(false);
  });

  it('says which config vars are set and that the app restarts once', () => {
    const prompt = promptOf(herokuAppStep.prompt(listed, ctx), 'select');
    expect(prompt.help).toBe(
      'reauth sets 2 config vars there (NETATMO_ACCESS_TOKEN, NETATMO_REFRESH_TOKEN) in one call, after the preview.\n' +
        'Heroku makes one release for it and restarts the app once, so the new tokens are live right away.',
    );
    expect(prompt.options).toEqual([
      { value: 'guesthouse', label: 'guesthouse' },
      { value: 'staging', label: 'staging' },
    ]);
    expect(prompt.initial).toBe('guesthouse');
  });

  it('puts the app into the chosen place and, with every place complete, gives the app’s credentials a home', () => {
    const data = accepted(herokuAppStep.accept(value('heroku_app', 'staging'), listed, ctx));
    expect(data.targets?.[1]).toEqual({ ...herokuSpec, app: 'staging' });
    // Nothing else keeps the client ID and secret: the .env file does (never the Heroku app).
    expect(data.targets?.[0]?.keys).toMatchObject({ client_id: 'NETATMO_CLIENT_ID', client_secret: 'NETATMO_CLIENT_SECRET' });
    expect(herokuAppStep.summary!(data, ctx)).toEqual({ label: 'Heroku app', value: 'staging' });
  });

  it('waits for the other follow-ups before deciding where the credentials go', () => {
    const data = accepted(herokuAppStep.accept(value('heroku_app', 'staging'), chosen({ herokuApps: ['staging'] }), ctx));
    expect(data.targets?.[0]).toEqual(envSpec);
  });

  it('refuses an app that is not listed', () => {
    expect(refused(herokuAppStep.accept(value('heroku_app', 'prod'), listed, ctx))).toBe('Choose one of the listed apps.');
  });

  it('going back over it puts back the unchosen app', () => {
    const data = accepted(herokuAppStep.accept(value('heroku_app', 'staging'), chosen({ herokuApps: ['staging'] }), ctx));
    expect(herokuAppStep.undo!(data).targets?.[1]).toEqual(herokuSpec);
  });
});

describe('naming another file', () => {
  it('is asked while the chosen “Another file…” has no path', () => {
    expect(targetFileStep.applies(fileOnly(), ctx)).toBe(true);
    expect(targetFileStep.applies(herokuOnly(), ctx)).toBe(false);
    expect(targetFileStep.applies(fileOnly({ targets: [envSpec, { ...otherSpec, file: 'secrets.env' }] }), ctx)).toBe(false);
  });

  it('says how the ending decides the format', () => {
    const prompt = promptOf(targetFileStep.prompt(fileOnly(), ctx), 'text');
    expect(prompt.help).toMatch(/The ending decides the format: \.py .*\.yaml\/\.yml, \.json/);
    expect(prompt.placeholder).toBe('config/secrets.env');
  });

  it('stores the path; the format and keys come from reading the file next', () => {
    const data = accepted(targetFileStep.accept(value('target_file', ' config/secrets.yaml '), fileOnly(), ctx));
    expect(data.targets?.[1]).toEqual({ type: 'dotenv', file: 'config/secrets.yaml', keys: {} });
    expect(targetFileStep.summary!(data, ctx)).toEqual({ label: 'File', value: 'config/secrets.yaml' });
    expect(targetFileInspectStep.applies(data, ctx)).toBe(true);
  });

  it('refuses no path, a path of several lines, a folder, and a file already chosen', () => {
    const refuse = (path: string) => refused(targetFileStep.accept(value('target_file', path), fileOnly(), ctx));
    expect(refuse('')).toBe('Type the path of the file, e.g. config/secrets.env.');
    expect(refuse('a.env\nb.env')).toBe('A path is one line.');
    expect(refuse('config/')).toBe('That is a folder: add the file name, e.g. .env.');
    expect(refuse('./.env')).toBe('./.env is already chosen above: its keys can be renamed in the next step.');
  });

  it('going back over it puts back the unnamed placeholder', () => {
    const data = accepted(targetFileStep.accept(value('target_file', 'secrets.env'), fileOnly(), ctx));
    expect(targetFileStep.undo!(data)).toMatchObject({ targets: [envSpec, otherSpec], otherFileState: undefined });
  });
});

describe('reading the named file', () => {
  const named = fileOnly({ targets: [envSpec, { ...otherSpec, file: 'config.yaml' }] });
  const inspecting = (spec: TargetSpec, found: boolean) => {
    const asked: string[] = [];
    return { asked, effects: fakeEffects({ inspectFile: async (_provider, file) => (asked.push(file), { spec, found, exists: true }) }) };
  };

  it('runs once, when the path is known', () => {
    expect(targetFileInspectStep.applies(named, ctx)).toBe(true);
    expect(targetFileInspectStep.applies({ ...named, otherFileState: 'ready' }, ctx)).toBe(false);
    expect(targetFileInspectStep.title(named, ctx)).toBe('Reading that file…');
  });

  it('takes the format and key names the file already has', async () => {
    const spec: TargetSpec = { type: 'yaml', file: 'config.yaml', at: 'weather.netatmo', keys: { refresh_token: 'refresh_token' } };
    const { asked, effects } = inspecting(spec, true);
    const data = await targetFileInspectStep.run(named, ctx, effects);
    expect(asked).toEqual(['config.yaml']);
    expect(data.otherFileState).toBe('ready');
    expect(data.targets?.[1]).toMatchObject({ type: 'yaml', at: 'weather.netatmo', keys: { refresh_token: 'refresh_token' } });
    expect(targetFileAtStep.applies(data, ctx)).toBe(false);
  });

  it('asks where in a YAML or JSON file that has none of this service’s keys yet', async () => {
    const { effects } = inspecting({ type: 'json', file: 'config.yaml', keys: { refresh_token: 'refresh_token' } }, false);
    const data = await targetFileInspectStep.run(named, ctx, effects);
    expect(data.otherFileState).toBe('ask-where');
    expect(targetFileAtStep.applies(data, ctx)).toBe(true);
  });

  it('needs no place in a .env-style file, even a new one', async () => {
    const { effects } = inspecting({ type: 'dotenv', file: 'config.yaml', keys: { access_token: 'NETATMO_ACCESS_TOKEN' } }, false);
    expect((await targetFileInspectStep.run(named, ctx, effects)).otherFileState).toBe('ready');
  });

  it('going back over it forgets what the file said', async () => {
    const { effects } = inspecting({ type: 'yaml', file: 'config.yaml', keys: { refresh_token: 'refresh_token' } }, true);
    const data = await targetFileInspectStep.run(named, ctx, effects);
    expect(targetFileInspectStep.undo!(data)).toMatchObject({ targets: [envSpec, { type: 'dotenv', file: 'config.yaml', keys: {} }], otherFileState: undefined });
  });
});

describe('where in the file the keys go', () => {
  const askWhere = fileOnly({ targets: [envSpec, { type: 'yaml', file: 'config.yaml', keys: { refresh_token: 'refresh_token' } }], otherFileState: 'ask-where' });

  it('names the file and may be left empty for the top level', () => {
    const prompt = promptOf(targetFileAtStep.prompt(askWhere, ctx), 'text');
    expect(prompt.title).toBe('Where in config.yaml should the keys go?');
    expect(prompt.optional).toBe(true);
  });

  it('stores the dotted path without stray dots, and the place is then ready', () => {
    const data = accepted(targetFileAtStep.accept(value('target_file_at', '.weather.integrations.netatmo.'), askWhere, ctx));
    expect(data.otherFileState).toBe('ready');
    expect(data.targets?.[1]?.at).toBe('weather.integrations.netatmo');
    expect(targetFileAtStep.summary!(data, ctx)).toEqual({ label: 'In the file at', value: 'weather.integrations.netatmo' });
  });

  it('an empty answer means the top level', () => {
    const data = accepted(targetFileAtStep.accept(value('target_file_at', ''), askWhere, ctx));
    expect(data.targets?.[1]?.at).toBeUndefined();
    expect(targetFileAtStep.summary!(data, ctx)).toEqual({ label: 'In the file at', value: 'the top level' });
  });

  it('refuses spaces and empty levels', () => {
    const error = 'Use names joined by dots, without spaces (e.g. weather.integrations.netatmo).';
    expect(refused(targetFileAtStep.accept(value('target_file_at', 'weather netatmo'), askWhere, ctx))).toBe(error);
    expect(refused(targetFileAtStep.accept(value('target_file_at', 'weather..netatmo'), askWhere, ctx))).toBe(error);
  });

  it('going back over it asks again', () => {
    const data = accepted(targetFileAtStep.accept(value('target_file_at', 'weather'), askWhere, ctx));
    const undone = targetFileAtStep.undo!(data);
    expect(undone.otherFileState).toBe('ask-where');
    expect(undone.targets?.[1]?.at).toBeUndefined();
  });
});
