/**
 * Scenario 4 of SCENARIOS.md (Zoho SalesIQ, India data centre, a .env with box-drawing
 * banners), walked through the real wizard: a picture of the preview, where only the SalesIQ
 * lines change.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { zohoOverride, type ZohoEmulator } from '../support/zoho-emulator.js';
import { makeScenarioFolder } from './scenario-folder.js';
import { snap } from './snap.js';
import type { PictureRun } from './take-pictures.js';

const chatbotEnv = (clientId: string, clientSecret: string) => `# ╔══════════════════════════════════════╗
# ║  Support chatbot — Zoho (India DC)   ║
# ╚══════════════════════════════════════╝
ZOHO_CLIENT_ID=${clientId}
ZOHO_CLIENT_SECRET=${clientSecret}

# ── SalesIQ ──────────────────────────────
SALESIQ_SCREEN_NAME=acme
SALESIQ_ACCESS_TOKEN=1000.fake-old-salesiq-access-0417
SALESIQ_REFRESH_TOKEN=1000.fake-old-salesiq-refresh-0418

# ── Desk ─────────────────────────────────
DESK_ORG_ID=600001
DESK_ACCESS_TOKEN=1000.fake-old-desk-access-0419
DESK_REFRESH_TOKEN=1000.fake-old-desk-refresh-0420
`;

export async function pictureChatbot(ctx: PictureRun, zoho: ZohoEmulator, columns: number): Promise<void> {
  const { clientId, clientSecret, redirectUri, screenName } = zoho.credentials;
  const folder = await makeScenarioFolder(join(ctx.scratch, 'chatbot'), { 'zoho-salesiq': zohoOverride(zoho, 'salesiq') }, {
    '.env': chatbotEnv(clientId, clientSecret),
  });
  const pane = await ctx.open(folder, columns, ['setup', '--provider', 'zoho-salesiq']);
  const target = { folder: ctx.pictures, scratch: ctx.scratch, columns, secrets: ctx.secrets };
  const title = `reauth setup --provider zoho-salesiq — ${columns}×${ctx.rows}`;
  try {
    await pane.waitFor(/Which data centre is your account in\?/);
    await pane.key('3'); // India
    await pane.waitFor(/❯ 3\. India/);
    await pane.key('Enter');
    await pane.waitFor(/How do you want to get the tokens\?/);
    await pane.key('Enter'); // in the browser
    await pane.waitFor(/client ID[\s\S]*Found in \.env/);
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
    await pane.waitFor(/❯ http:\/\/127\.0\.0\.1/);
    await pane.key('Enter');
    const screen = await pane.waitFor(/SalesIQ screen name|Make a new refresh token/);
    if (/SalesIQ screen name/.test(screen)) {
      if (!/❯ acme/.test(screen)) await pane.type(screenName);
      await pane.waitFor(/❯ acme/);
      await pane.key('Enter');
    }
    await pane.waitFor(/Make a new refresh token\?/);
    await snap(pane, target, 'zoho-refresh-token-limit', title);
    await pane.key('y');
    await pane.waitFor(/Listening on 127\.0\.0\.1[\s\S]*Code expires in/);
    // The browser lands on the loopback address the wizard listens on: the catch.
    await fetch((await readFile(folder.addressBar, 'utf8')).trim());
    await pane.waitFor(/Write these changes\?/);
    await snap(pane, target, 'zoho-preview', title);
  } finally {
    await pane.kill();
  }
}
