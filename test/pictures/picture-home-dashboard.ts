/**
 * Scenario 2 of SCENARIOS.md (home dashboard, Netatmo into config.yaml), walked through the real
 * wizard: pictures of the sign-in screen with its countdown, the preview and the done screen.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { netatmoOverride, type NetatmoEmulator } from '../support/netatmo-emulator.js';
import { weatherConfigYaml } from '../support/scenario-files.js';
import { makeScenarioFolder } from './scenario-folder.js';
import { snap } from './snap.js';
import type { PictureRun } from './take-pictures.js';
import { writeAndSaveAs } from './finish-walk.js';

export async function pictureHomeDashboard(ctx: PictureRun, netatmo: NetatmoEmulator, columns: number, suffix = '', extraEnv: Record<string, string> = {}): Promise<void> {
  const folder = await makeScenarioFolder(join(ctx.scratch, `home-dashboard${suffix}`), { netatmo: netatmoOverride(netatmo) }, {
    'config.yaml': weatherConfigYaml('fake-netatmo-old-refresh-0417'),
  });
  const pane = await ctx.open(folder, columns, ['setup', '--provider', 'netatmo'], extraEnv);
  const target = { folder: ctx.pictures, scratch: ctx.scratch, columns, secrets: ctx.secrets };
  const title = `reauth setup --provider netatmo — ${columns}×${ctx.rows}`;
  try {
    await pane.waitFor(/Netatmo client ID[\s\S]*Found in config\.yaml/);
    await pane.key('Enter');
    await pane.waitFor(/Netatmo client secret/);
    await pane.key('Enter');
    // Where the tokens go comes before the sign-in (issue 11): config.yaml is ticked already.
    await pane.waitFor(/Where should the new tokens be written\?/);
    await pane.key('Enter');
    await pane.waitFor(/Use these names/);
    await pane.key('Enter');
    await pane.waitFor(/Which permissions/);
    await pane.key('Enter');
    await pane.waitFor(/Redirect URI, exactly as registered/);
    await pane.key('Enter');
    await pane.waitFor(/Code expires in \d+:\d\d[\s\S]*Paste the code/);
    await snap(pane, target, `netatmo-sign-in${suffix}`, title);
    await pane.type((await readFile(folder.addressBar, 'utf8')).trim());
    await pane.key('Enter');
    await pane.waitFor(/Write these changes\?/);
    await snap(pane, target, `netatmo-preview${suffix}`, title);
    await writeAndSaveAs(pane, 'weather');
    await snap(pane, target, `netatmo-done${suffix}`, title);
  } finally {
    await pane.kill();
  }
}
