/**
 * The wizard's effects, wired to the real modules: oauth requests through deps.fetch,
 * targets on disk, reauth.yaml, rescue files. This is the edge where the pure flow meets I/O.
 */
import { resolve } from 'node:path';
import type { ReauthConfig } from '../config/types.js';
import type { Deps, Outcome } from '../deps.js';
import type { AnswerKeeper } from '../oauth/token-grants.js';
import { discoverTargets, inspectFile, whereFound } from '../targets/discover-targets.js';
import { fileTypeFromName } from '../targets/discover-files.js';
import type { TargetContext } from '../targets/types.js';
import { fieldValues, type FieldValues, type TokenField, type TokenSet } from '../tokens/token-set.js';
import type { SignInAttempt } from '../flow/wizard-data.js';
import type { KeepRequest, ObtainedTokens, PrefillValues, WizardEffects } from '../flow/wizard-effects.js';
import { ownProgram } from '../system/own-program.js';
import { UserError } from '../errors.js';
import { sshSession, tunnelCommand, type SshSession } from '../system/ssh-session.js';

/** The modules the effects need beyond the folder scan (setup-later-modules.ts says why), loaded on first use. */
const later = () => import('./setup-later-modules.js');

export interface SetupEffectsOptions {
  readonly config: ReauthConfig;
  readonly cwd: string;
  readonly noBrowser: boolean;
  /** node and reauth's script, absolute, for the crontab line (default: this process's own). */
  readonly program?: readonly string[];
}

export function createSetupEffects(deps: Deps, options: SetupEffectsOptions): WizardEffects {
  const baseDir = options.config.baseDir;
  const targetCtx: TargetContext = { baseDir, deps };
  const discoveryCtx = { ...targetCtx, cwd: options.cwd, configPath: options.config.path };
  // The set last written to every target: its sign-in date goes in the profile's state once the profile has a name.
  let delivered: { values: FieldValues; obtainedAt: string; holdExpiry: boolean } | undefined;
  /** A code is spent like a refresh token: room for its answer is set aside first (src/delivery/obtain.ts). */
  const obtain = async (keep: KeepRequest, request: (onAnswer: AnswerKeeper) => Promise<TokenSet>): Promise<ObtainedTokens> => {
    const { obtainTokens } = await later();
    const obtained = await obtainTokens({ baseDir, owner: keep.owner, now: deps.now, spending: 'the code', request, keep: (tokens) => fieldValues(tokens, keep.client) });
    return { tokens: obtained.tokens, safetyCopy: obtained.safetyCopy };
  };
  return {
    now: deps.now,
    async startSignIn(provider, request): Promise<SignInAttempt> {
      const { createAuthorizationRequest, isLoopbackRedirect, startLoopbackCatch } = await later();
      const auth = createAuthorizationRequest(provider, request, deps);
      const linkNotes: string[] = [];
      let stopCatch: (() => Promise<void>) | undefined;
      let catchesByItself = false;
      const ssh = sshSession(deps.env);
      if (isLoopbackRedirect(request.redirectUri)) {
        try {
          const listener = await startLoopbackCatch(request.redirectUri, {
            state: auth.state,
            earlierStates: request.earlierStates,
            ...(provider.callbackServer ? { callbackServerParam: provider.callbackServer.param } : {}),
            ...(provider.issuer ? { issuer: provider.issuer, ...(provider.issuerRequired ? { requireIssuer: true } : {}) } : {}),
            onCallback: request.onCaught,
          });
          stopCatch = () => listener.close();
          catchesByItself = !ssh || ssh.hasDisplay;
          linkNotes.push(...loopbackNotes(listener.port, ssh));
        } catch (error) {
          linkNotes.push(`✘ ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      if (options.noBrowser) {
        linkNotes.push('– Not opening a browser (--no-browser): open the link yourself');
      } else {
        const opened = await deps.openUrl(auth.url);
        // Over SSH no browser can open here, and that is not a failure: the link is for the laptop.
        if (!opened.ok && ssh && !ssh.hasDisplay) linkNotes.push('– No browser opens here over SSH: open the link on your computer');
        else linkNotes.push(opened.ok ? `✔ Asked your browser to open the link${opened.detail ? ` (${opened.detail})` : ''}` : `✘ Could not open a browser: ${opened.detail ?? 'unknown reason'} — open the link yourself`);
      }
      const copied = await deps.copyText(auth.url);
      linkNotes.push(copyNote(copied));
      return {
        url: auth.url,
        state: auth.state,
        ...(auth.codeVerifier ? { codeVerifier: auth.codeVerifier } : {}),
        deadline: deps.now() + provider.codeLifetimeSeconds * 1000,
        linkNotes,
        ...(stopCatch ? { stopCatch, catchesByItself } : {}),
      };
    },
    exchangeCode: async (provider, args, keep) => {
      const { exchangeCode } = await later();
      return obtain(keep, (onAnswer) => exchangeCode(provider, args, deps, { onAnswer }));
    },
    passwordGrant: async (provider, args, keep) => {
      const { passwordGrant } = await later();
      return obtain(keep, (onAnswer) => passwordGrant(provider, args, deps, { onAnswer }));
    },
    startDeviceSignIn: async (provider, args) => (await later()).startDeviceAuthorization(provider, args, deps),
    finishDeviceSignIn: async (provider, { grant, signal, onStatus, ...client }, keep) => {
      const { pollDeviceToken } = await later();
      return obtain(keep, (onAnswer) => pollDeviceToken(provider, client, grant, deps, { onAnswer, ...(signal ? { signal } : {}), ...(onStatus ? { onStatus } : {}) }));
    },
    liveCheck: async (provider, token, args) => (await later()).runLiveCheck(provider, token, args, deps),
    findTargets: (provider, saved) => discoverTargets(provider, saved, discoveryCtx),
    listHerokuApps: async () => (await later()).listHerokuApps(deps),
    inspectFile: (provider, file) => inspectFile(provider, fileTypeFromName(file), resolve(options.cwd, file), discoveryCtx),
    async readPrefill(specs) {
      // Nothing found in the folder: nothing to load or read before the first question.
      if (specs.length === 0) return {};
      const { createTarget, readTargets, storedTokens } = await later();
      // The same first-target-wins reader as `refresh` (a target that cannot be read is reported when planned).
      const stored = storedTokens(await readTargets(specs.map((spec) => createTarget(spec, targetCtx)), { skipUnreadable: true }));
      const prefill: PrefillValues = {};
      for (const [field, value] of Object.entries(stored.values) as [TokenField, string][]) {
        const from = stored.from[field];
        if (value && from) prefill[field] = { value, source: whereFound(from.spec, field) };
      }
      return prefill;
    },
    readSettings: async (lookups) => (await later()).readFoundSettings(lookups, targetCtx),
    async checkTargets(specs) {
      const { createTarget } = await later();
      for (const spec of specs) await createTarget(spec, targetCtx).preflight();
    },
    planTargets: async (specs, values) => {
      const { createTarget, withShadowingWarnings } = await later();
      return Promise.all(
        specs.map(async (spec) => withShadowingWarnings(await createTarget(spec, targetCtx).plan(values), spec, values, { baseDir: targetCtx.baseDir, env: deps.env })),
      );
    },
    async deliver(request) {
      const { acquireProfileLock, createTarget, deliver, fileTargetPaths, recordSignInLife } = await later();
      const targets = request.specs.map((spec) => createTarget(spec, targetCtx));
      // A saved profile may be refreshed by cron right now, and its files may be another
      // reauth.yaml's too: write under the locks `refresh` takes.
      const profile = request.owner.profile;
      const lock = await acquireProfileLock(baseDir, profile, { files: fileTargetPaths(request.specs, { baseDir, env: deps.env }) });
      try {
        const delivery = await deliver({
          baseDir,
          owner: request.owner,
          targets,
          values: request.values,
          obtainedAt: request.obtainedAt,
          plans: request.plans,
          ...(request.safetyCopy ? { safetyCopy: request.safetyCopy } : {}),
          now: deps.now,
        });
        if (delivery.complete) {
          delivered = { values: request.values, obtainedAt: request.obtainedAt, holdExpiry: request.specs.some((s) => s.keys.refresh_expires_at !== undefined) };
          if (profile) await recordSignInLife(baseDir, profile, request.values, request.obtainedAt, delivered.holdExpiry);
        }
        return delivery;
      } finally {
        await lock.release();
      }
    },
    keep: async (owner, values, obtainedAt) => (await later()).keepTokens(baseDir, owner, values, obtainedAt, deps.now()),
    runAfterWrite: async (command) => (await later()).runShellCommand(command, deps, options.cwd),
    findRescued: async (query) => (await later()).findRescues(baseDir, query),
    revoke: async (provider, token) => (await later()).revokeToken(provider, token, deps),
    schedule: async (profile, install) => {
      const { schedule } = await later();
      try {
        return await schedule({ configPath: options.config.path, profiles: [profile], cwd: options.cwd, print: !install, systemd: false, program: options.program ?? ownProgram() }, deps);
      } catch (error) {
        // No crontab program, a crontab that cannot be read: said on the done screen, the tokens are already safe.
        if (error instanceof UserError) return { said: [], refusals: [`${error.message}${error.nextStep ? ` ${error.nextStep}` : ''}`], printed: [] };
        throw error;
      }
    },
    saveProfile: async (profile, signedIn) => {
      const { recordNoRefreshToken, recordSignInLife, saveProfile } = await later();
      await saveProfile(options.config.path, profile);
      if (delivered) await recordSignInLife(baseDir, profile.name, delivered.values, delivered.obtainedAt, delivered.holdExpiry);
      if (signedIn) await recordNoRefreshToken(baseDir, profile.name, signedIn.obtainedAt, signedIn.accessToken);
      return options.config.path;
    },
    discover: async (issuer) =>
      (await later()).discoverOnce(issuer, deps, 'Leave the issuer empty to enter the sign-in and token addresses yourself (the service’s documentation lists them), or write authorize_url and token_url under providers: in reauth.yaml.'),
    saveProvider: async (id, fields) => {
      await (await later()).saveProviderEntry(options.config.path, id, fields);
      return options.config.path;
    },
  };
}

/**
 * What the loopback listener means for this person. Over SSH the browser runs on their own
 * computer, where 127.0.0.1 is not this machine: "caught by itself" would be untrue without a
 * tunnel, so both honest ways are named, the tunnel command on a line of its own to copy.
 */
export function loopbackNotes(port: number, ssh: SshSession | undefined): string[] {
  if (!ssh || ssh.hasDisplay) return [`✔ Listening on 127.0.0.1:${port}: the sign-in is caught by itself (pasting also works)`];
  return [
    `⚠ Over SSH, your computer's browser cannot reach 127.0.0.1:${port} here by itself. Either:`,
    '  1. on your computer, run this first, then open the link there:',
    `     ${tunnelCommand(ssh, port)}`,
    '  2. or open the link on your computer, then paste here the address of the page you land on (even a "cannot connect" page).',
  ];
}

/** ✔ only for a copy reauth saw succeed, ✘ only for a real failure; "–" for a plain fact. */
function copyNote(copied: Outcome): string {
  if (copied.unconfirmed) return copied.ok ? `– Sent the link ${copied.detail ?? 'to the clipboard'}` : `– Not copied: ${copied.detail ?? 'no clipboard here'}; copy the link from the screen`;
  return copied.ok ? `✔ Copied the link ${copied.detail ?? 'to the clipboard'}` : `✘ Could not copy the link: ${copied.detail ?? 'no clipboard here'}`;
}
