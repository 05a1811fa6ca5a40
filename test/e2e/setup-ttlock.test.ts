/**
 * TTLock end to end (scenario 1): no web sign-in at all, the TTLock app account and its
 * password (MD5 in memory, never on screen), tokens written to a new .env, and the lock list
 * as the live check.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { md5Hex, startTtlockEmulator, ttlockOverride, type TtlockEmulator } from '../support/ttlock-emulator.js';
import { startReauth, stopAllSessions, type PtySession } from '../support/pty-session.js';
import { expectNoSecretShown, makeFolder, modeOf, removeFolders, writeConfig, writeAndSaveProfile } from './e2e-support.js';

let emu: TtlockEmulator;

beforeAll(async () => {
  emu = await startTtlockEmulator();
});
afterAll(async () => {
  await emu.close();
});
afterEach(async () => {
  stopAllSessions();
  await removeFolders();
});

/** The whole wizard, answered as a guest-house owner would, up to the closing screen. */
async function runToDone(): Promise<{ dir: string; session: PtySession }> {
  const dir = await makeFolder('ttlock');
  await writeConfig(dir, { ttlock: ttlockOverride(emu) });
  const session = startReauth({ args: ['setup', '--provider', 'ttlock'], cwd: dir });
  const { clientId, clientSecret, username, password } = emu.credentials;

  await session.waitForText('Which data centre is your account in?');
  await session.waitForText('TTLock has no web sign-in');
  await session.waitForText(/❯ 1\. Outside China \(euapi\.ttlock\.com\)/);
  session.press('enter');
  await session.waitForText('TTLock (Sciener) client ID');
  session.type(clientId);
  await session.waitForText(`❯ ${clientId}`);
  session.press('enter');
  await session.waitForText('TTLock (Sciener) client secret');
  session.type(clientSecret);
  await session.waitForText('•'.repeat(clientSecret.length));
  session.press('enter');
  // Where the tokens go comes before the account and password: checked while nothing is spent.
  await session.waitForText('Where should the new tokens be written?');
  await session.waitForText(/❯ ◉ \.env\s+a new file in this folder/);
  session.press('enter');
  await session.waitForText('Key names in .env');
  await session.waitForText('Use these names');
  session.press('enter');
  await session.waitForText('TTLock (Sciener) app account');
  expect(session.screenFlat()).toContain('not your developer-portal login');
  session.type(username);
  await session.waitForText(`❯ ${username}`);
  session.press('enter');
  await session.waitForText('Password of that TTLock (Sciener) app account');
  session.type(password);
  await session.waitForText('•'.repeat(password.length));
  session.press('enter');

  await session.waitForText('This is what will change');
  await session.waitForText(/Password\s+entered \(not stored\)/);
  await session.waitForText(/Live check\s+3 locks found/);
  await writeAndSaveProfile(session, 'ttlock');
  return { dir, session };
}

describe('reauth setup --provider ttlock in a terminal', () => {
  it('gets tokens with the app account and password and writes them to a new .env', async () => {
    const { dir, session } = await runToDone();
    expect(await session.exit()).toBe(0);

    const issued = emu.issued().at(-1)!;
    const { clientId, clientSecret, password } = emu.credentials;
    // A new file: exactly these lines, readable only by the owner.
    const env = await readFile(join(dir, '.env'), 'utf8');
    const expiresAt = /^TTLOCK_TOKEN_EXPIRES_AT=(.+)$/m.exec(env)![1]!;
    expect(env).toBe(
      [
        `TTLOCK_ACCESS_TOKEN=${issued.accessToken}`,
        `TTLOCK_REFRESH_TOKEN=${issued.refreshToken}`,
        `TTLOCK_TOKEN_EXPIRES_AT=${expiresAt}`,
        'TTLOCK_UID=7001',
        `TTLOCK_CLIENT_ID=${clientId}`,
        `TTLOCK_CLIENT_SECRET=${clientSecret}`,
        '',
      ].join('\n'),
    );
    // TTLock access tokens live 90 days.
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(89 * 86_400_000);
    expect(await modeOf(join(dir, '.env'))).toBe(0o600);

    // The password went out only as its MD5, and is stored nowhere.
    const grant = emu.requests.find((r) => r.url.pathname === '/oauth2/token' && r.form.get('username'))!;
    expect(grant.form.get('password')).toBe(md5Hex(password));
    const yaml = await readFile(join(dir, 'reauth.yaml'), 'utf8');
    expect(yaml).toContain('  ttlock:\n    provider: ttlock');
    for (const secret of [password, md5Hex(password), clientSecret, issued.accessToken, issued.refreshToken]) {
      expect(yaml).not.toContain(secret);
      expect(env.includes(secret)).toBe(secret === clientSecret || secret === issued.accessToken || secret === issued.refreshToken);
    }
    expectNoSecretShown(session, [password, md5Hex(password), clientSecret, issued.accessToken, issued.refreshToken]);
  });

  // Ink hard-wraps live text at the terminal width; the cron line must reach the terminal as one
  // line (soft-wrapped by the terminal), or a person copying it into `crontab -e` breaks it.
  it('prints the cron line as one line that can be copied into crontab', async () => {
    const { dir, session } = await runToDone();
    expect(await session.exit()).toBe(0);
    const cron = session.transcript().find((line) => /reauth\.js'? '?refresh'? '?ttlock/.test(line));
    expect(cron).toMatch(new RegExp(`^\\d+ \\d+ \\* \\* \\* PATH=\\S+ .+ refresh'? '?ttlock'? '?-c'? '?${join(dir, 'reauth.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}'? >> "\\$HOME/reauth\\.log" 2>&1$`));
  });
});
