/**
 * A scenario's folder for the pictures: the operator's own files, a reauth.yaml pointing the
 * presets at the loopback emulators, and the BROWSER script that plays the person pressing Allow
 * (it follows the sign-in link with curl and writes the address bar it lands on to a file).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface ScenarioFolder {
  readonly dir: string;
  /** The BROWSER to give the wizard. */
  readonly browser: string;
  /** Where that browser writes the address it landed on. */
  readonly addressBar: string;
}

export async function makeScenarioFolder(
  dir: string,
  providers: Record<string, Record<string, string>>,
  files: Record<string, string>,
): Promise<ScenarioFolder> {
  await mkdir(dir, { recursive: true });
  const yaml = ['version: 1', 'profiles: {}', 'providers:'];
  for (const [id, fields] of Object.entries(providers)) {
    yaml.push(`  ${id}:`, ...Object.entries(fields).map(([k, v]) => `    ${k}: ${v}`));
  }
  await writeFile(join(dir, 'reauth.yaml'), `${yaml.join('\n')}\n`);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  const addressBar = join(dir, '..', `${dir.split('/').pop()}-address-bar.txt`);
  const browser = join(dir, '..', `${dir.split('/').pop()}-browser.sh`);
  await writeFile(
    browser,
    `#!/bin/sh\n# Plays the browser: follows the sign-in link once and writes where it lands (the address bar).\ncurl -s -o /dev/null -w '%{redirect_url}\\n' "$1" > '${addressBar}'\n`,
    { mode: 0o755 },
  );
  return { dir, browser, addressBar };
}
