/**
 * A temp folder holding a reauth.yaml that points the Netatmo preset at the loopback emulator,
 * so the wizard started there with `--provider netatmo` reaches its first question without
 * touching the internet (DESIGN.md "Testing": overrides under providers:).
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
  return {
    folder,
    emulator,
    dispose: async () => {
      await emulator.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
