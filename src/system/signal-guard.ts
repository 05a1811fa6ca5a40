/**
 * SIGINT, SIGTERM and SIGHUP while a token is in flight (issue 8): with a rotating service
 * the old refresh token dies the moment the service answers, so dying between "request sent"
 * and "answer on disk" loses the only live pair. While something is held, a signal is
 * remembered and announced, not obeyed; the holder finishes (its request is bounded by the
 * HTTP timeout), puts the tokens on disk, and the command then exits with 128 + the signal.
 * A signal while nothing is held ends the run at once, with the same exit code.
 *
 * Created once, in cli.ts (the edge that owns the process); the core only sees the interface.
 */
import { SIGNAL_EXIT_CODE, type StopSignal } from '../errors.js';

export interface SignalGuard {
  /** Runs `work` with stop signals held; they are obeyed only once it has settled. */
  hold<T>(work: () => Promise<T>): Promise<T>;
  /** The first stop signal received during this run, if any. */
  received(): StopSignal | undefined;
  /**
   * Hands every signal to `listener` instead (the wizard: it decides how to stop, and holds
   * while a token is in flight). Returns the function that removes it.
   */
  onSignal(listener: (signal: StopSignal, count: number) => void): () => void;
}

/** For in-process use (tests, the library): nothing is installed, nothing is ever received. */
export const NO_SIGNALS: SignalGuard = {
  hold: (work) => work(),
  received: () => undefined,
  onSignal: () => () => undefined,
};

export interface SignalGuardOptions {
  /** Ends the process (cli.ts: flush, then process.exit). */
  readonly exit: (code: number) => void;
  /** One line for the person or the cron log (stderr). */
  readonly say: (line: string) => void;
  readonly process?: Pick<NodeJS.Process, 'on' | 'off'>;
}

const SIGNALS: readonly StopSignal[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export function installSignalGuard(options: SignalGuardOptions): SignalGuard & { uninstall(): void } {
  const proc = options.process ?? process;
  let holding = 0;
  let count = 0;
  let first: StopSignal | undefined;
  const listeners = new Set<(signal: StopSignal, count: number) => void>();

  const onSignal = (signal: StopSignal) => {
    count += 1;
    first ??= signal;
    if (listeners.size > 0) {
      for (const listener of [...listeners]) listener(signal, count);
      return;
    }
    if (holding === 0) {
      options.say(`Stopped by ${signal}; no token was in flight.`);
      options.exit(SIGNAL_EXIT_CODE[signal]);
      return;
    }
    options.say(
      count === 1
        ? `⏸ ${signal} received while new tokens are on their way: reauth finishes safely (puts them on disk), then stops.`
        : '⏸ Still finishing safely: the new tokens are being put on disk; reauth stops right after.',
    );
  };
  const handlers = new Map(SIGNALS.map((signal) => [signal, () => onSignal(signal)] as const));
  for (const [signal, handler] of handlers) proc.on(signal, handler);

  return {
    async hold(work) {
      holding += 1;
      try {
        return await work();
      } finally {
        holding -= 1;
      }
    },
    received: () => first,
    onSignal(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    uninstall() {
      for (const [signal, handler] of handlers) proc.off(signal, handler);
    },
  };
}
