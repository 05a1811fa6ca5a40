/**
 * Spending a refresh token or a code, safely (issue 8, "room before spending"): a safety copy
 * is reserved on disk BEFORE the request goes out, and the answer is written into it the
 * moment it arrives. A full disk or a broken `.reauth/` is found while nothing is spent yet
 * (exit 2); a disk that fills during the request still has the reserved room.
 */
import { ExitCode, UserError } from '../errors.js';
import { describeFsError } from '../system/fs-failure.js';
import type { FieldValues, TokenSet } from '../tokens/token-set.js';
import { reserveRescue, type RescueOwner, type SafetyCopy } from './rescue-files.js';
import type { AnswerKeeper } from '../oauth/token-grants.js';
import { OAuthError } from '../oauth/token-errors.js';

export interface ObtainRequest {
  readonly baseDir: string;
  readonly owner: RescueOwner;
  readonly now: () => number;
  /** What reauth will spend, for the message when there is no room ("the refresh token", "the code"). */
  readonly spending: string;
  /**
   * The token request itself. It calls `onAnswer` with whatever tokens the answer holds as soon
   * as it arrives, before judging it (src/oauth/token-grants.ts): they go into the safety copy
   * then, so an answer the request then refuses (a "mac" token, a token beside an error) is
   * still kept — the code or the rotating refresh token it answered is spent either way.
   */
  readonly request: (onAnswer: AnswerKeeper) => Promise<TokenSet>;
  /** What the safety copy keeps of the answer (tokens plus the app's credentials). */
  readonly keep: (tokens: TokenSet) => FieldValues;
}

export interface Obtained {
  readonly tokens: TokenSet;
  readonly values: FieldValues;
  /** The reserved file; `holds` is false when even it could not take the answer (memory only). */
  readonly safetyCopy: SafetyCopy;
  /** Why the safety copy could not be filled. */
  readonly keepFailed?: string;
}

export async function obtainTokens(request: ObtainRequest): Promise<Obtained> {
  let reservation;
  try {
    reservation = await reserveRescue(request.baseDir, request.owner, request.now());
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(
      `reauth could not set aside room for a safety copy of the new tokens (${describeFsError(error)}), so it did not spend ${request.spending}.`,
      'Free some disk space (or fix the permissions of the .reauth folder beside reauth.yaml), then run reauth again.',
      ExitCode.usage,
    );
  }
  let held = false;
  const onAnswer: AnswerKeeper = async (answer) => {
    const values = request.keep(answer);
    // An answer with only a refresh token must not blank the access token a target holds.
    if (!values.access_token) delete values.access_token;
    try {
      await reservation.hold(values, answer.obtained_at);
      held = true;
    } catch {
      // The full answer is tried again once it is read; nothing more to do here.
    }
  };
  let tokens: TokenSet;
  try {
    tokens = await request.request(onAnswer);
  } catch (error) {
    if (!held) {
      await reservation.discard().catch(() => undefined);
      throw error;
    }
    await reservation.close();
    throw withKeptNote(error, reservation.path);
  }
  const values = request.keep(tokens);
  try {
    await reservation.fill(values, tokens.obtained_at);
    return { tokens, values, safetyCopy: { path: reservation.path, holds: true } };
  } catch (error) {
    return { tokens, values, safetyCopy: { path: reservation.path, holds: false }, keepFailed: describeFsError(error) };
  }
}

const keptCopies = new WeakMap<object, string>();

/** The safety copy that holds the tokens of the answer `error` refused, if there is one. */
export function keptCopyOf(error: unknown): string | undefined {
  return error && typeof error === 'object' ? keptCopies.get(error) : undefined;
}

/** The refusal of an answer that held tokens, saying where they are kept. */
function withKeptNote(error: unknown, path: string): unknown {
  if (!(error instanceof UserError)) return error;
  const note = `The tokens it sent are kept in ${path} (readable only by you).`;
  const said =
    error instanceof OAuthError
      ? new OAuthError({ ...error.explanation, message: `${error.explanation.message} ${note}` }, error.code)
      : new UserError(`${error.message} ${note}`, error.nextStep, error.exitCode);
  keptCopies.set(said, path);
  return said;
}
