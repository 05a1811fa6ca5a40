/**
 * The wizard, in order (DESIGN.md "The wizard, step by step"). Each step decides for itself
 * whether it applies to this service and flow, so there is no per-provider branching here.
 * The places are chosen and checked before the sign-in; the preview and the write come after
 * the exchange and the live check. Going back to the places after the sign-in keeps its
 * tokens (engine.ts `rewindTo`).
 */
import type { Step } from './step.js';
import { appTypeStep, flowStep, profileStep, providerStep, regionStep } from './steps/service-steps.js';
import { clientIdStep, clientSecretStep, findTargetsStep, redirectUriStep, scopesStep, settingsStep } from './steps/credential-steps.js';
import {
  exchangeStep,
  passwordStep,
  pasteStep,
  refreshTokenCapStep,
  selfClientDurationStep,
  signInStep,
  usernameStep,
  verifyFailedStep,
  verifyStep,
} from './steps/sign-in-steps.js';
import { deviceCodeStep, deviceWaitStep } from './steps/device-steps.js';
import { checkTargetsStep, planStep, previewStep, targetsStep, writeFailedStep, writeStep } from './steps/target-steps.js';
import { keysStep } from './steps/key-names-step.js';
import { herokuAppStep, herokuAppsStep, targetFileAtStep, targetFileInspectStep, targetFileStep } from './steps/target-choice-steps.js';
import { findRescuedStep, useRescuedStep } from './steps/rescue-steps.js';
import { revokeOldQuestion, revokeOldRun } from './steps/revoke-steps.js';
import { afterWriteOnStep, afterWriteStep, confirmAfterWriteStep, profileNameStep, runAfterWriteStep, saveProfileStep, saveStep, scheduleRunStep, scheduleStep } from './steps/finish-steps.js';
import { CUSTOM_SERVICE_STEPS, saveCustomServiceStep } from './steps/custom-provider-steps.js';

export const WIZARD_STEPS: readonly Step[] = [
  profileStep,
  providerStep,
  // Only after "Another OAuth 2.0 service…"; before any step that needs the provider resolved.
  ...CUSTOM_SERVICE_STEPS,
  regionStep,
  flowStep,
  appTypeStep,
  findTargetsStep,
  clientIdStep,
  clientSecretStep,
  findRescuedStep,
  useRescuedStep,
  // Where the tokens go, chosen before any password, browser or code (issue 11), and checked
  // (check_targets) once the sign-in's own questions are answered. Before the scopes, so that
  // Esc from the paste box goes back to the redirect URI, as its messages say.
  targetsStep,
  herokuAppsStep,
  herokuAppStep,
  targetFileStep,
  targetFileInspectStep,
  targetFileAtStep,
  keysStep,
  scopesStep,
  redirectUriStep,
  settingsStep,
  refreshTokenCapStep,
  // A broken file, a missing or logged-out Heroku CLI, an app that is not there: found while nothing is spent.
  checkTargetsStep,
  usernameStep,
  passwordStep,
  selfClientDurationStep,
  signInStep,
  pasteStep,
  deviceCodeStep,
  deviceWaitStep,
  exchangeStep,
  verifyStep,
  verifyFailedStep,
  // What the service actually returned (no refresh token, say) is shown here, masked.
  planStep,
  previewStep,
  writeStep,
  writeFailedStep,
  revokeOldQuestion,
  revokeOldRun,
  afterWriteStep,
  afterWriteOnStep,
  confirmAfterWriteStep,
  runAfterWriteStep,
  saveStep,
  profileNameStep,
  saveCustomServiceStep,
  saveProfileStep,
  scheduleStep,
  scheduleRunStep,
];
