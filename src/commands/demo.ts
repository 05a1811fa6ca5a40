/**
 * `reauth demo`: the whole setup wizard against the practice server (src/demo/), in a scratch
 * folder, so a newcomer can see every step — consent page, countdown, exchange, live check,
 * .env preview and write — without any account (DESIGN.md "reauth demo").
 * The practice service is an ordinary `providers:` entry: the demo exercises the same code as
 * a real custom service, nothing is special-cased for it.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Deps } from '../deps.js';
import { freeLoopbackPort } from '../demo/free-loopback-port.js';
import { PRACTICE_CLIENT, PRACTICE_CODE_LIFETIME_S, PRACTICE_SCOPES, startPracticeServer, type PracticeServer } from '../demo/practice-server.js';
import type { WizardOutcome, WizardRun } from '../flow/wizard-controller.js';
import { runSetup } from './setup.js';

export const PRACTICE_PROVIDER_ID = 'practice';

export interface DemoOptions {
  readonly noBrowser: boolean;
  readonly commandName: string;
  /** Draws the wizard and resolves when it has finished (Ink or plain, chosen by the CLI). */
  readonly render: (run: WizardRun) => Promise<void>;
  /** Prints the lines before and after the wizard. */
  readonly write: (text: string) => void;
  /** Where the practice files go; default: a new folder in the system's temp folder. */
  readonly scratchDir?: string;
}

export interface DemoResult {
  readonly outcome: WizardOutcome;
  readonly scratchDir: string;
}

export async function runDemo(options: DemoOptions, deps: Deps): Promise<DemoResult> {
  const scratchDir = options.scratchDir ?? (await mkdtemp(join(tmpdir(), 'reauth-demo-')));
  const redirectUri = `http://127.0.0.1:${await freeLoopbackPort()}/callback`;
  const server = await startPracticeServer({ redirectUris: [redirectUri], now: deps.now });
  try {
    await writeFile(join(scratchDir, 'reauth.yaml'), practiceConfig(server, redirectUri));
    await writeFile(join(scratchDir, '.env'), practiceEnv(), { mode: 0o600 });
    options.write(introText(server, scratchDir));
    const outcome = await runSetup(
      {
        configPath: join(scratchDir, 'reauth.yaml'),
        provider: PRACTICE_PROVIDER_ID,
        noBrowser: options.noBrowser,
        cwd: scratchDir,
        commandName: options.commandName,
        offerCronLine: false,
        render: options.render,
      },
      deps,
    );
    options.write(outroText(scratchDir, (outcome.data.results ?? []).some((r) => r.ok)));
    return { outcome, scratchDir };
  } finally {
    await server.close();
  }
}

/** A reauth.yaml like one a person would write for a custom service, pointing at the practice server. */
export function practiceConfig(server: Pick<PracticeServer, 'authorizeUrl' | 'tokenUrl' | 'apiUrl'>, redirectUri: string): string {
  return [
    '# reauth demo: a practice service on this computer. Nothing here is a real account.',
    '# A real custom service is described the same way, under providers:.',
    'version: 1',
    'providers:',
    `  ${PRACTICE_PROVIDER_ID}:`,
    '    name: Practice service',
    `    authorize_url: ${server.authorizeUrl}`,
    `    token_url: ${server.tokenUrl}`,
    `    verify_url: ${server.apiUrl}`,
    `    scopes: [${PRACTICE_SCOPES.join(', ')}]`,
    '    pkce: S256',
    '    client_auth: body',
    `    code_lifetime_s: ${PRACTICE_CODE_LIFETIME_S}`,
    `    redirect_uri: ${redirectUri}`,
    '',
  ].join('\n');
}

/** The practice app's credentials, where a real project keeps them: the wizard finds and offers them. */
function practiceEnv(): string {
  return [
    '# reauth demo: the practice app’s credentials (made up: they only work with the practice server).',
    `PRACTICE_CLIENT_ID=${PRACTICE_CLIENT.id}`,
    `PRACTICE_CLIENT_SECRET=${PRACTICE_CLIENT.secret}`,
    '',
  ].join('\n');
}

function introText(server: PracticeServer, scratchDir: string): string {
  return [
    'reauth demo — a practice run on this computer; no account needed.',
    `  Practice server  ${server.origin} (stops when the demo ends)`,
    `  Scratch folder   ${scratchDir} (reauth.yaml and .env are written there)`,
    `  Practice app     client ID ${PRACTICE_CLIENT.id}, client secret ${PRACTICE_CLIENT.secret}`,
    '                   (made up for the demo, and already in the folder’s .env: press Enter to keep them)',
    `When the practice consent page opens in your browser, press Allow. Its codes expire after ${PRACTICE_CODE_LIFETIME_S / 60} minutes.`,
    '',
    '',
  ].join('\n');
}

function outroText(scratchDir: string, wrote: boolean): string {
  return [
    '',
    wrote
      ? 'The practice server has stopped, so these practice tokens no longer work anywhere (nor would `reauth refresh`).'
      : 'The practice server has stopped. No tokens were written.',
    wrote
      ? `Look at what was written in ${scratchDir} (.env, reauth.yaml); delete the folder when you are done.`
      : `The scratch folder ${scratchDir} can be deleted.`,
    'For a real service: `reauth setup` (the list of services: `reauth providers`).',
    '',
  ].join('\n');
}
