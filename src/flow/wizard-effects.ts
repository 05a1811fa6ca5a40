/**
 * The I/O the wizard's action steps need, as one interface. Production wires it to the
 * oauth/targets/config modules (create-wizard-effects.ts); flow tests may hand in their own.
 */
import type { ProfileConfig, ProviderOverride } from '../config/types.js';
import type { Delivery } from '../delivery/deliver.js';
import type { RescuedTokens, RescueOwner, RescueQuery, SafetyCopy } from '../delivery/rescue-files.js';
import type { LiveCheckResult, ResolvedProvider } from '../providers/types.js';
import type { TargetPlan, TargetSpec } from '../targets/types.js';
import type { FieldValues, TokenSet } from '../tokens/token-set.js';
import type { PasteResult } from '../oauth/parse-pasted-callback.js';
import type { DeviceGrant } from '../oauth/device-authorization.js';
import type { DiscoveryDocument } from '../oauth/discovery-document.js';
import type { PollStatus } from '../oauth/device-poll.js';
import type { RevokeOutcome } from '../oauth/token-grants.js';
export type { PasteResult };
import type { Outcome } from '../deps.js';
import type { PrefillValues, ScheduleReport, SignInAttempt, TargetCandidate } from './wizard-data.js';
export type { PrefillValues };

/** Whose tokens a request obtains, and which app credentials are kept with them. */
export interface KeepRequest {
  readonly owner: RescueOwner;
  readonly client: { readonly client_id?: string; readonly client_secret?: string };
}

/** Tokens from the service, already in their safety copy (reserved before the code was spent). */
export interface ObtainedTokens {
  readonly tokens: TokenSet;
  readonly safetyCopy: SafetyCopy;
}

/** What the write step hands to the one delivery path (src/delivery/deliver.ts). */
export interface WizardDelivery {
  readonly specs: readonly TargetSpec[];
  /** The plans the person saw in the preview. */
  readonly plans: readonly TargetPlan[];
  readonly values: FieldValues;
  readonly obtainedAt: string;
  readonly owner: RescueOwner;
  readonly safetyCopy?: SafetyCopy;
}

export interface SignInRequest {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly earlierStates: readonly string[];
  /** Called when the loopback listener catches the browser's redirect by itself. */
  readonly onCaught: (result: PasteResult) => void;
}

export interface WizardEffects {
  now(): number;
  /** Builds the link, opens and copies it, and listens on a loopback redirect URI. */
  startSignIn(provider: ResolvedProvider, request: SignInRequest): Promise<SignInAttempt>;
  exchangeCode(
    provider: ResolvedProvider,
    args: {
      clientId: string;
      clientSecret: string;
      code: string;
      redirectUri?: string;
      codeVerifier?: string;
      scopes?: readonly string[];
      callbackServer?: string;
    },
    keep: KeepRequest,
  ): Promise<ObtainedTokens>;
  passwordGrant(
    provider: ResolvedProvider,
    args: { clientId: string; clientSecret: string; username: string; password: string },
    keep: KeepRequest,
  ): Promise<ObtainedTokens>;
  /** Device sign-in (RFC 8628): asks for a device code and the code the person types elsewhere. */
  startDeviceSignIn?(provider: ResolvedProvider, args: { clientId: string; clientSecret: string; scopes: readonly string[] }): Promise<DeviceGrant>;
  /** Waits for the approval; the tokens land in a safety copy reserved before the first poll. */
  finishDeviceSignIn?(
    provider: ResolvedProvider,
    args: { clientId: string; clientSecret: string; grant: DeviceGrant; signal?: AbortSignal; onStatus?: (status: PollStatus) => void },
    keep: KeepRequest): Promise<ObtainedTokens>;
  liveCheck(provider: ResolvedProvider, accessToken: string, args: { clientId?: string; settings?: Record<string, string> }): Promise<LiveCheckResult>;
  /** Files in the folder (and saved targets) worth offering, with the values they hold. */
  findTargets(provider: ResolvedProvider, saved: readonly TargetSpec[]): Promise<readonly TargetCandidate[]>;
  /** Values already in the candidates (client id/secret, old refresh token), with where found. */
  readPrefill(specs: readonly TargetSpec[]): Promise<PrefillValues>;
  /** Live-check settings (SalesIQ's screen name) the candidates already hold: the first key found for each setting wins. */
  readSettings?(lookups: readonly SettingLookup[]): Promise<Readonly<Record<string, { value: string; source: string }>>>;
  /** The person's Heroku apps (`heroku apps --all --json`), for choosing one. */
  listHerokuApps(): Promise<readonly string[]>;
  /** A file the person named: the keys it already holds for this service, else the defaults. */
  inspectFile(provider: ResolvedProvider, file: string): Promise<{ readonly spec: TargetSpec; readonly found: boolean; readonly exists: boolean }>;
  /**
   * The checks `refresh` makes before spending anything (files parse and can be written, the
   * Heroku CLI is there, logged in, the app exists): throws the first problem as a UserError.
   */
  checkTargets(specs: readonly TargetSpec[]): Promise<void>;
  /** Plans for each target, with warnings about anything that would hide the new values (shadowing.ts). */
  planTargets(specs: readonly TargetSpec[], values: FieldValues): Promise<readonly TargetPlan[]>;
  /**
   * Writes every target and settles the safety copy — the same path `reauth refresh` takes —
   * under the locks `refresh` takes (the profile's, when reconnecting, and each file's).
   */
  deliver(request: WizardDelivery): Promise<Delivery>;
  /** Keeps tokens that have no safety copy yet; returns the rescue file's path. */
  keep(owner: RescueOwner, values: FieldValues, obtainedAt: string): Promise<string>;
  runAfterWrite(command: string): Promise<Outcome & { readonly summary: string }>;
  /**
   * `signedIn.noRefreshToken`: the sign-in brought none; recorded with the profile's state so
   * `status` and `refresh` can say why there is none instead of sending the person round to setup.
   */
  /** `reauth schedule PROFILE` (install) or `--print` for the profile just saved: one copy of that logic. */
  schedule(profile: string, install: boolean): Promise<ScheduleReport>;
  saveProfile(profile: ProfileConfig, signedIn?: { readonly noRefreshToken: true; readonly obtainedAt: string; readonly accessToken: string }): Promise<string>;
  /** Reads an issuer's discovery document (RFC 8414 / OpenID), at most once per run. */
  discover?(issuer: string): Promise<DiscoveryDocument>;
  /** Writes a service described in the wizard under `providers:` in reauth.yaml; returns the file's path. */
  saveProvider?(id: string, fields: ProviderOverride): Promise<string>;
  /** Token sets kept from earlier runs that could not write them, newest first. */
  findRescued(query: RescueQuery): Promise<readonly RescuedTokens[]>;
  /** Zoho: revoke the refresh token a new one replaces (20-token cap); a token already dead is not a failure. */
  revoke(provider: ResolvedProvider, token: string): Promise<RevokeOutcome>;
}

/** Where a live-check setting might be written in one file: `SALESIQ_SCREEN_NAME` in `.env`, `screen_name` in YAML. */
export interface SettingLookup {
  readonly spec: TargetSpec;
  readonly setting: string;
  readonly key: string;
}
