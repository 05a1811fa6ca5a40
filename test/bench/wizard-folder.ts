/**
 * A temp folder holding a reauth.yaml that points the Netatmo preset at the loopback emulator,
 * so the wizard started there with `--provider netatmo` reaches its first question without
 * touching the internet (DESIGN.md "Testing": overrides under providers:). Beside it, the
 * files of a small app that holds no tokens yet (scenario 2's dashboard before its first
 * sign-in): the folder scan before the first question lists, sorts and looks at them as it
 * would in a person's folder. (With reauth.yaml alone it sorted nothing, and a start-up cost
 * that only a real folder pays — ICU's collator, ~8 ms — never showed in the bench.)
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { netatmoOverride, startNetatmoEmulator, type NetatmoEmulator } from '../support/netatmo-emulator.js';

export interface WizardFolder {
  readonly folder: string;
  readonly emulator: NetatmoEmulator;
  dispose(): Promise<void>;
}

/** A weather dashboard's own files: none names a token yet. */
const SMALL_APP: Readonly<Record<string, string>> = {
  'app.py': 'from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get("/")\ndef index():\n    return "weather"\n',
  'requirements.txt': 'flask==3.0.3\nrequests==2.32.3\n',
  'README.md': '# Weather dashboard\n\nShows the station on the kitchen screen.\n',
  'config.yaml': 'station:\n  name: kitchen\n  refresh_minutes: 10\n',
};

export async function makeWizardFolder(): Promise<WizardFolder> {
  const emulator = await startNetatmoEmulator();
  const folder = await mkdtemp(join(tmpdir(), 'reauth-bench-wizard-'));
  const urls = netatmoOverride(emulator);
  await writeFile(
    join(folder, 'reauth.yaml'),
    [
      'version: 1',
      'profiles: {}',
      'providers:',
      '  netatmo:',
      `    authorize_url: ${urls.authorize_url}`,
      `    token_url: ${urls.token_url}`,
      `    verify_url: ${urls.verify_url}`,
      '',
    ].join('\n'),
  );
  await Promise.all(
    Object.entries(SMALL_APP).map(([name, text]) => writeFile(join(folder, name), text)),
  );
  return {
    folder,
    emulator,
    dispose: async () => {
      await emulator.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
