/**
 * Issue 11, point 1: reconnecting a saved profile checks its targets before the sign-in, as
 * `refresh` does before spending, so a broken file or a missing Heroku CLI is found before a
 * password is typed, a browser opened or a code spent — and the way out says so honestly.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { answer, expectQuestion, nextQuestion, startWizardRun } from '../support/wizard-driver.js';
import { netatmoPair, tempProject, testDeps, tokenRequests, weatherEnv, weatherProject, WEATHER_YAML_HEAD, type NetatmoPair } from '../commands/refresh-fixtures.js';

let emu: NetatmoEmulator;
let dir: string;
let pair: NetatmoPair;
let opened: string[];

beforeEach(async () => {
  emu = await startNetatmoEmulator();
  dir = await tempProject('reauth-check-first-');
  pair = await netatmoPair(emu);
  opened = [];
});
afterEach(async () => {
  await emu.close();
});

function reconnect(env: NodeJS.ProcessEnv = {}) {
  const deps = {
    ...testDeps({ ...weatherEnv(emu), ...env }),
    openUrl: async (url: string) => {
      opened.push(url);
      return { ok: true };
    },
  };
  return startWizardRun({ cwd: dir, profileName: 'weather' }, deps);
}

describe('reconnecting a saved profile', () => {
  it('finds a broken target before the sign-in, and goes on once it is fixed', async () => {
    await weatherProject(dir, emu, pair);
    await writeFile(join(dir, 'config.yaml'), 'weather: [unclosed\n');
    const { run: runP, done } = reconnect();
    const run = await runP;
    const problem = await nextQuestion(run);
    expect(problem.prompt.kind).toBe('problem');
    expect(problem.prompt.title).toBe('A place the tokens go is not ready');
    expect(problem.prompt.help).toContain('config.yaml');
    expect(problem.prompt.kind === 'problem' && problem.prompt.options.map((o) => o.label)).toEqual(['Check again', 'Choose other places', 'Quit']);
    expect(opened).toEqual([]);
    expect(tokenRequests(emu, 'authorization_code')).toBe(1); // the fixture's own sign-in only

    await writeFile(join(dir, 'config.yaml'), `${WEATHER_YAML_HEAD}      refresh_token: '${pair.refresh}'\n`);
    run.answer({ type: 'value', id: problem.prompt.id, value: 'retry' });
    await expectQuestion(run, 'paste');
    expect(opened).toHaveLength(1);
    run.answer({ type: 'cancel' });
    await done;
  });

  it('finds a missing Heroku CLI before the sign-in, and quitting says nothing was spent', async () => {
    await weatherProject(dir, emu, pair, { extraTargets: ['      - type: heroku', '        app: fake-weather-app', '        keys: { access_token: NETATMO_ACCESS_TOKEN }'].join('\n') });
    const { run: runP, done } = reconnect({ REAUTH_HEROKU_BIN: join(dir, 'no-such-heroku'), PATH: '/nonexistent' });
    const run = await runP;
    const problem = await nextQuestion(run);
    expect(problem.prompt.help).toMatch(/The Heroku CLI is not installed/);
    const quit = problem.prompt.kind === 'problem' ? problem.prompt.options.find((o) => o.label === 'Quit') : undefined;
    expect(quit?.hint).toBe('nothing was spent: you have not signed in yet; run `reauth setup weather` again later');
    run.answer({ type: 'value', id: problem.prompt.id, value: 'quit' });
    const outcome = await done;
    expect(outcome.exitCode).toBe(2);
    expect(opened).toEqual([]);
    expect(tokenRequests(emu, 'authorization_code')).toBe(1); // the fixture's own sign-in only
  });

  it('"Choose other places" asks the places question with the saved ones ticked, so the failing one can be unticked', async () => {
    await weatherProject(dir, emu, pair, { extraTargets: ['      - type: heroku', '        app: fake-weather-app', '        keys: { access_token: NETATMO_ACCESS_TOKEN }'].join('\n') });
    const config = await readFile(join(dir, 'reauth.yaml'), 'utf8');
    const { run: runP, done } = reconnect({ REAUTH_HEROKU_BIN: join(dir, 'no-such-heroku'), PATH: '/nonexistent' });
    const run = await runP;
    const problem = (await nextQuestion(run)).prompt;
    if (problem.kind !== 'problem') throw new Error('expected the problem screen');
    expect(problem.options.map((o) => o.label)).toEqual(['Check again', 'Choose other places', 'Quit']);
    expect(problem.options[1]?.hint).toBe('untick the one named above; reauth.yaml keeps its saved places');
    run.answer({ type: 'value', id: problem.id, value: 'targets' });

    const targets = await expectQuestion(run, 'targets');
    if (targets.kind !== 'multiselect') throw new Error('targets is a multiselect');
    const saved = targets.options.filter((o) => o.hint === 'from the saved profile').map((o) => o.label);
    expect(saved).toEqual(['config.yaml at weather.integrations.netatmo', '.env', 'Heroku app fake-weather-app']);
    expect(targets.initial).toEqual(['0', '1', '2']);
    await answer(run, 'targets', ['0', '1']);
    await answer(run, 'keys', 'keep');
    await answer(run, 'keys', 'keep');
    // Checked again with the Heroku app unticked: on to the sign-in, not back to the same problem.
    await expectQuestion(run, 'paste');
    expect(opened).toHaveLength(1);
    run.answer({ type: 'cancel' });
    await done;
    expect(await readFile(join(dir, 'reauth.yaml'), 'utf8')).toBe(config);
  });
});
