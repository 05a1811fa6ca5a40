/**
 * Runs the profile's `after_write` command (e.g. `sudo systemctl restart chatbot`) through
 * the shell, because people write it as they would type it. Its output is not shown in full:
 * only a short last line on failure, so a chatty restart script cannot flood the screen.
 */
import { safeLine } from './terminal-text.js';
import type { Deps, Outcome } from '../deps.js';

export async function runShellCommand(command: string, deps: Deps, cwd: string): Promise<Outcome & { summary: string }> {
  const [shell, flag] = deps.platform === 'win32' ? ['cmd.exe', '/c'] : ['/bin/sh', '-c'];
  const result = await deps.runCommand(shell, [flag, command], { cwd, timeoutMs: 120_000 });
  if (result.spawnError) return { ok: false, summary: `could not start it (${result.spawnError.code ?? result.spawnError.message})` };
  if (result.code === 0) return { ok: true, summary: `${command} finished` };
  const lastLine = safeLine((result.stderr || result.stdout).trim().split('\n').pop()?.slice(0, 200) ?? '');
  return { ok: false, summary: `${command} exited with code ${result.code ?? 'none (stopped)'}${lastLine ? `: ${lastLine}` : ''}` };
}
