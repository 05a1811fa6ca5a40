/**
 * What the wizard's effects need beyond the folder scan: the sign-in, the file engines, the
 * delivery, reauth.yaml's writers. setup-effects.ts loads this module the first time an effect
 * needs it — reading a token file found by the scan, or after the first question — so in a
 * folder without token files none of it is loaded, compiled or run before the first question
 * is on screen (issue 9: the first question within 2× bare node; with these modules, a quarter
 * more code loaded before it). One module, so one load.
 */
export { saveProfile } from '../config/save-profile.js';
export { saveProviderEntry } from '../config/save-provider.js';
export { createAuthorizationRequest } from '../oauth/authorization-request.js';
export { isLoopbackRedirect, startLoopbackCatch } from '../oauth/loopback-catch.js';
export { runLiveCheck } from '../oauth/live-check.js';
export { exchangeCode, passwordGrant, revokeToken } from '../oauth/token-grants.js';
export { startDeviceAuthorization } from '../oauth/device-authorization.js';
export { pollDeviceToken } from '../oauth/device-poll.js';
export { discoverOnce } from '../providers/resolve-discovered.js';
export { createTarget } from '../targets/create-target.js';
export { listHerokuApps } from '../targets/heroku.js';
export { withShadowingWarnings } from '../targets/shadowing.js';
export { deliver } from '../delivery/deliver.js';
export { recordSignInLife } from '../delivery/sign-in-life.js';
export { fileTargetPaths } from './refresh-sources.js';
export { obtainTokens } from '../delivery/obtain.js';
export { acquireProfileLock } from '../delivery/profile-lock.js';
export { findRescues, keepTokens } from '../delivery/rescue-files.js';
export { recordNoRefreshToken } from '../delivery/profile-state.js';
export { readTargets, storedTokens } from '../delivery/stored-values.js';
export { runShellCommand } from '../system/run-shell-command.js';
export { readFoundSettings } from './setup-settings.js';
export { schedule } from './schedule.js';
