/**
 * The whole Netatmo path of issue 2, through the real flow, oauth and dotenv modules and a
 * loopback Netatmo — everything but the terminal.
 */
import { mkdtemp, readdir, readFile, writeFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startNetatmoEmulator, netatmoOverride, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { answer, answerPlaces, expectQuestion, nextQuestion, startWizardRun } from '../support/wizard-driver.js';
import { testDeps } from '../support/test-deps.js';

let emu: NetatmoEmulator;
let dir: string;
let opened: string[];


/** Plays the person pressing Allow: the emulator redirects; we read the address bar. */
async function approve(url: string): Promise<string> {
  const response = await fetch(url, { redirect: 'manual' });
  return response.headers.get('location') ?? '';
}

async function writeConfig(): Promise<void> {
  const o = netatmoOverride(emu);
  await writeFile(
    join(dir, 'reauth.yaml'),
    `version: 1\nprofiles: {}\nproviders:\n  netatmo:\n    authorize_url: ${o.authorize_url}\n    token_url: ${o.token_url}\n    verify_url: ${o.verify_url}\n`,
  );
}

function start() {
  return startWizardRun({ cwd: dir, provider: 'netatmo' }, testDeps({ opened }));
}

beforeEach(async () => {
  emu = await startNetatmoEmulator();
  dir = await mkdtemp(join(tmpdir(), 'reauth-flow-'));
  opened = [];
  await writeConfig();
});
afterEach(async () => {
  await emu.close();
});

const ENV_BEFORE = `# Weather dashboard\r\nexport NETATMO_CLIENT_ID=${'x'}\r\nOTHER="keep me # not a comment"\r\n\r\nNETATMO_REFRESH_TOKEN=fake-old-refresh-0001\r\n`;

describe('setting up Netatmo into .env', () => {
  it('signs in, checks the token and writes only the token lines of .env', async () => {
    await writeFile(join(dir, '.env'), ENV_BEFORE.replace('=x', `=${emu.clientId}`), { mode: 0o640 });
    const { run: runP, done } = start();
    const run = await runP;
    const clientIdPrompt = await expectQuestion(run, 'client_id');
    expect(clientIdPrompt.kind === 'text' && clientIdPrompt.initial).toBe(emu.clientId);
    await answer(run, 'client_id', emu.clientId);
    await answer(run, 'client_secret', emu.clientSecret);
    await answer(run, 'targets', ['0']);
    await answer(run, 'keys', 'keep');
    await answer(run, 'scopes', ['read_station']);
    await answer(run, 'redirect_uri', 'https://localhost/callback');
    const paste = await expectQuestion(run, 'paste');
    expect(paste.kind === 'paste' && paste.url).toBe(opened[0]);
    const address = await approve(opened[0]!);
    run.answer({ type: 'value', id: 'paste', value: address });
    const preview = await expectQuestion(run, 'preview');
    expect(JSON.stringify(preview)).not.toContain(emu.liveRefreshTokens()[0]);
    // From the exchange on, the new pair is also on disk: a crash before the write loses nothing.
    const safety = await readdir(join(dir, '.reauth', 'rescue'));
    expect(safety).toHaveLength(1);
    expect(await readFile(join(dir, '.reauth', 'rescue', safety[0]!), 'utf8')).toContain(emu.liveRefreshTokens()[0]!);
    run.answer({ type: 'confirm', id: 'preview', value: true });
    await answer(run, 'after_write', '');
    await answer(run, 'save', true);
    await answer(run, 'profile_name', 'weather');
    await answer(run, 'schedule', 'later');
    const outcome = await done;
    expect(outcome.exitCode).toBe(0);
    // Written everywhere: the safety copy, and the .reauth folder it needed, are gone.
    expect(await readdir(dir)).not.toContain('.reauth');

    const env = await readFile(join(dir, '.env'), 'utf8');
    const [refresh] = emu.liveRefreshTokens();
    const [access] = emu.liveAccessTokens();
    // Netatmo tokens contain `|`: quoted so a shell can still source the file.
    expect(env).toBe(
      ENV_BEFORE.replace('=x', `=${emu.clientId}`).replace('NETATMO_REFRESH_TOKEN=fake-old-refresh-0001', `NETATMO_REFRESH_TOKEN='${refresh}'`) +
        `NETATMO_ACCESS_TOKEN='${access}'\r\nNETATMO_TOKEN_EXPIRES_AT=${env.match(/EXPIRES_AT=(\S+)\r\n/)![1]}\r\n` +
        // No other place holds the secret: the .env keeps it so `reauth refresh` can use it.
        `NETATMO_CLIENT_SECRET=${emu.clientSecret}\r\n`,
    );
    expect(env.startsWith('# Weather dashboard\r\nexport NETATMO_CLIENT_ID=')).toBe(true);
    expect(env).toContain('OTHER="keep me # not a comment"\r\n');
    expect((await stat(join(dir, '.env'))).mode & 0o777).toBe(0o640);
    const yaml = await readFile(join(dir, 'reauth.yaml'), 'utf8');
    expect(yaml).toContain('weather:');
    expect(yaml).not.toContain(emu.clientSecret);
    expect(yaml).not.toContain(refresh!);
  });

  it('explains a code pasted twice and leaves .env byte-identical', async () => {
    await writeFile(join(dir, '.env'), ENV_BEFORE);
    const { run: runP } = start();
    const run = await runP;
    await answer(run, 'client_id', emu.clientId);
    await answer(run, 'client_secret', emu.clientSecret);
    await answerPlaces(run);
    await answer(run, 'scopes', ['read_station']);
    await answer(run, 'redirect_uri', 'https://localhost/callback');
    await expectQuestion(run, 'paste');
    const address = await approve(opened[0]!);
    // Someone (another tab, a script) already used this code.
    const code = new URL(address).searchParams.get('code')!;
    await fetch(`${emu.origin}/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: emu.clientId, client_secret: emu.clientSecret, code, redirect_uri: 'https://localhost/callback' }),
    });
    run.answer({ type: 'value', id: 'paste', value: address });
    const problem = (await nextQuestion(run)).prompt;
    expect(problem.kind).toBe('problem');
    expect(problem.kind === 'problem' && problem.options.map((o) => o.value)).toContain('fresh');
    expect(await readFile(join(dir, '.env'), 'utf8')).toBe(ENV_BEFORE);
    run.answer({ type: 'value', id: problem.id, value: 'fresh' });
    await expectQuestion(run, 'paste');
    expect(opened).toHaveLength(2);
    run.answer({ type: 'cancel' });
  });

  it('recognises an address from an earlier attempt after a fresh link', async () => {
    const { run: runP } = start();
    const run = await runP;
    await answer(run, 'client_id', emu.clientId);
    await answer(run, 'client_secret', emu.clientSecret);
    await answerPlaces(run);
    await answer(run, 'scopes', ['read_station']);
    await answer(run, 'redirect_uri', 'https://localhost/callback');
    await expectQuestion(run, 'paste');
    const oldAddress = await approve(opened[0]!);
    run.answer({ type: 'new-link', id: 'paste' });
    await expectQuestion(run, 'paste');
    run.answer({ type: 'value', id: 'paste', value: oldAddress });
    const again = await expectQuestion(run, 'paste');
    expect(again.error).toMatch(/earlier/i);
    run.answer({ type: 'cancel' });
  });

  it('keeps tokens in a rescue file when the person quits at the preview', async () => {
    const { run: runP, done } = start();
    const run = await runP;
    await answer(run, 'client_id', emu.clientId);
    await answer(run, 'client_secret', emu.clientSecret);
    await answer(run, 'targets', ['0']);
    await answer(run, 'keys', 'keep');
    await answer(run, 'scopes', ['read_station']);
    await answer(run, 'redirect_uri', 'https://localhost/callback');
    await expectQuestion(run, 'paste');
    run.answer({ type: 'value', id: 'paste', value: await approve(opened[0]!) });
    await expectQuestion(run, 'preview');
    run.answer({ type: 'cancel' });
    const outcome = await done;
    expect(outcome.exitCode).toBe(130);
    const line = outcome.lines.find((l) => l.includes('.reauth/rescue/'))!;
    const path = /(\/\S+\.json)/.exec(line)![1]!;
    const rescued = JSON.parse(await readFile(path, 'utf8'));
    expect(rescued.values.refresh_token).toBe(emu.liveRefreshTokens()[0]);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });
});
