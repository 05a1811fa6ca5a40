/**
 * The I/O the wizard's action steps need, as one interface. Production wires it to the
 * oauth/targets/config modules (create-wizard-effects.ts); flow tests may hand in their own.
 */
import type { ProfileConfig, ProviderOverride } from '../config/types.js';
import type { LiveCheckResult, ResolvedProvider } from '../providers/types.js';
import type { TargetApplyResult, TargetPlan, TargetSpec } from '../targets/types.js';
import type { FieldValues, TokenSet } from '../tokens/token-set.js';
import type { PasteResult } from '../oauth/parse-pasted-callback.js';
export type { PasteResult };
import type { Outcome } from '../deps.js';
import type { RescuedTokens } from '../tokens/rescue.js';
import type { SignInAttempt, TargetCandidate } from './wizard-data.js';

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
  ): Promise<TokenSet>;
  passwordGrant(
    provider: ResolvedProvider,
    args: { clientId: string; clientSecret: string; username: string; password: string },
  ): Promise<TokenSet>;
  liveCheck(provider: ResolvedProvider, accessToken: string, args: { clientId?: string; settings?: Record<string, string> }): Promise<LiveCheckResult>;
  /** Files in the folder (and saved targets) worth offering, with the values they hold. */
  findTargets(provider: ResolvedProvider, saved: readonly TargetSpec[]): Promise<readonly TargetCandidate[]>;
  /** Values already in the candidates (client id/secret, old refresh token), with where found. */
  readPrefill(specs: readonly TargetSpec[]): Promise<PrefillValues>;
  /** The person's Heroku apps (`heroku apps --all --json`), for choosing one. */
  listHerokuApps(): Promise<readonly string[]>;
  /** A file the person named: the keys it already holds for this service, else the defaults. */
  inspectFile(provider: ResolvedProvider, file: string): Promise<{ readonly spec: TargetSpec; readonly found: boolean; readonly exists: boolean }>;
  /** Plans for each target, with warnings about anything that would hide the new values (shadowing.ts). */
  planTargets(specs: readonly TargetSpec[], values: FieldValues): Promise<readonly TargetPlan[]>;
  applyPlan(spec: TargetSpec, plan: TargetPlan): Promise<TargetApplyResult>;
  /** Keeps tokens that could not be written; returns the rescue file's path. */
  rescue(profileName: string, values: FieldValues): Promise<string>;
  runAfterWrite(command: string): Promise<Outcome & { readonly summary: string }>;
  saveProfile(profile: ProfileConfig): Promise<string>;
  /** Writes a service described in the wizard under `providers:` in reauth.yaml; returns the file's path. */
  saveProvider?(id: string, fields: ProviderOverride): Promise<string>;
  /**
   * Takes the profile's lock (the one `reauth refresh` takes), so a cron refresh and a person
   * reconnecting never write the same profile at once. Resolves to the release function.
   */
  lockProfile(profileName: string): Promise<() => Promise<void>>;
  /** Token sets kept from earlier runs that could not write them, newest first. */
  findRescued(profileName: string): Promise<readonly RescuedTokens[]>;
  removeRescued(path: string): Promise<void>;
  /** Zoho: revoke the refresh token a new one replaces (20-token cap). */
  revoke(provider: ResolvedProvider, token: string): Promise<void>;
}

export type PrefillValues = Partial<Record<keyof FieldValues, { value: string; source: string }>>;
