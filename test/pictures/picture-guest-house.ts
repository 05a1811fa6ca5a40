/**
 * Scenario 1 of SCENARIOS.md (guest house, TTLock into env.py, main/tokens.json and the Heroku
 * app), walked through the real wizard with the real heroku CLI talking to a loopback fake of
 * the Heroku platform: pictures of the password step, one preview of three places, and the end.
 */
import { join } from 'node:path';
import { ensureHerokuCli } from '../support/ensure-heroku-cli.js';
import { herokuCliEnv } from '../support/heroku-cli-env.js';
import { startHerokuPlatformFake } from '../support/heroku-platform-fake.js';
import { guestHouseEnvPy, guestHouseTokensJson } from '../support/scenario-files.js';
import { ttlockOverride, type TtlockEmulator } from '../support/ttlock-emulator.js';
import { makeScenarioFolder } from './scenario-folder.js';
import { snap } from './snap.js';
import type { PictureRun } from './take-pictures.js';
import { writeAndSaveAs } from './finish-walk.js';

// Endings unlike the emulator's new tokens (…0001, …0002), so old and new look different when masked.
const oldAccess = 'fake-ttlock-old-access-0417';
const oldRefresh = 'fake-ttlock-old-refresh-0418';

export async function pictureGuestHouse(ctx: PictureRun, ttlock: TtlockEmulator, columns: number): Promise<void> {
  const heroku = await startHerokuPlatformFake();
  heroku.addApp('guest-house-locks', { SCIENER_ACCESS_TOKEN: oldAccess, SCIENER_REFRESH_TOKEN: oldRefresh });
  const folder = await makeScenarioFolder(join(ctx.scratch, 'guest-house'), { ttlock: ttlockOverride(ttlock) }, {
    'env.py': guestHouseEnvPy(oldAccess, oldRefresh),
    'main/tokens.json': guestHouseTokensJson(oldAccess, oldRefresh),
  });
  const herokuEnv = herokuCliEnv({ home: join(ctx.scratch, 'heroku-home'), origin: heroku.origin, bin: await ensureHerokuCli() });
  // The CLI's own output is never shown; NO_COLOR there would switch the wizard's colours off too.
  delete herokuEnv.NO_COLOR;
  delete herokuEnv.PATH;
  const pane = await ctx.open(folder, columns, ['setup', '--provider', 'ttlock'], herokuEnv as Record<string, string>);
  const target = { folder: ctx.pictures, scratch: ctx.scratch, columns, secrets: ctx.secrets };
  const title = `reauth setup --provider ttlock — ${columns}×${ctx.rows}`;
  try {
    await pane.waitFor(/Which data centre is your account in\?/);
    await pane.key('Enter');
    await pane.waitFor(/client ID[\s\S]*Found in env\.py/);
    await pane.key('Enter');
    await pane.waitFor(/client secret[\s\S]*Found in env\.py/);
    await pane.key('Enter');
    // Where the tokens go comes before the account and password (issue 11): checked while nothing is spent.
    await pane.waitFor(/Where should the new tokens be written\?[\s\S]*Heroku app…/);
    await pane.key('Down');
    await pane.key('Down');
    await pane.key('Down');
    await pane.waitFor(/❯ ◯ Heroku app…/);
    await pane.key('Space');
    await pane.waitFor(/❯ ◉ Heroku app…/);
    await pane.key('Enter');
    await pane.waitFor(/Which Heroku app reads these tokens\?[\s\S]*guest-house-locks/);
    await pane.key('Enter');
    // Key names are confirmed once per place whose names were not all found in it.
    for (let i = 0; i < 4; i++) {
      const screen = await pane.waitFor(/Use these names|app account/);
      if (/app account/.test(screen) && !/Use these names/.test(screen)) break;
      await pane.key('Enter');
      await new Promise((r) => setTimeout(r, 400));
    }
    await pane.waitFor(/app account/);
    await pane.type(ttlock.credentials.username);
    await pane.waitFor(/❯ \+44/);
    await pane.key('Enter');
    await pane.waitFor(/Password of that/);
    await pane.type(ttlock.credentials.password);
    await pane.waitFor(/❯ •+/);
    await snap(pane, target, 'ttlock-password', title);
    await pane.key('Enter');
    await pane.waitFor(/Write these changes\?/);
    await snap(pane, target, 'ttlock-preview', title);
    await writeAndSaveAs(pane, 'guesthouse');
    await snap(pane, target, 'ttlock-done', title);
  } finally {
    await pane.kill();
    await heroku.close();
  }
}
