/**
 * Scenario 3 of SCENARIOS.md (TikTok Desktop app, loopback redirect), walked through the real
 * wizard: a picture of the sign-in screen that catches the redirect by itself. The "browser"
 * only follows the link to TikTok; the script then opens the address it landed on, as a
 * browser would, and the wizard goes on without a paste.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tiktokOverride, type TiktokEmulator } from '../support/tiktok-emulator.js';
import { makeScenarioFolder } from './scenario-folder.js';
import { snap } from './snap.js';
import type { PictureRun } from './take-pictures.js';

export async function pictureSocialBackend(ctx: PictureRun, tiktok: TiktokEmulator, columns: number): Promise<void> {
  const { clientKey, clientSecret, redirectUri } = tiktok.credentials;
  const folder = await makeScenarioFolder(join(ctx.scratch, 'social-backend'), { tiktok: tiktokOverride(tiktok) }, {
    '.env': `PORT=3000\nTIKTOK_CLIENT_KEY=${clientKey}\nTIKTOK_CLIENT_SECRET=${clientSecret}\nTIKTOK_ACCESS_TOKEN=act.fake-old-access-0417\nTIKTOK_REFRESH_TOKEN=rft.fake-old-refresh-0418\n`,
  });
  const pane = await ctx.open(folder, columns, ['setup', '--provider', 'tiktok']);
  const target = { folder: ctx.pictures, scratch: ctx.scratch, columns, secrets: ctx.secrets };
  try {
    await pane.waitFor(/How is your app registered/);
    await pane.key('Enter');
    await pane.waitFor(/client key[\s\S]*Found in \.env/);
    await pane.key('Enter');
    await pane.waitFor(/client secret[\s\S]*Found in \.env/);
    await pane.key('Enter');
    // Where the tokens go comes before the sign-in (issue 11).
    await pane.waitFor(/Where should the new tokens be written\?/);
    await pane.key('Enter');
    await pane.waitFor(/Use these names/);
    await pane.key('Enter');
    await pane.waitFor(/Which permissions/);
    await pane.key('Enter');
    await pane.waitFor(/Redirect URI, exactly as registered/);
    await pane.type(redirectUri);
    await pane.waitFor(new RegExp(`❯ ${redirectUri.replace(/[.]/g, '\\.')}`));
    await pane.key('Enter');
    await pane.waitFor(/Listening on 127\.0\.0\.1[\s\S]*Code expires in/);
    await snap(pane, target, 'tiktok-sign-in', `reauth setup --provider tiktok — ${columns}×${ctx.rows}`);
    const landed = (await readFile(folder.addressBar, 'utf8')).trim();
    const page = await fetch(landed);
    if (!page.ok) throw new Error(`The loopback catch answered ${page.status}`);
    await pane.waitFor(/Write these changes\?/);
  } finally {
    await pane.kill();
  }
}
