/**
 * Every place tokens live implements this one small interface (DESIGN.md "Shape of the code").
 * read → plan → apply: the plan is shown to the person (masked) before anything is written,
 * and apply refuses if the file changed on disk since plan read it.
 */
import type { FieldValues, TokenField } from '../tokens/token-set.js';
import type { KeyLocation } from './new-key-placement.js';

export type TargetType = 'dotenv' | 'envpy' | 'yaml' | 'json' | 'heroku';

/** Token field → the key name in this target (e.g. `refresh_token: NETATMO_REFRESH_TOKEN`). */
export type KeyMap = Partial<Record<TokenField, string>>;

export interface TargetSpec {
  readonly type: TargetType;
  /** dotenv/envpy/yaml/json: path, relative to reauth.yaml's folder (or absolute). */
  readonly file?: string;
  /** yaml/json: dotted path of the mapping that holds the keys; absent = top level. */
  readonly at?: string;
  /** heroku: the app name. */
  readonly app?: string;
  /**
   * heroku: how config vars are set. `api` (the default): one Platform API PATCH with the CLI's
   * token, values never in a process's arguments; `cli`: `heroku config:set K=V …`, whose
   * arguments other local users can read while it runs.
   */
  readonly method?: HerokuMethod;
  readonly keys: KeyMap;
}

export const HEROKU_METHODS = ['api', 'cli'] as const;
export type HerokuMethod = (typeof HEROKU_METHODS)[number];

export interface TargetReadResult {
  /** Current values by token field (only fields named in `keys` and present). */
  readonly values: FieldValues;
  /** False when the file does not exist yet (it will be created, 0600). */
  readonly exists: boolean;
  /** Plain-language notes, e.g. "NETATMO_REFRESH_TOKEN is assigned twice in .env". */
  readonly warnings: readonly string[];
}

export interface PlannedChange {
  readonly field: TokenField;
  readonly key: string;
  /** Unmasked here; renderers mask secrets with maskSecret(). */
  readonly before?: string;
  readonly after: string;
  /** A key new to a line-based file: the line it will be on and the key just above it. */
  readonly placement?: KeyLocation;
}

export interface TargetPlan {
  /** Short human name: `.env`, `config.yaml at weather.integrations.netatmo`, `Heroku app guesthouse`. */
  readonly label: string;
  readonly changes: readonly PlannedChange[];
  readonly warnings: readonly string[];
  /**
   * Facts for the preview that need no action (one release; how the values travel): shown
   * there as plain notes, and not repeated by every unattended refresh as warnings are.
   */
  readonly notes?: readonly string[];
  /** Opaque to callers: what apply needs (new text + fingerprint of what was read, or the CLI call). */
  readonly internal: unknown;
}

export interface Target {
  readonly spec: TargetSpec;
  /** Short human name, as in TargetPlan.label. */
  readonly label: string;
  /**
   * Current values. Throws UserError (file untouched) when the file cannot be parsed or read,
   * naming the file and line.
   */
  read(): Promise<TargetReadResult>;
  /** What writing `values` would change. Fields without a key in `keys` are ignored. */
  plan(values: FieldValues): Promise<TargetPlan>;
  /**
   * Writes the plan: atomically (temp file in the same folder, fsync, rename), keeping the
   * original's permissions (new files 0600) and leaving a `.bak` (0600) of the previous version.
   * Throws UserError, file untouched, if the file changed on disk since plan() read it.
   */
  apply(plan: TargetPlan): Promise<TargetApplyResult>;
  /** Cheap checks before a token is spent (issue 5 preflight): parseable, writable, logged in. */
  preflight(): Promise<void>;
}

export interface TargetApplyResult {
  readonly label: string;
  /** e.g. "3 keys written, backup at .env.bak" or "released v42". */
  readonly summary: string;
}

export interface TargetContext {
  /** Folder that relative `file` paths are relative to (reauth.yaml's folder). */
  readonly baseDir: string;
  readonly deps: import('../deps.js').Deps;
}
