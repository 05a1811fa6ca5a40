/**
 * Everything the wizard has learned so far. Steps read it to decide what to ask and write it
 * when answered; nothing here is drawn directly (renderers get Prompts).
 */
import type { DeviceGrant } from '../oauth/device-authorization.js';
import type { DiscoveryDocument } from '../oauth/discovery-document.js';
import type { AfterWriteOn, ReauthConfig, ProfileConfig, ProviderOverride } from '../config/types.js';
import type { FlowKind, LiveCheckResult, ProviderPreset, ResolvedProvider } from '../providers/types.js';
import type { TargetPlan, TargetSpec } from '../targets/types.js';
import type { DiscoveredTarget } from '../targets/discover-targets.js';
import type { FieldValues, TokenSet } from '../tokens/token-set.js';
import type { TargetWrite } from '../delivery/deliver.js';
import type { RescuedTokens, SafetyCopy } from '../delivery/rescue-files.js';

/** Values already in the candidates (client id/secret, old refresh token), with where each was found. */
export type PrefillValues = Partial<Record<keyof FieldValues, { value: string; source: string }>>;

/** One browser sign-in attempt: its link, state and the moment the code stops working. */
export interface SignInAttempt {
  readonly url?: string;
  readonly state: string;
  readonly codeVerifier?: string;
  readonly deadline: number;
  readonly linkNotes: readonly string[];
  /** Stops the loopback listener, when one was started. */
  readonly stopCatch?: () => Promise<void>;
  /** The listener can be reached by the browser that signs in (not over SSH without a tunnel). */
  readonly catchesByItself?: boolean;
}

/** A file or app the wizard found or was told about (targets/discover-targets.ts). */
export type TargetCandidate = DiscoveredTarget;

/** `reauth schedule`'s outcome for one profile, as the done screen shows it. */
export interface ScheduleReport {
  readonly said: readonly string[];
  readonly refusals: readonly string[];
  readonly printed: readonly string[];
  readonly installed?: string;
}

export interface WizardData {
  /** Step ids whose answer came from the saved profile or a flag: those are not asked. */
  readonly given: readonly string[];
  readonly profileName?: string;
  /** True when reconnecting a saved profile (its settings are reused). */
  readonly reconnect: boolean;
  readonly savedProfile?: ProfileConfig;
  readonly providerId?: string;
  /**
   * "Another OAuth 2.0 service…": what the person said about it, under the id made from its
   * name. Once every question is answered `providerId` is that id; it is saved under
   * `providers:` in reauth.yaml with the profile.
   */
  readonly custom?: { readonly id?: string; readonly fields: ProviderOverride };
  /** The issuer's discovery document (RFC 8414 / OpenID), once read: kept in memory, never saved. */
  readonly discovered?: DiscoveryDocument;
  readonly region?: string;
  /** The data centre answered before going back to the service question: the next one's guess. */
  readonly regionBefore?: string;
  /** The accounts server the service named in a sign-in (Zoho `accounts-server`), kept when that sign-in is undone. */
  readonly accountsServerSeen?: string;
  readonly flow?: FlowKind;
  readonly appType?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** `${VAR}` reference the secret came from, kept so the saved profile can point at it again. */
  readonly clientSecretRef?: string;
  /** The service refused the client ID or secret: asked again, their help says so. */
  readonly credentialsRefused?: boolean;
  readonly scopes?: readonly string[];
  readonly redirectUri?: string;
  readonly settings: Readonly<Record<string, string>>;
  /** TTLock: held only until the password grant; never saved. */
  readonly username?: string;
  readonly password?: string;
  /** Zoho Self Client: the code duration the person picked, in minutes. */
  readonly selfClientMinutes?: number;
  readonly attempt?: SignInAttempt;
  /** Device sign-in (RFC 8628): the codes the service handed out, while waiting for approval. */
  readonly device?: DeviceGrant;
  /** States of earlier attempts, to recognise a pasted address from an old tab. */
  readonly earlierStates: readonly string[];
  readonly code?: string;
  readonly callbackServer?: string;
  readonly tokens?: TokenSet;
  /**
   * Where `tokens` are kept until every target holds them: reserved before the code was spent
   * and filled the moment the answer came (or the rescue file they were taken from).
   */
  readonly safetyCopy?: SafetyCopy;
  /** True once every target holds `tokens` (the safety copy is gone then). */
  readonly delivered?: boolean;
  /**
   * Tokens kept by an earlier run of this profile — or, for a new connection, of this service
   * and client id — that could not write them (newest first).
   */
  readonly rescued?: readonly RescuedTokens[];
  /** The rescue file whose tokens this run writes instead of signing in again. */
  readonly usingRescue?: string;
  readonly check?: LiveCheckResult;
  readonly candidates?: readonly TargetCandidate[];
  /** Values found in the candidates and the environment, with where each was found. */
  readonly prefill?: PrefillValues;
  /** Live-check settings (SalesIQ's screen name) found in the candidates or a saved profile of the same service. */
  readonly settingsFound?: Readonly<Record<string, { readonly value: string; readonly source: string }>>;
  /** How many of `targets` have had their key names confirmed. */
  readonly keysConfirmed: number;
  /** While renaming keys: which target and which of its fields is being asked. */
  readonly keyEdit?: { readonly target: number; readonly field: number };
  readonly targets?: readonly TargetSpec[];
  /** Which candidate each of `targets` was chosen from (same order), to finish or undo "Heroku app…" and "Another file…". */
  readonly targetChoices?: readonly number[];
  /** The labels of the places ticked when the question was last answered: ticked again when it is asked again. */
  readonly targetChoicesBefore?: readonly string[];
  /** The Heroku apps the logged-in person can access, once listed. */
  readonly herokuApps?: readonly string[];
  /** "Another file…": `ask-where` when a YAML/JSON file has none of this service's keys yet (which mapping?), then `ready`. */
  readonly otherFileState?: 'ask-where' | 'ready';
  readonly plans?: readonly TargetPlan[];
  readonly results?: readonly TargetWrite[];
  readonly afterWrite?: string;
  /** The chosen or saved places passed refresh's checks (done before the sign-in). */
  readonly targetsChecked?: boolean;
  /** When the command runs (saved as after_write_on); absent until asked, or from a saved profile. */
  readonly afterWriteOn?: AfterWriteOn;
  readonly afterWriteResult?: { readonly ok: boolean; readonly summary: string };
  /** The closing question: add the unattended refresh to the crontab now, show its lines, or later. */
  readonly scheduleChoice?: 'install' | 'print' | 'later';
  /** What `reauth schedule` said for this profile (installed, or why not, and the lines to add by hand). */
  readonly scheduled?: ScheduleReport;
  /** Zoho: whether to revoke the refresh token the new one replaces, and how that went. */
  readonly revokeOld?: boolean;
  readonly revokeResult?: { readonly ok: boolean; readonly summary: string };
  /** Answer to "save these settings as a profile?". */
  readonly wantsProfile?: boolean;
  readonly saved?: { readonly path: string; readonly name: string };
}

/** Fixed inputs of one wizard run. */
export interface WizardContext {
  readonly config: ReauthConfig;
  readonly presets: readonly ProviderPreset[];
  /** Every service the person can pick: presets, then custom ones from `providers:`. */
  readonly providerChoices: readonly { readonly id: string; readonly name: string; readonly summary: string }[];
  /** `--provider ID`. */
  readonly preselectedProvider?: string;
  /** `reauth setup PROFILE`. */
  readonly profileName?: string;
  /** Folder the wizard was started in (where new files go and files are looked for). */
  readonly cwd: string;
  /** How to run reauth again, already shell-quoted, for the cron line (absolute paths: cron has a bare PATH). */
  readonly commandName: string;
  readonly resolve: (data: WizardData) => ResolvedProvider;
  /** False for `reauth demo`: its practice server stops with it, so no cron line is offered. */
  readonly offerCronLine?: boolean;
  /** The environment, for `${VAR}` references in reauth.yaml. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Milliseconds since the epoch (`deps.now`): the flow reads no clock of its own. */
  readonly now: () => number;
}

export const EMPTY_DATA: WizardData = {
  given: [],
  keysConfirmed: 0,
  reconnect: false,
  settings: {},
  earlierStates: [],
};
