/**
 * The production `runCommand` of Deps: runs a program and hands back what it printed. It never
 * prints or logs anything itself — callers decide what is safe to show (the heroku CLI, for
 * one, echoes every secret it sets on stdout).
 */
import type { CommandResult, RunCommandOptions } from '../deps.js';

const defaultTimeoutMs = 120_000;
/** After SIGTERM, how long a program gets to exit before SIGKILL. */
const killGraceMs = 2_000;
/** Output beyond this is dropped (from the start) so a runaway program cannot fill memory. */
const maxOutputChars = 1_000_000;

export async function runCommand(command: string, args: readonly string[], options: RunCommandOptions = {}): Promise<CommandResult> {
  // Loaded on the first run, not at start-up: node:child_process (and node:net under it) cost
  // every command tens of milliseconds on a busy machine before its first line, and most runs
  // never start a program.
  const { spawn } = await import('node:child_process');
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;

    const groupKill = options.killGroupOnTimeout === true && process.platform !== 'win32';
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      // No shell unless asked: arguments reach the program exactly as given, whatever
      // characters a token holds. Windows `.cmd` files need `shell: true` on Node ≥ 20.12
      // (CVE-2024-27980), and then the caller must quote for cmd.exe itself.
      shell: options.shell ?? false,
      windowsHide: true,
      // stdin is /dev/null unless there is input: a CLI that would prompt (heroku's browser
      // login) then fails at once instead of waiting for keys nobody will type.
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: groupKill,
    });
    // Signals the program and, with killGroupOnTimeout, every process it started.
    const stop = (signal: NodeJS.Signals): void => {
      if (groupKill && child.pid !== undefined) {
        try {
          process.kill(-child.pid, signal);
          return;
        } catch {
          // The group is already gone: fall through to the program itself.
        }
      }
      child.kill(signal);
    };

    const finish = (result: CommandResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timeoutTimer);
      if (killTimer) clearTimeout(killTimer);
      resolve(result);
    };

    const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    const timeoutTimer = setTimeout(() => {
      timedOut = true;
      stop('SIGTERM');
      killTimer = setTimeout(() => stop('SIGKILL'), killGraceMs);
      killTimer.unref();
    }, timeoutMs);

    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      stdout = keepTail(stdout + chunk);
    });
    child.stderr?.on('data', (chunk: string) => {
      stderr = keepTail(stderr + chunk);
    });

    child.once('error', (error: NodeJS.ErrnoException) => {
      // 'error' without a started process: ENOENT (not installed), EACCES (not executable).
      if (child.pid === undefined) finish({ code: null, stdout, stderr, spawnError: error });
    });
    child.once('close', (code) => {
      finish(timedOut ? { code: null, stdout, stderr, timedOut: true } : { code, stdout, stderr });
    });

    if (options.input !== undefined && child.stdin) {
      // A program that exits without reading its input must not crash reauth with EPIPE.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
  });
}

function keepTail(text: string): string {
  return text.length > maxOutputChars ? text.slice(-maxOutputChars) : text;
}
