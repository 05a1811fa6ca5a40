/** After writing: the restart command, saving the profile, and the closing screen. */
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/errors.js';
import {
  afterWriteOnStep,
  afterWriteStep,
  confirmAfterWriteStep,
  doneLines,
  profileNameStep,
  runAfterWriteStep,
  saveProfileStep,
  saveStep,
  scheduleRunStep,
  scheduleStep,
} from '../../../src/flow/steps/finish-steps.js';
import { formatWhen } from '../../../src/format-when.js';
import type { ProfileConfig } from '../../../src/config/types.js';
import type { WizardData } from '../../../src/flow/wizard-data.js';
import { accepted, confirm, ctx, dataFor, FIXED_NOW, fakeEffects, fixtureConfig, makeContext, promptOf, refused, tokens, value } from './step-fixtures.js';

const envTarget = { type: 'dotenv' as const, file: '.env', keys: { access_token: 'NETATMO_ACCESS_TOKEN', refresh_token: 'NETATMO_REFRESH_TOKEN' } };
const wrote = (patch: Partial<WizardData> = {}, providerId = 'netatmo'): WizardData =>
  dataFor(providerId, { tokens: tokens(), targets: [envTarget], results: [{ label: '.env', ok: true, summary: 'written' }], ...patch });
const wroteNothing = (patch: Partial<WizardData> = {}) => wrote({ results: [{ label: '.env', ok: false, error: 'read-only' }], ...patch });

describe('the command to run after writing', () => {
  it('is asked once something was written, unless the saved profile decided it', () => {
    expect(afterWriteStep.applies(wrote(), ctx)).toBe(true);
    expect(afterWriteStep.applies(wroteNothing(), ctx)).toBe(false);
    expect(afterWriteStep.applies(wrote({ given: ['after_write'] }), ctx)).toBe(false);
  });

  it('is optional and offers the command given before', () => {
    const prompt = promptOf(afterWriteStep.prompt(wrote({ afterWrite: 'sudo systemctl restart chatbot' }), ctx), 'text');
    expect(prompt).toMatchObject({ optional: true, secret: false, initial: 'sudo systemctl restart chatbot' });
  });

  it('stores the command, or none for an empty answer', () => {
    const data = accepted(afterWriteStep.accept(value('after_write', ' systemctl restart weather '), wrote(), ctx));
    expect(data.afterWrite).toBe('systemctl restart weather');
    expect(afterWriteStep.summary!(data, ctx)).toEqual({ label: 'After writing', value: 'systemctl restart weather' });
    const none = accepted(afterWriteStep.accept(value('after_write', ''), wrote({ afterWrite: 'old' }), ctx));
    expect(none.afterWrite).toBeUndefined();
    expect(afterWriteStep.summary!(none, ctx)).toBeUndefined();
  });

  it('is forgotten when going back over it', () => {
    expect(afterWriteStep.undo!(wrote({ afterWrite: 'x' })).afterWrite).toBeUndefined();
  });
});

describe('when the command runs (after_write_on)', () => {
  it('is asked once a command is given for a new connection, defaulting to setup only', () => {
    expect(afterWriteOnStep.applies(wrote({ afterWrite: 'systemctl restart weather' }), ctx)).toBe(true);
    expect(afterWriteOnStep.applies(wrote(), ctx)).toBe(false);
    expect(afterWriteOnStep.applies(wrote({ afterWrite: 'x', reconnect: true }), ctx)).toBe(false);
    expect(afterWriteOnStep.applies(wrote({ afterWrite: 'x', given: ['after_write_on'] }), ctx)).toBe(false);
    const prompt = promptOf(afterWriteOnStep.prompt(wrote({ afterWrite: 'systemctl restart weather' }), ctx), 'select');
    expect(prompt.initial).toBe('setup');
    expect(prompt.options.map((o) => o.value)).toEqual(['setup', 'both']);
  });

  it('says what cron needs: a sudo that asks no password, or the short PATH', () => {
    const sudo = promptOf(afterWriteOnStep.prompt(wrote({ afterWrite: 'sudo systemctl restart chatbot' }), ctx), 'select');
    expect(sudo.title).toBe('When should `sudo systemctl restart chatbot` run?');
    expect(sudo.help).toMatch(/sudo must let you run exactly this command without one \(a NOPASSWD line/);
    const plain = promptOf(afterWriteOnStep.prompt(wrote({ afterWrite: 'touch reload' }), ctx), 'select');
    expect(plain.help).toMatch(/cron’s short PATH/);
  });

  it('keeps the answer, and a saved `refresh` leaves the command to cron', () => {
    const both = accepted(afterWriteOnStep.accept(value('after_write_on', 'both'), wrote({ afterWrite: 'x' }), ctx));
    expect(both.afterWriteOn).toBe('both');
    expect(afterWriteOnStep.summary!(both, ctx)).toEqual({ label: 'Runs', value: 'after setup and after every refresh' });
    expect(refused(afterWriteOnStep.accept(value('after_write_on', 'always'), wrote({ afterWrite: 'x' }), ctx))).toBe('Choose one of the two.');
    const cronOnly = wrote({ afterWrite: 'x', afterWriteOn: 'refresh', reconnect: true });
    expect(confirmAfterWriteStep.applies(cronOnly, ctx)).toBe(false);
    expect(runAfterWriteStep.applies(cronOnly, ctx)).toBe(false);
  });
});

describe('confirming and running the command', () => {
  const withCommand = wrote({ afterWrite: 'systemctl restart weather' });

  it('asks before running it, once something was written', () => {
    expect(confirmAfterWriteStep.applies(withCommand, ctx)).toBe(true);
    expect(confirmAfterWriteStep.applies(wrote(), ctx)).toBe(false);
    expect(confirmAfterWriteStep.applies(wroteNothing({ afterWrite: 'x' }), ctx)).toBe(false);
    expect(confirmAfterWriteStep.prompt(withCommand, ctx)).toEqual({ kind: 'confirm', title: 'Run `systemctl restart weather` now?', initial: true });
  });

  it('a no records that it was not run, so it does not run', () => {
    const data = accepted(confirmAfterWriteStep.accept(confirm('after_write_confirm', false), withCommand, ctx));
    expect(data.afterWriteResult).toEqual({ ok: true, summary: 'not run (you said no)' });
    expect(runAfterWriteStep.applies(data, ctx)).toBe(false);
  });

  it('a yes lets it run', () => {
    const data = accepted(confirmAfterWriteStep.accept(confirm('after_write_confirm', true), withCommand, ctx));
    expect(runAfterWriteStep.applies(data, ctx)).toBe(true);
    expect(runAfterWriteStep.title(data, ctx)).toBe('Running systemctl restart weather…');
    expect(refused(confirmAfterWriteStep.accept(value('after_write_confirm', 'y'), withCommand, ctx))).toBe('Answer yes or no.');
  });

  it('runs the command and records how it went, marking a failure in the history', async () => {
    const ran: string[] = [];
    const ok = await runAfterWriteStep.run(withCommand, ctx, fakeEffects({ runAfterWrite: async (command) => (ran.push(command), { ok: true, summary: 'exit 0' }) }));
    expect(ran).toEqual(['systemctl restart weather']);
    expect(runAfterWriteStep.summary!(ok, ctx)).toEqual({ label: 'Command', value: 'exit 0' });
    const failed = await runAfterWriteStep.run(withCommand, ctx, fakeEffects({ runAfterWrite: async () => ({ ok: false, message: 'exit 1', summary: 'exit 1: unit not found' }) }));
    expect(runAfterWriteStep.summary!(failed, ctx)).toEqual({ label: 'Command', value: 'exit 1: unit not found', failed: true });
  });
});

describe('saving the profile', () => {
  it('offers to save a new connection once something was written, naming the file', () => {
    expect(saveStep.applies(wrote(), ctx)).toBe(true);
    expect(saveStep.applies(wrote({ reconnect: true }), ctx)).toBe(false);
    expect(saveStep.applies(wroteNothing(), ctx)).toBe(false);
    const prompt = promptOf(saveStep.prompt(wrote(), ctx), 'confirm');
    // Named relative to the folder the wizard runs in: a whole temp or home path wraps mid-word at 60 columns.
    expect(prompt.title).toBe('Save these settings as a profile in reauth.yaml?');
    const elsewhere = makeContext({ cwd: '/srv/app' });
    expect(promptOf(saveStep.prompt(wrote(), elsewhere), 'confirm').title).toBe('Save these settings as a profile in /home/ada/project/reauth.yaml?');
    expect(prompt.help).toMatch(/No secret is written there/);
  });

  it('stores the answer, and wants yes or no', () => {
    expect(accepted(saveStep.accept(confirm('save', true), wrote(), ctx)).wantsProfile).toBe(true);
    expect(refused(saveStep.accept(value('save', 'yes'), wrote(), ctx))).toBe('Answer yes or no.');
  });

  it('asks for a name only after a yes, offering the service’s id not yet taken', () => {
    expect(profileNameStep.applies(wrote({ wantsProfile: true }), ctx)).toBe(true);
    expect(profileNameStep.applies(wrote({ wantsProfile: false }), ctx)).toBe(false);
    expect(promptOf(profileNameStep.prompt(wrote({ wantsProfile: true }), ctx), 'text').initial).toBe('netatmo');
    const taken = makeContext({ config: { ...fixtureConfig, profiles: { ...fixtureConfig.profiles, netatmo: { ...fixtureConfig.profiles.weather!, name: 'netatmo' } } } });
    expect(promptOf(profileNameStep.prompt(wrote({ wantsProfile: true }), taken), 'text').initial).toBe('netatmo-2');
  });

  it('stores a usable name, and refuses one with other characters or already in the file', () => {
    const data = accepted(profileNameStep.accept(value('profile_name', ' garden_2 '), wrote({ wantsProfile: true }), ctx));
    expect(data.profileName).toBe('garden_2');
    // The "Saved" line names it: no line of its own that says the same again.
    expect(profileNameStep.summary).toBeUndefined();
    expect(refused(profileNameStep.accept(value('profile_name', 'my garden'), wrote(), ctx))).toBe('Use letters, digits, - and _ only, starting with a letter or digit.');
    expect(refused(profileNameStep.accept(value('profile_name', '-x'), wrote(), ctx))).toBe('Use letters, digits, - and _ only, starting with a letter or digit.');
    expect(refused(profileNameStep.accept(value('profile_name', 'weather'), wrote(), ctx))).toBe(
      'weather is already a profile in reauth.yaml: choose another name.',
    );
  });

  async function saved(data: WizardData): Promise<{ profile: ProfileConfig; after: WizardData }> {
    const profiles: ProfileConfig[] = [];
    const after = await saveProfileStep.run(data, ctx, fakeEffects({ saveProfile: async (p) => (profiles.push(p), '/home/ada/project/reauth.yaml') }));
    expect(profiles).toHaveLength(1);
    return { profile: profiles[0]!, after };
  }

  it('saves what a later refresh needs, and no secret', async () => {
    const data = wrote({
      wantsProfile: true,
      profileName: 'garden',
      clientId: 'client-1',
      clientSecret: 'secret-1',
      scopes: ['read_station'],
      redirectUri: 'https://localhost/callback',
      afterWrite: 'systemctl restart weather',
    });
    expect(saveProfileStep.applies(data, ctx)).toBe(true);
    expect(saveProfileStep.title(data, ctx)).toBe('Saving the profile to reauth.yaml…');
    const { profile, after } = await saved(data);
    expect(profile).toEqual({
      name: 'garden',
      provider: 'netatmo',
      client_id: 'client-1',
      scopes: ['read_station'],
      redirect_uri: 'https://localhost/callback',
      settings: {},
      targets: [envTarget],
      after_write: 'systemctl restart weather',
      after_write_on: 'setup',
    });
    expect(after.saved).toEqual({ path: '/home/ada/project/reauth.yaml', name: 'garden' });
    expect(saveProfileStep.summary!(after, ctx)).toEqual({ label: 'Saved', value: 'profile garden in reauth.yaml' });
  });

  it('leaves the client ID to a target that holds it, and names the secret only as its ${VAR}', async () => {
    const holding = { ...envTarget, keys: { ...envTarget.keys, client_id: 'NETATMO_CLIENT_ID' } };
    const { profile } = await saved(wrote({ wantsProfile: true, profileName: 'g', clientId: 'c', clientSecret: 's', clientSecretRef: '${NETATMO_CLIENT_SECRET}', targets: [holding] }));
    expect(profile.client_id).toBeUndefined();
    expect(profile.client_secret).toBe('${NETATMO_CLIENT_SECRET}');
  });

  it('writes a typed ${ as $${, so the client ID and paths read back as typed, not as variables', async () => {
    const odd = { ...envTarget, file: 'deploy/${not-a-var}/.env' };
    const { profile } = await saved(wrote({ wantsProfile: true, profileName: 'g', clientId: 'id-${X}-$${Y}', targets: [odd] }));
    expect(profile.client_id).toBe('id-$${X}-$$${Y}');
    expect(profile.targets[0]!.file).toBe('deploy/$${not-a-var}/.env');
  });

  it('saves the way in only when it is not the default, and no scopes or redirect URI where they do not apply', async () => {
    const selfClient = await saved(wrote({ wantsProfile: true, profileName: 'desk', flow: 'self_client', region: 'eu', scopes: ['Desk.basic.READ'], redirectUri: 'https://x.test/cb' }, 'zoho-desk'));
    expect(selfClient.profile).toMatchObject({ flow: 'self_client', region: 'eu', scopes: ['Desk.basic.READ'] });
    expect(selfClient.profile.redirect_uri).toBeUndefined();
    const browser = await saved(wrote({ wantsProfile: true, profileName: 'desk', flow: 'authorization_code' }, 'zoho-desk'));
    expect(browser.profile.flow).toBeUndefined();
    const password = await saved(wrote({ wantsProfile: true, profileName: 'locks', scopes: [] }, 'ttlock'));
    expect(password.profile.scopes).toBeUndefined();
  });

  it('runs only once a name is given for a new connection', () => {
    expect(saveProfileStep.applies(wrote({ wantsProfile: true }), ctx)).toBe(false);
    expect(saveProfileStep.applies(wrote({ wantsProfile: true, profileName: 'g', reconnect: true }), ctx)).toBe(false);
  });
});

describe('the closing screen', () => {
  it('says where the tokens went and until when the access token works, by the wizard’s clock', () => {
    const expiresAt = new Date(FIXED_NOW + 30 * 60_000).toISOString();
    const done = doneLines(wrote({ tokens: tokens({ expires_at: expiresAt }) }), ctx);
    expect(done.exitCode).toBe(ExitCode.ok);
    expect(done.title).toBe('All done');
    expect(done.lines[0]).toBe('New tokens written to .env.');
    expect(done.lines[1]).toBe(`The access token is valid until ${formatWhen(expiresAt, FIXED_NOW)}.`);
    expect(done.lines[1]).toMatch(/valid until \d\d:\d\d\.$/);
  });

  it('promises no access-token expiry when no target keeps the access token', () => {
    const refreshOnly = { type: 'dotenv' as const, file: '.env', keys: { refresh_token: 'NETATMO_REFRESH_TOKEN' } };
    const expiresAt = new Date(FIXED_NOW + 30 * 60_000).toISOString();
    const done = doneLines(wrote({ tokens: tokens({ expires_at: expiresAt }), targets: [refreshOnly] }), ctx);
    expect(done.lines).toEqual(['New tokens written to .env.', expect.stringMatching(/hands out a new refresh token/)]);
    expect(done.lines.join('\n')).not.toMatch(/access token|valid until|expires/);
    // What the stored refresh token lasts is still worth saying, where the service said it.
    const refreshExpiresAt = new Date(FIXED_NOW + 365 * 86_400_000).toISOString();
    const withRefreshExpiry = doneLines(wrote({ tokens: tokens({ expires_at: expiresAt, refresh_expires_at: refreshExpiresAt }), targets: [refreshOnly] }), ctx);
    expect(withRefreshExpiry.lines[1]).toBe(`The refresh token is valid until ${formatWhen(refreshExpiresAt, FIXED_NOW)}.`);
  });

  it('says plainly when no refresh token came: until when the token works, and the usual fix', () => {
    const expiresAt = new Date(FIXED_NOW + 30 * 60_000).toISOString();
    const { refresh_token: _none, ...withoutRefresh } = tokens({ expires_at: expiresAt });
    const done = doneLines(wrote({ tokens: withoutRefresh, saved: { path: '/p/reauth.yaml', name: 'garden' } }), ctx);
    expect(done.exitCode).toBe(ExitCode.ok);
    expect(done.title).toBe('Done, but no refresh token');
    expect(done.lines).toContain(
      `Netatmo issued no refresh token at the last sign-in, so reauth cannot renew the access token by itself: it stops working when it expires (${formatWhen(expiresAt, FIXED_NOW)}).`,
    );
    expect(done.lines.join('\n')).toMatch(/offline_access to scopes: and prompt: consent .*access_type: offline .*`reauth setup garden`/);
    expect(done.copyText).toBeUndefined();
    expect(doneLines(wrote({ tokens: tokens() }), ctx).lines.join('\n')).not.toContain('no refresh token');
  });

  it('warns that a service rotating every refresh token allows only one refresher', () => {
    expect(doneLines(wrote(), ctx).lines).toContain(
      'Netatmo hands out a new refresh token on every refresh and the old one stops working: let only one program refresh it.',
    );
    expect(doneLines(wrote({}, 'zoho-desk'), ctx).lines.join('\n')).not.toMatch(/let only one program/);
  });

  const saved = { saved: { path: '/home/ada/project/reauth.yaml', name: 'garden' } };
  const report = {
    said: ['garden: every hour. Netatmo access tokens last 3 hours: refreshing every hour leaves time for a failed run to be retried before the token runs out.'],
    refusals: [],
    printed: [
      'Add these lines with `crontab -e`:',
      '# >>> reauth (managed: garden) >>>',
      '# refresh garden (/home/ada/project/reauth.yaml)',
      '7 * * * * PATH=/usr/bin:/bin /usr/bin/node /opt/reauth.js refresh garden -c /home/ada/project/reauth.yaml >> "$HOME/reauth.log" 2>&1',
      '# <<< reauth <<<',
    ],
  };

  it('asks how to keep a saved profile fresh, with the interval and its reason, "add it now" first', () => {
    expect(scheduleStep.applies(wrote(saved), ctx)).toBe(true);
    const prompt = promptOf(scheduleStep.prompt(wrote(saved), ctx), 'select');
    expect(prompt.title).toBe('Keep these tokens fresh without you?');
    expect(prompt.help).toContain('`reauth refresh garden` on a timer. Netatmo access tokens last 3 hours: refreshing every hour');
    expect(prompt.initial).toBe('install');
    expect(prompt.options.map((o) => o.value)).toEqual(['install', 'print', 'later']);
    expect(prompt.options[2]!.hint).toBe('`reauth schedule garden` does it any time');
  });

  it('does not ask without a saved profile, without a refresh token, or in the demo', () => {
    expect(scheduleStep.applies(wrote(), ctx)).toBe(false);
    const { refresh_token: _none, ...noRefresh } = tokens();
    void _none;
    expect(scheduleStep.applies(wrote({ ...saved, tokens: noRefresh }), ctx)).toBe(false);
    expect(scheduleStep.applies(wrote(saved), makeContext({ offerCronLine: false }))).toBe(false);
  });

  it('says what was installed, or why not and what to run once fixed, or shows the lines', () => {
    const installed = doneLines(wrote({ ...saved, scheduleChoice: 'install', scheduled: { ...report, installed: "✔ Added garden in reauth's block in your crontab" } }), ctx);
    expect(installed.lines).toEqual(expect.arrayContaining([report.said[0], "✔ Added garden in reauth's block in your crontab"]));
    expect(installed.copyText).toBeUndefined();

    const refused = doneLines(wrote({ ...saved, scheduleChoice: 'install', scheduled: { ...report, refusals: ['garden fails when run as cron will run it: no network.'] } }), ctx);
    expect(refused.lines).toEqual(
      expect.arrayContaining(['Not added to the crontab: nothing was installed.', 'garden fails when run as cron will run it: no network.', 'Once that is fixed, `reauth schedule garden` checks again and adds it.']),
    );
    expect(refused.exitCode).toBe(0);

    const printed = doneLines(wrote({ ...saved, scheduleChoice: 'print', scheduled: report }), ctx);
    expect(printed.copyText).toEqual({ title: 'Add these lines with `crontab -e`:', text: report.printed.slice(1).join('\n') });

    expect(doneLines(wrote({ ...saved, scheduleChoice: 'later' }), ctx).lines).toContain('When you are ready: `reauth schedule garden` adds the unattended refresh to your crontab.');
  });

  it('runs the schedule through the one effect: installing for "add it now", printing for "show me"', async () => {
    const calls: [string, boolean][] = [];
    const effects = fakeEffects({ schedule: async (profile, install) => (calls.push([profile, install]), report) });
    expect(scheduleRunStep.applies(wrote({ ...saved, scheduleChoice: 'later' }), ctx)).toBe(false);
    const data = await scheduleRunStep.run(wrote({ ...saved, scheduleChoice: 'install' }), ctx, effects);
    await scheduleRunStep.run(wrote({ ...saved, scheduleChoice: 'print' }), ctx, effects);
    expect(calls).toEqual([
      ['garden', true],
      ['garden', false],
    ]);
    expect(data.scheduled).toBe(report);
    expect(scheduleRunStep.summary!(data, ctx)).toEqual({ label: 'Scheduled', value: 'not added (see below)', failed: true });
  });

  it('ends “with a problem” when the command after writing failed', () => {
    const done = doneLines(wrote({ afterWriteResult: { ok: false, summary: 'exit 1' } }), ctx);
    expect(done.title).toBe('Done, with a problem');
    expect(done.exitCode).toBe(ExitCode.writeFailed);
    expect(done.lines).toContain('The command after writing failed: exit 1');
  });

  it('says so when no file was changed', () => {
    expect(doneLines(wroteNothing(), ctx).lines).toContain('No file was changed.');
  });
});
