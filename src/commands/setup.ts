/**
 * `reauth setup [PROFILE]`: builds the wizard's context from reauth.yaml and flags, starts
 * the flow, and hands it to the one renderer chosen at start-up.
 */
import { resolve } from 'node:path';
import { loadConfig } from '../config/load-config.js';
import type { ReauthConfig } from '../config/types.js';
import type { Deps } from '../deps.js';
import { ExitCode, UserError } from '../errors.js';
import { profileToData } from '../flow/profile-to-data.js';
import { startWizard, type WizardOutcome, type WizardRun } from '../flow/wizard-controller.js';
import { EMPTY_DATA, type WizardContext, type WizardData } from '../flow/wizard-data.js';
import type { WizardEffects } from '../flow/wizard-effects.js';
import { listProviders } from './providers.js';
import { PRESETS } from '../providers/catalogue.js';
import { resolveWithDiscovery } from '../providers/resolve-discovered.js';
import { withCustomService } from '../flow/steps/custom-provider-steps.js';
import { createSetupEffects } from './setup-effects.js';

export interface SetupOptions {
  readonly configPath: string;
  readonly profileName?: string;
  readonly provider?: string;
  readonly noBrowser: boolean;
  readonly cwd: string;
  readonly commandName: string;
  /** Draws the wizard and resolves when it has finished. */
  readonly render: (run: WizardRun) => Promise<void>;
  /** False for the demo, whose practice server is gone once it ends. */
  readonly offerCronLine?: boolean;
  /** node and reauth's script, absolute, for the crontab line. */
  readonly program?: readonly string[];
  /** Tests may replace the effects; production uses the real modules. */
  readonly effects?: (config: ReauthConfig) => WizardEffects;
}

export async function prepareWizard(options: SetupOptions, deps: Deps): Promise<{ ctx: WizardContext; data: WizardData; config: ReauthConfig }> {
  const config = await loadConfig(resolve(options.cwd, options.configPath));
  const choices = listProviders(config).map(({ id, name, summary }) => ({ id, name, summary }));
  if (options.provider && !choices.some((p) => p.id === options.provider)) {
    throw new UserError(`"${options.provider}" is not a service reauth knows.`, `Use one of: ${choices.map((p) => p.id).join(', ')} (see \`reauth providers\`).`, ExitCode.usage);
  }
  let data: WizardData = EMPTY_DATA;
  if (options.profileName) {
    const profile = config.profiles[options.profileName];
    if (!profile) {
      const names = Object.keys(config.profiles);
      throw new UserError(
        `There is no profile called "${options.profileName}" in ${config.path}.`,
        names.length ? `Saved profiles: ${names.join(', ')}. Or run \`reauth setup\` to create a new one.` : 'Run `reauth setup` to create one.',
        ExitCode.usage,
      );
    }
    data = profileToData(profile, data);
  } else if (options.provider) {
    data = { ...data, providerId: options.provider, given: ['profile', 'provider'] };
  }
  const ctx: WizardContext = {
    config,
    presets: PRESETS,
    providerChoices: choices,
    ...(options.provider ? { preselectedProvider: options.provider } : {}),
    ...(options.profileName ? { profileName: options.profileName } : {}),
    cwd: options.cwd,
    commandName: options.commandName,
    ...(options.offerCronLine === false ? { offerCronLine: false } : {}),
    env: deps.env,
    now: deps.now,
    // A service described in the wizard resolves like a `providers:` entry of the file.
    // A service given by its issuer resolves with the document the wizard read (discover_service).
    resolve: (d) =>
      resolveWithDiscovery(withCustomService(config, d), { provider: d.providerId ?? choices[0]!.id, region: d.region, app_type: d.appType, settings: d.settings }, d.discovered),
  };
  return { ctx, data, config };
}

export async function runSetup(options: SetupOptions, deps: Deps): Promise<WizardOutcome> {
  const { ctx, data, config } = await prepareWizard(options, deps);
  const effects = options.effects?.(config) ?? createSetupEffects(deps, { config, cwd: options.cwd, noBrowser: options.noBrowser, ...(options.program ? { program: options.program } : {}) });
  const run = startWizard(ctx, effects, data);
  // SIGTERM/SIGHUP (and SIGINT where the terminal is not in raw mode) stop the wizard the way
  // Ctrl+C does: it waits for a token in flight, says where the tokens are, and exits 143/129/130.
  const stopOnSignal = deps.signals?.onSignal((signal) => run.answer({ type: 'cancel', signal }));
  try {
    await options.render(run);
    return await run.outcome;
  } finally {
    stopOnSignal?.();
  }
}
