/**
 * `reauth run`'s command: started without a shell (its argv exactly as typed after `--`), on
 * reauth's own terminal and pipes, and followed until it ends. Stop signals reauth receives
 * meanwhile are handed to it instead of ending reauth (through the signal guard's listener,
 * so the guard does not exit first); reauth ends only when the command has.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import type { StopSignal } from '../errors.js';
import type { SignalGuard } from './signal-guard.js';

export type ChildEnd =
  | { readonly kind: 'exited'; readonly code: number }
  | { readonly kind: 'signalled'; readonly signal: NodeJS.Signals; readonly exitCode: number }
  /** ENOENT (no such program), EACCES (not executable)… */
  | { readonly kind: 'not-started'; readonly error: NodeJS.ErrnoException };

export interface RunChildOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly signals: SignalGuard;
  /** Which signals to pass on (default: all); see run.ts for why Ctrl+C on a terminal is not. */
  readonly forward?: (signal: StopSignal) => boolean;
}

export function runChild(command: string, args: readonly string[], options: RunChildOptions): Promise<ChildEnd> {
  return new Promise((resolve) => {
    let child: ChildProcess | undefined;
    const forward = options.forward ?? (() => true);
    // Listening before spawning, in the same tick: no signal can fall between the two.
    const stopListening = options.signals.onSignal((signal) => {
      if (forward(signal) && child?.pid !== undefined && child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
    const settle = (end: ChildEnd) => {
      stopListening();
      resolve(end);
    };
    child = spawn(command, [...args], { cwd: options.cwd, env: options.env, stdio: 'inherit', shell: false });
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (child?.pid === undefined) settle({ kind: 'not-started', error });
    });
    child.once('exit', (code, signal) => {
      if (signal) settle({ kind: 'signalled', signal, exitCode: 128 + (constants.signals[signal] ?? 0) });
      else settle({ kind: 'exited', code: code ?? 1 });
    });
  });
}
