/**
 * `npm run pictures`: the README's pictures of the real wizard, taken from real runs.
 *
 * Builds nothing: run `node esbuild.config.mjs` (or `npm run build`) first; it runs
 * dist/reauth.js as a user would. Starts the loopback emulators in this process, makes each
 * scenario's folder from the operators' own files (test/support/scenario-files.ts), runs the
 * wizard in a private tmux server at 100×30 with TERM=xterm-256color, answers it key by key and
 * writes PNGs to screens/pictures/. Nothing secret is in them: the emulators' values are fake and
 * the wizard masks them anyway. Needs tmux, curl and rsvg-convert (Debian: librsvg2-bin).
 * `npm run pictures -- --keep` keeps the scratch folder (SVGs, scenario folders); `-- --review`
 * also walks scenario 2 at 60 columns and with NO_COLOR=1 into it, for reading, not committing.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNetatmoEmulator } from '../support/netatmo-emulator.js';
import { startTiktokEmulator } from '../support/tiktok-emulator.js';
import { startTtlockEmulator } from '../support/ttlock-emulator.js';
import { startZohoEmulator } from '../support/zoho-emulator.js';
import { freeLoopbackPort as freePort } from '../../src/demo/free-loopback-port.js';
import { pictureChatbot } from './picture-chatbot.js';
import { pictureGuestHouse } from './picture-guest-house.js';
import { pictureHomeDashboard } from './picture-home-dashboard.js';
import { pictureSocialBackend } from './picture-social-backend.js';
import type { ScenarioFolder } from './scenario-folder.js';
import { openPane, type Pane } from './tmux-pane.js';
import { TEST_CACHE_HOME } from '../support/cache-home.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const reauthJs = join(repoRoot, 'dist', 'reauth.js');

export interface PictureRun {
  /** A temporary folder for scenario folders, SVGs and the wizard's HOME. */
  readonly scratch: string;
  /** screens/pictures/ */
  readonly pictures: string;
  readonly rows: number;
  /** Every secret the emulators know right now: no picture may show one whole. */
  readonly secrets: () => readonly string[];
  /** Starts `node dist/reauth.js ARGS` in the scenario folder, in a pane of this width. */
  open(folder: ScenarioFolder, columns: number, args: readonly string[], extraEnv?: Record<string, string>): Promise<Pane>;
}

async function main(): Promise<void> {
  // --review: also the walk at 60 columns and with NO_COLOR=1, kept in the scratch folder.
  const review = process.argv.includes('--review');
  const keepScratch = review || process.argv.includes('--keep');
  if (!existsSync(reauthJs)) {
    process.stderr.write(`No ${reauthJs}: run \`node esbuild.config.mjs\` first (npm run pictures builds nothing).\n`);
    process.exit(2);
  }
  const scratch = await mkdtemp(join(tmpdir(), 'reauth-pictures-'));
  const pictures = join(repoRoot, 'screens', 'pictures');
  await mkdir(pictures, { recursive: true });
  const home = join(scratch, 'home');
  await mkdir(home);
  const netatmo = await startNetatmoEmulator({ redirectUris: ['https://localhost/callback'] });
  const ttlock = await startTtlockEmulator();
  // Loopback redirects the wizard catches by itself: on a port free now, registered as is.
  const tiktok = await startTiktokEmulator({ redirectUris: [`http://127.0.0.1:${await freePort()}/callback`] });
  const zoho = await startZohoEmulator({ location: 'in', redirectUris: [`http://127.0.0.1:${await freePort()}/callback`] });
  const secrets = () => [
    netatmo.clientSecret, ...netatmo.liveAccessTokens(), ...netatmo.liveRefreshTokens(),
    ttlock.credentials.clientSecret, ttlock.credentials.password, ...ttlock.issued().flatMap((g) => [g.accessToken, g.refreshToken]),
    tiktok.credentials.clientSecret, ...tiktok.issuedTokens().flatMap((g) => [g.accessToken, g.refreshToken]),
    zoho.credentials.clientSecret, ...zoho.liveRefreshTokens(),
  ];
  const ctx: PictureRun = {
    secrets,
    scratch,
    pictures,
    rows: 30,
    open: (folder, columns, args, extraEnv = {}) =>
      openPane({
        columns,
        rows: 30,
        cwd: folder.dir,
        scratch: folder.dir + '-tmux',
        // The whole environment: nothing of the caller's (a real token in their shell, their
        // DISPLAY, their crontab's HOME) reaches the pictures.
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, XDG_CACHE_HOME: TEST_CACHE_HOME, LANG: 'C.UTF-8', TERM: 'xterm-256color', BROWSER: folder.browser, ...extraEnv },
        command: [process.execPath, reauthJs, ...args],
      }),
  };
  try {
    process.stdout.write('Scenario 2, home dashboard (Netatmo → config.yaml):\n');
    await pictureHomeDashboard(ctx, netatmo, 100);
    process.stdout.write('Scenario 1, guest house (TTLock → env.py, main/tokens.json, Heroku):\n');
    await pictureGuestHouse(ctx, ttlock, 100);
    process.stdout.write('Scenario 3, social posting backend (TikTok Desktop app, loopback catch):\n');
    await pictureSocialBackend(ctx, tiktok, 100);
    process.stdout.write('Scenario 4, support chatbot (Zoho SalesIQ, India → .env):\n');
    await pictureChatbot(ctx, zoho, 100);
    if (review) {
      // For reading, not for the README: the same walk at 60 columns, and with NO_COLOR.
      const reviewCtx = { ...ctx, pictures: join(scratch, 'review') };
      await mkdir(reviewCtx.pictures);
      process.stdout.write('Review copies (not committed):\n');
      await pictureHomeDashboard(reviewCtx, netatmo, 60, '-60-columns');
      await pictureHomeDashboard(reviewCtx, netatmo, 100, '-no-color', { NO_COLOR: '1' });
    }
  } finally {
    await Promise.all([netatmo.close(), ttlock.close(), tiktok.close(), zoho.close()]);
    if (!keepScratch) await rm(scratch, { recursive: true, force: true });
    else process.stdout.write(`Scratch (SVGs, scenario folders) kept in ${scratch}\n`);
  }
}

await main();
