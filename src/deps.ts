/**
 * Side effects reach the core through this object, so tests can hand in loopback servers,
 * temp folders and a fixed clock instead of mocking reauth's own functions.
 */
import type { SignalGuard } from './system/signal-guard.js';

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the program could not be started at all (ENOENT: not installed). */
  readonly spawnError?: NodeJS.ErrnoException;
  /** True when the program was stopped because it ran past `timeoutMs` (code is then null). */
  readonly timedOut?: boolean;
}

export interface RunCommandOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
  /** Run through the shell (Windows `.cmd` files need it on current Node). */
  readonly shell?: boolean;
  readonly input?: string;
  /**
   * POSIX: run in a process group of its own and stop the whole group at the timeout, so a
   * shell command's children (`sh -c 'a | b'`) cannot keep reauth waiting past it.
   */
  readonly killGroupOnTimeout?: boolean;
}

/** Whether a best-effort side effect worked; `detail` is a short plain reason when it did not. */
export interface Outcome {
  readonly ok: boolean;
  readonly detail?: string;
  /**
   * Not a success reauth can see nor a failure: the clipboard is out of reach by design (a
   * server without a display, turned off) or the copy went somewhere reauth cannot check (OSC 52
   * through the person's terminal). Said with "–", not ✔ or ✘.
   */
  readonly unconfirmed?: boolean;
}

export interface Deps {
  /**
   * Holds SIGINT/SIGTERM/SIGHUP while a token is in flight (system/signal-guard.ts). cli.ts
   * installs the real one; absent in-process (tests), where no signal is ever received.
   */
  readonly signals?: SignalGuard;
  /** HTTP client; production wires undici's proxy-aware dispatcher in here. */
  readonly fetch: typeof globalThis.fetch;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  readonly randomBytes: (size: number) => Uint8Array;
  readonly env: NodeJS.ProcessEnv;
  readonly platform: NodeJS.Platform;
  /** Tries to open a URL in a browser; says honestly whether that plausibly worked and why not. */
  readonly openUrl: (url: string) => Promise<Outcome>;
  /** Copies text to the clipboard. */
  readonly copyText: (text: string) => Promise<Outcome>;
  readonly runCommand: (command: string, args: readonly string[], options?: RunCommandOptions) => Promise<CommandResult>;
}
