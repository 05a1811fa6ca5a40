/**
 * For trying reauth by hand (README "Development"): starts loopback emulations of Netatmo,
 * TTLock, TikTok and Zoho, and writes a reauth.yaml pointing every preset at them into FOLDER.
 * Ctrl+C stops them.
 *   npx tsx test/support/serve-emulators.ts /tmp/try-reauth
 * The approve-in-browser.sh it writes plays the person pressing Allow: use it as BROWSER.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { netatmoOverride, startNetatmoEmulator } from './netatmo-emulator.js';
import { startTtlockEmulator, ttlockOverride } from './ttlock-emulator.js';
import { startTiktokEmulator, tiktokOverride } from './tiktok-emulator.js';
import { startZohoEmulator, zohoOverride } from './zoho-emulator.js';

const folder = resolve(process.argv[2] ?? '.reauth-try');
await mkdir(folder, { recursive: true });
const netatmo = await startNetatmoEmulator({ redirectUris: ['https://localhost/callback', 'http://127.0.0.1:8765/callback'] });
const ttlock = await startTtlockEmulator();
const tiktok = await startTiktokEmulator({ redirectUris: ['http://127.0.0.1:8976/callback'] });
const zoho = await startZohoEmulator();

const yamlBlock = (id: string, fields: Record<string, string>) =>
  [`  ${id}:`, ...Object.entries(fields).map(([k, v]) => `    ${k}: ${v}`)].join('\n');
await writeFile(
  join(folder, 'reauth.yaml'),
  [
    'version: 1',
    'profiles: {}',
    'providers:',
    yamlBlock('netatmo', netatmoOverride(netatmo)),
    yamlBlock('ttlock', ttlockOverride(ttlock)),
    yamlBlock('tiktok', tiktokOverride(tiktok)),
    yamlBlock('zoho-salesiq', zohoOverride(zoho, 'salesiq')),
    yamlBlock('zoho-desk', zohoOverride(zoho, 'desk')),
    '',
  ].join('\n'),
);
const approve = join(folder, 'approve-in-browser.sh');
await writeFile(
  approve,
  `#!/bin/sh\n# Plays the browser: follows the sign-in link once and writes where it lands (the address bar).\ncurl -s -o /dev/null -w '%{redirect_url}\\n' "$1" > "${join(folder, 'address-bar.txt')}"\n`,
  { mode: 0o755 },
);
const t = ttlock.credentials;
const z = zoho.credentials;
process.stdout.write(
  [
    `reauth.yaml written to ${folder}; try: cd ${folder} && BROWSER=${approve} node ${resolve('dist/reauth.js')}`,
    `The "browser" writes the address bar to ${join(folder, 'address-bar.txt')}: paste that.`,
    '',
    `netatmo  client ${netatmo.clientId} / secret ${netatmo.clientSecret}`,
    `ttlock   client ${t.clientId} / secret ${t.clientSecret}; app account ${t.username} / password ${t.password}`,
    `tiktok   client key ${tiktok.credentials.clientKey} / secret ${tiktok.credentials.clientSecret}; redirect ${tiktok.credentials.redirectUri}`,
    `zoho     browser client ${z.clientId} / secret ${z.clientSecret}; redirect ${z.redirectUri}`,
    `         Self Client ${z.selfClientId} / secret ${z.selfClientSecret}; a SalesIQ code (10 min): ${zoho.issueSelfClientCode({ scopes: ['SalesIQ.departments.READ'], minutes: 10 })}`,
    '',
  ].join('\n'),
);
process.on('SIGINT', () => void Promise.all([netatmo.close(), ttlock.close(), tiktok.close(), zoho.close()]).then(() => process.exit(0)));
