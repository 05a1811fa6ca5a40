/**
 * One program in a tmux pane of a fixed size, on a private server (`tmux -S`), so the pictures
 * are of a real terminal and the script never touches anyone's own tmux sessions.
 *
 * Keys are sent one `send-keys` call each and the screen is polled between steps: a key sent
 * together with text in one call can reach the program in one read (Ctrl+U then text was seen
 * appended instead of cleared), and a screen is only ready when its text is there.
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PaneOptions {
  readonly columns: number;
  readonly rows: number;
  readonly cwd: string;
  /** The program's whole environment (tmux otherwise passes the server's own). */
  readonly env: Record<string, string>;
  readonly command: readonly string[];
  /** A folder for the tmux config and the exit-code file. */
  readonly scratch: string;
}

export interface Pane {
  /** A key by tmux's name: `Enter`, `Space`, `Down`, `C-u`, `y`. */
  key(name: string): Promise<void>;
  /** Text typed literally (a paste, a name). */
  type(text: string): Promise<void>;
  /** The visible screen; with `escapes` its SGR colours too. */
  capture(escapes?: boolean): Promise<string>;
  /** Polls the screen until it matches; fails with the screen it saw. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  kill(): Promise<void>;
}

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export async function openPane(options: PaneOptions): Promise<Pane> {
  // The server's socket lives in the scratch folder (-S), not beside the person's own under
  // /tmp/tmux-UID, so it goes when the folder does.
  const socket = join(options.scratch, 'tmux.sock');
  const tmux = (...args: string[]) => run('tmux', ['-S', socket, '-f', join(options.scratch, 'tmux.conf'), ...args]);
  // No status line (it would take a row of the picture); escape-time 0 so Esc is Esc at once.
  await mkdir(options.scratch, { recursive: true });
  await writeFile(join(options.scratch, 'tmux.conf'), 'set -g status off\nset -g escape-time 0\n');
  const envArgs = Object.entries(options.env).map(([k, v]) => `${k}=${v}`);
  // `sleep` keeps the pane (and the last screen) after the program ends, without tmux's own
  // "Pane is dead" line that remain-on-exit would draw into the picture.
  const line = `env -i ${envArgs.map(shellQuote).join(' ')} ${options.command.map(shellQuote).join(' ')}; echo $? > ${shellQuote(join(options.scratch, 'exit-code'))}; exec sleep 3600`;
  await tmux('new-session', '-d', '-s', 'p', '-x', String(options.columns), '-y', String(options.rows), '-c', options.cwd, line);

  const capture = async (escapes = false) => (await tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', 'p')).stdout;
  return {
    key: async (name) => void (await tmux('send-keys', '-t', 'p', name)),
    type: async (text) => void (await tmux('send-keys', '-t', 'p', '-l', text)),
    capture,
    async waitFor(pattern, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const screen = await capture();
        if (pattern.test(screen)) return screen;
        if (Date.now() > until) throw new Error(`Waited ${timeoutMs} ms for ${pattern} on this screen:\n${screen}`);
        await new Promise((r) => setTimeout(r, 150));
      }
    },
    kill: async () => void (await tmux('kill-server').catch(() => undefined)),
  };
}
