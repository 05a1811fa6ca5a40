/**
 * The wizard's effects, wired to the real modules: oauth requests through deps.fetch,
 * targets on disk, reauth.yaml, rescue files. This is the edge where the pure flow meets I/O.
 */
import { resolve } from 'node:path';
import type { ReauthConfig } from '../config/types.js';
import type { Deps } from '../deps.js';
import { saveProfile } from '../config/save-profile.js';
import { saveProviderEntry } from '../config/save-provider.js';
import { createAuthorizationRequest } from '../oauth/authorization-request.js';
import { isLoopbackRedirect, startLoopbackCatch } from '../oauth/loopback-catch.js';
import { runLiveCheck } from '../oauth/live-check.js';
import { exchangeCode, passwordGrant, revokeToken } from '../oauth/token-grants.js';
import { createTarget } from '../targets/create-target.js';
import { discoverTargets, inspectFile, whereFound } from '../targets/discover-targets.js';
import { fileTypeFromName } from '../targets/discover-files.js';
import { listHerokuApps } from '../targets/heroku.js';
import { withShadowingWarnings } from '../targets/shadowing.js';
import type { TargetContext } from '../targets/types.js';
import { findRescues, removeRescue, saveRescue } from '../tokens/rescue.js';
import { acquireProfileLock } from '../tokens/profile-lock.js';
import type { TokenField } from '../tokens/token-set.js';
import type { SignInAttempt } from '../flow/wizard-data.js';
import type { PrefillValues, WizardEffects } from '../flow/wizard-effects.js';
import { runShellCommand } from '../system/run-shell-command.js';

export interface SetupEffectsOptions {
  readonly config: ReauthConfig;
  readonly cwd: string;
  readonly noBrowser: boolean;
}

export function createSetupEffects(deps: Deps, options: SetupEffectsOptions): WizardEffects {
  const targetCtx: TargetContext = { baseDir: options.config.baseDir, deps };
  const discoveryCtx = { ...targetCtx, cwd: options.cwd, configPath: options.config.path };
  return {
    now: deps.now,
    async startSignIn(provider, request): Promise<SignInAttempt> {
      const auth = createAuthorizationRequest(provider, request, deps);
      const linkNotes: string[] = [];
      let stopCatch: (() => Promise<void>) | undefined;
      if (isLoopbackRedirect(request.redirectUri)) {
        try {
          const listener = await startLoopbackCatch(request.redirectUri, {
            state: auth.state,
            earlierStates: request.earlierStates,
            ...(provider.callbackServer ? { callbackServerParam: provider.callbackServer.param } : {}),
            onCallback: request.onCaught,
          });
          stopCatch = () => listener.close();
          linkNotes.push(`✔ Listening on 127.0.0.1:${listener.port}: the sign-in is caught by itself (pasting also works)`);
        } catch (error) {
          linkNotes.push(`✘ ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      if (options.noBrowser) {
        linkNotes.push('– Not opening a browser (--no-browser): open the link yourself');
      } else {
        const opened = await deps.openUrl(auth.url);
        linkNotes.push(opened.ok ? `✔ Asked your browser to open the link${opened.detail ? ` (${opened.detail})` : ''}` : `✘ Could not open a browser: ${opened.detail ?? 'unknown reason'} — open the link yourself`);
      }
      const copied = await deps.copyText(auth.url);
      linkNotes.push(copied.ok ? '✔ Copied the link to the clipboard' : `✘ Could not copy the link: ${copied.detail ?? 'no clipboard here'}`);
      return {
        url: auth.url,
        state: auth.state,
        ...(auth.codeVerifier ? { codeVerifier: auth.codeVerifier } : {}),
        deadline: deps.now() + provider.codeLifetimeSeconds * 1000,
        linkNotes,
        ...(stopCatch ? { stopCatch } : {}),
      };
    },
    exchangeCode: (provider, args) => exchangeCode(provider, args, deps),
    passwordGrant: (provider, args) => passwordGrant(provider, args, deps),
    liveCheck: (provider, token, args) => runLiveCheck(provider, token, args, deps),
    findTargets: (provider, saved) => discoverTargets(provider, saved, discoveryCtx),
    listHerokuApps: () => listHerokuApps(deps),
    inspectFile: (provider, file) => inspectFile(provider, fileTypeFromName(file), resolve(options.cwd, file), discoveryCtx),
    async readPrefill(specs) {
      const prefill: PrefillValues = {};
      for (const spec of specs) {
        const target = createTarget(spec, targetCtx);
        let values;
        try {
          values = (await target.read()).values;
        } catch {
          continue; // an unreadable file is reported when it is planned, not here
        }
        for (const [field, value] of Object.entries(values) as [TokenField, string][]) {
          if (value && !prefill[field]) prefill[field] = { value, source: whereFound(spec, field) };
        }
      }
      return prefill;
    },
    planTargets: (specs, values) =>
      Promise.all(
        specs.map(async (spec) => withShadowingWarnings(await createTarget(spec, targetCtx).plan(values), spec, values, { baseDir: targetCtx.baseDir, env: deps.env })),
      ),
    applyPlan: (spec, plan) => createTarget(spec, targetCtx).apply(plan),
    rescue: (profile, values) => saveRescue(options.config.baseDir, profile, values, deps.now()),
    runAfterWrite: (command) => runShellCommand(command, deps, options.cwd),
    lockProfile: async (profile) => {
      const lock = await acquireProfileLock(options.config.baseDir, profile);
      return () => lock.release();
    },
    findRescued: (profile) => findRescues(options.config.baseDir, profile),
    removeRescued: (path) => removeRescue(path),
    revoke: (provider, token) => revokeToken(provider, token, deps),
    saveProfile: async (profile) => {
      await saveProfile(options.config.path, profile);
      return options.config.path;
    },
    saveProvider: async (id, fields) => {
      await saveProviderEntry(options.config.path, id, fields);
      return options.config.path;
    },
  };
}
