/**
 * The small error family of reauth. Only src/cli.ts prints errors and sets the exit
 * code; everything else throws one of these.
 */
import { safeText } from './system/terminal-text.js';

/** Exit codes: a contract with cron jobs and alerting scripts (DESIGN.md). */
export const ExitCode = {
  ok: 0,
  bug: 1,
  usage: 2,
  signInAgain: 3,
  unavailable: 4,
  writeFailed: 5,
  /** `reauth run`: the command exists but may not be run (not executable), as a shell says it. */
  cannotRun: 126,
  /** `reauth run`: no such command, as a shell says it. */
  commandNotFound: 127,
  /** SIGHUP (the terminal or SSH session closed): 128 + 1. */
  hangUp: 129,
  /** SIGINT (Ctrl+C): 128 + 2. */
  interrupted: 130,
  /** SIGTERM (`systemctl stop`, `timeout`, `kill`): 128 + 15. */
  terminated: 143,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** The signals reauth holds while a token is in flight, and the exit code each ends with. */
export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

export const SIGNAL_EXIT_CODE: Readonly<Record<StopSignal, ExitCodeValue>> = {
  SIGINT: ExitCode.interrupted,
  SIGTERM: ExitCode.terminated,
  SIGHUP: ExitCode.hangUp,
};

/** Something the user can fix: a plain sentence, and the next step that fixes it. */
/**
 * Messages often quote what came from outside (a service's error, a page title, a child's
 * output, a file name): every one passes the sanitiser here, so no message — new ones included
 * — can carry an escape sequence to the terminal, `--json` or `.reauth/state`.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  readonly nextStep?: string;
  constructor(
    message: string,
    nextStep?: string,
    readonly exitCode: ExitCodeValue = ExitCode.usage,
  ) {
    super(safeText(message));
    if (nextStep !== undefined) this.nextStep = safeText(nextStep);
  }
}

/** The person pressed Ctrl+C or chose to quit: exit 130, no noise. */
export class Cancelled extends Error {
  override readonly name = 'Cancelled';
  constructor(message = 'Cancelled.') {
    super(message);
  }
}

/** A mistake in reauth itself; the stack is shown only with --debug. */
export class BugError extends Error {
  override readonly name = 'BugError';
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
