/**
 * Time from spawning `node dist/reauth.js` in a real pseudo-terminal to the moment the first
 * question's text reaches the terminal: what a person waits for after pressing Enter.
 * Output is watched as it arrives (escape sequences stripped) rather than through a terminal
 * emulator, so the figure is not inflated by parsing; the run is then cancelled with Ctrl+C,
 * as a person would, so the process exits through its own handler.
 */
import pty from '@lydell/node-pty';
import { BENCH_NODE } from './bench-node.js';

export interface PtyRunOptions {
  readonly script: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly nodeArgs?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Text whose arrival counts as the first frame. */
  readonly waitFor: RegExp;
  readonly timeoutMs?: number;
}

export interface PtyRunResult {
  /** Milliseconds from spawn to the awaited text. */
  readonly firstFrameMs: number;
  readonly exitCode: number;
}

// CSI and OSC sequences, and the bare ESC-x pairs Ink and inquirer use for cursor control.
const ESCAPES = /\u001B\[[0-9;?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(\u0007|\u001B\\)|\u001B[@-Z\\-_]/g;

const CANCEL_INTERVAL_MS = 150;

export function runToFirstFrame(options: PtyRunOptions): Promise<PtyRunResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value;
  // CI set makes Ink render only its last frame and reauth choose the plain renderer.
  Object.assign(env, { CI: 'false', TERM: 'xterm-256color' }, options.env);

  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = pty.spawn(BENCH_NODE, [...(options.nodeArgs ?? []), options.script, ...options.args], {
      name: 'xterm-256color',
      cols: 100,
      rows: 30,
      cwd: options.cwd,
      env,
    });
    let seen = '';
    let firstFrameMs: number | undefined;
    let cancel: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`no ${options.waitFor} within ${timeoutMs} ms; the terminal showed:\n${seen.slice(-2000)}`));
    }, timeoutMs);
    const data = child.onData((chunk) => {
      if (firstFrameMs !== undefined) return;
      seen += chunk.replace(ESCAPES, '');
      if (!options.waitFor.test(seen)) return;
      firstFrameMs = performance.now() - start;
      // Ctrl+C in raw mode reaches the program as a key and it exits through its own handler
      // (which is when the max-RSS probe writes). Ink turns raw mode on in an effect just after
      // its first frame; a Ctrl+C before that is a SIGINT that kills it without an exit event.
      cancel = setInterval(() => child.write('\u0003'), CANCEL_INTERVAL_MS);
    });
    child.onExit(({ exitCode }) => {
      clearTimeout(timer);
      clearInterval(cancel);
      data.dispose();
      if (firstFrameMs === undefined) reject(new Error(`reauth exited (${exitCode}) before showing ${options.waitFor}:\n${seen.slice(-2000)}`));
      else resolve({ firstFrameMs, exitCode });
    });
  });
}
