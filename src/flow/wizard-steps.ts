/**
 * The wizard, in order (DESIGN.md "The wizard, step by step"). Each step decides for itself
 * whether it applies to this service and flow, so there is no per-provider branching here.
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
import { keysStep, planStep, previewStep, targetsStep, writeFailedStep, writeStep } from './steps/target-steps.js';
import { afterWriteStep, confirmAfterWriteStep, profileNameStep, runAfterWriteStep, saveProfileStep, saveStep } from './steps/finish-steps.js';

export const WIZARD_STEPS: readonly Step[] = [
  profileStep,
  providerStep,
  regionStep,
  flowStep,
  appTypeStep,
  findTargetsStep,
  clientIdStep,
  clientSecretStep,
  scopesStep,
  redirectUriStep,
  settingsStep,
  refreshTokenCapStep,
  usernameStep,
  passwordStep,
  selfClientDurationStep,
  signInStep,
  pasteStep,
  exchangeStep,
  verifyStep,
  verifyFailedStep,
  targetsStep,
  keysStep,
  planStep,
  previewStep,
  writeStep,
  writeFailedStep,
  afterWriteStep,
  confirmAfterWriteStep,
  runAfterWriteStep,
  saveStep,
  profileNameStep,
  saveProfileStep,
];
