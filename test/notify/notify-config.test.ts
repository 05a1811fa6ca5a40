import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { saveProfile } from '../../src/config/save-profile.js';
import { UserError } from '../../src/errors.js';
import { profileNotifiers, runPingUrl } from '../../src/notify/resolve-notifiers.js';
import { tempFolder, yaml, type TempFolder } from '../config/config-files.js';
import { readFile } from 'node:fs/promises';

let folder: TempFolder;
beforeEach(async () => {
  folder = await tempFolder();
});
afterEach(async () => {
  await folder.remove();
});

const target = ['    targets:', '      - type: dotenv', '        file: .env', '        keys: { refresh_token: NETATMO_REFRESH_TOKEN }'];
const profile = (name: string, ...extra: string[]) => [`  ${name}:`, '    provider: netatmo', ...target, ...extra];

const load = async (text: string) => loadConfig(await folder.write(text), { displayPath: 'reauth.yaml' });

async function loadError(text: string): Promise<UserError> {
  const error = await load(text).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('notify: in reauth.yaml', () => {
  it('reads the DESIGN.md shape per profile and at the top level', async () => {
    const config = await load(
        yaml(
          'version: 1',
          'notify:',
          '  webhook: https://hooks.slack.com/services/T0/B0/fake-hook-secret',
          '  ping_url: https://hc-ping.com/fake-uuid-run',
          'profiles:',
          ...profile('weather', "    notify: { command: 'mail -s reauth admin@example.com', webhook: https://ntfy.sh/my-topic, ping_url: https://hc-ping.com/UUID }"),
        ),
    );
    expect(config.warnings).toEqual([]);
    expect(config.notify).toEqual({ webhook: 'https://hooks.slack.com/services/T0/B0/fake-hook-secret', ping_url: 'https://hc-ping.com/fake-uuid-run' });
    expect(config.profiles['weather']?.notify).toEqual({ command: 'mail -s reauth admin@example.com', webhook: 'https://ntfy.sh/my-topic', ping_url: 'https://hc-ping.com/UUID' });
  });

  it('refuses plain http to another machine, naming the line and not the secret path', async () => {
    const error = await loadError(yaml('version: 1', 'profiles:', ...profile('weather', '    notify:', '      webhook: http://hooks.example.com/fake-hook-secret')));
    expect(error.message).toMatch(/^reauth\.yaml line 10: profiles\.weather\.notify\.webhook uses plain http to hooks\.example\.com/);
    expect(error.message).not.toContain('fake-hook-secret');
  });

  it('refuses something that is not an address, showing only its start', async () => {
    const error = await loadError(yaml('version: 1', 'notify:', '  ping_url: hc-ping.com/fake-uuid-secret-123', 'profiles:', ...profile('weather')));
    expect(error.message).toMatch(/^reauth\.yaml line 3: notify\.ping_url must be a whole https:\/\/ address/);
    expect(error.message).not.toContain('fake-uuid-secret-123');
  });

  it('suggests the right name for a typo and lists the webhook formats', async () => {
    expect((await loadError(yaml('version: 1', 'notify:', '  webhok: https://ntfy.sh/x', 'profiles:', ...profile('weather')))).message).toMatch(
      /line 3: notify\.webhok is not a field reauth knows; did you mean webhook\?/,
    );
    expect((await loadError(yaml('version: 1', 'notify:', '  webhook_format: slack', 'profiles:', ...profile('weather')))).message).toMatch(
      /line 3: notify\.webhook_format must be one of json, text/,
    );
  });

  it('checks the ${...} of an address when reading, and its value only when sending', async () => {
    expect((await loadError(yaml('version: 1', 'notify:', '  webhook: ${SLACK_HOOK', 'profiles:', ...profile('weather')))).message).toMatch(/line 3.*without a closing/);
    const config = await load(yaml('version: 1', 'notify:', '  webhook: ${SLACK_HOOK}', 'profiles:', ...profile('weather')));
    expect(profileNotifiers(config, 'weather', { SLACK_HOOK: 'https://hooks.slack.com/services/fake' }).webhook).toEqual({ url: 'https://hooks.slack.com/services/fake', format: 'json' });
    const unset = profileNotifiers(config, 'weather', {});
    expect(unset.webhook).toBeUndefined();
    expect(unset.problems).toEqual([expect.stringMatching(/SLACK_HOOK is not set, but reauth\.yaml line 3 \(notify\.webhook\)/)]);
    const plain = profileNotifiers(config, 'weather', { SLACK_HOOK: 'http://hooks.example.com/fake-hook-secret' });
    expect(plain.webhook).toBeUndefined();
    expect(plain.problems.join()).not.toContain('fake-hook-secret');
  });

  it('merges a profile over the top level field by field; an empty value switches one off; ping_url is not inherited', async () => {
    const config = await load(
        yaml(
          'version: 1',
          'notify:',
          '  command: mail -s reauth ops@example.com',
          '  webhook: https://ntfy.example.org/ops',
          '  ping_url: https://hc-ping.com/run',
          'profiles:',
          ...profile('weather', '    notify: { ping_url: https://hc-ping.com/weather }'),
          ...profile('chat', "    notify: { webhook: '', command: notify-chat }"),
          ...profile('plain'),
        ),
    );
    expect(profileNotifiers(config, 'weather', {})).toEqual({
      command: 'mail -s reauth ops@example.com',
      webhook: { url: 'https://ntfy.example.org/ops', format: 'text' },
      pingUrl: 'https://hc-ping.com/weather',
      problems: [],
    });
    expect(profileNotifiers(config, 'chat', {})).toEqual({ command: 'notify-chat', problems: [] });
    expect(profileNotifiers(config, 'plain', {}).pingUrl).toBeUndefined();
    expect(runPingUrl(config, {})).toEqual({ url: 'https://hc-ping.com/run', problems: [] });
  });

  it('reads an empty notify: as no notifiers, and refuses a list', async () => {
    const config = await load(yaml('version: 1', 'notify:', 'profiles:', ...profile('weather', '    notify:')));
    expect(profileNotifiers(config, 'weather', {})).toEqual({ problems: [] });
    expect((await loadError(yaml('version: 1', 'notify: [https://ntfy.sh/x]', 'profiles:', ...profile('weather')))).message).toMatch(/line 2: notify must be a mapping/);
  });

  it('survives a reconnect: saving the profile from the wizard keeps a hand-written notify:', async () => {
    const path = await folder.write(yaml('version: 1', 'profiles:', ...profile('weather', '    notify:  # alerts', '      webhook: https://ntfy.sh/my-topic')));
    const config = await loadConfig(path);
    const weather = config.profiles['weather']!;
    await saveProfile(path, { ...weather, scopes: ['read_station'] });
    const text = await readFile(path, 'utf8');
    expect(text).toContain('    notify:  # alerts\n      webhook: https://ntfy.sh/my-topic\n');
    expect(text).toContain('read_station');
    expect((await loadConfig(path)).profiles['weather']?.notify).toEqual({ webhook: 'https://ntfy.sh/my-topic' });
  });
});
