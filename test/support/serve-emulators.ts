/**
 * For trying reauth by hand (README "Development"): starts the loopback Netatmo emulation and
 * writes a reauth.yaml pointing the preset at it into FOLDER. Ctrl+C stops it.
 *   npx tsx test/support/serve-emulators.ts /tmp/try-reauth
 * The BROWSER it prints plays the person pressing Allow and prints the address bar.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { netatmoOverride, startNetatmoEmulator } from './netatmo-emulator.js';

const folder = resolve(process.argv[2] ?? '.reauth-try');
await mkdir(folder, { recursive: true });
const emu = await startNetatmoEmulator({ redirectUris: ['https://localhost/callback', 'http://127.0.0.1:8765/callback'] });
const o = netatmoOverride(emu);
await writeFile(
  join(folder, 'reauth.yaml'),
  `version: 1\nprofiles: {}\nproviders:\n  netatmo:\n    authorize_url: ${o.authorize_url}\n    token_url: ${o.token_url}\n    verify_url: ${o.verify_url}\n`,
);
const approve = join(folder, 'approve-in-browser.sh');
await writeFile(approve, `#!/bin/sh\n# Plays the browser: follows the sign-in link and shows where it lands.\ncurl -s -o /dev/null -w '%{redirect_url}\\n' "$1" > "${join(folder, 'address-bar.txt')}"\n`, { mode: 0o755 });
process.stdout.write(
  [
    `Netatmo emulation on ${emu.origin}`,
    `client id:     ${emu.clientId}`,
    `client secret: ${emu.clientSecret}`,
    `reauth.yaml written to ${folder}`,
    `Try: cd ${folder} && BROWSER=${approve} node ${resolve('dist/reauth.js')}`,
    `The "browser" writes the address bar to ${join(folder, 'address-bar.txt')}: paste that.`,
    '',
  ].join('\n'),
);
process.on('SIGINT', () => void emu.close().then(() => process.exit(0)));
