/**
 * Opens the sign-in link, honestly: on SSH or a machine without a display no browser can
 * appear, so reauth says so instead of pretending. `BROWSER` (the usual Unix convention) names
 * the program to use — also how the end-to-end tests play a person approving.
 */
import type { Outcome } from '../deps.js';
import { sshSession } from './ssh-session.js';

export function browserUnavailableReason(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined {
  if (env.BROWSER) return undefined;
  const overSsh = sshSession(env) !== undefined;
  const wsl = platform === 'linux' && !!(env.WSL_DISTRO_NAME || env.WSL_INTEROP);
  if (wsl) return undefined;
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return overSsh ? 'you are connected over SSH, so a browser cannot open here' : 'this machine has no graphical display';
  }
  if (overSsh && platform !== 'darwin') return 'you are connected over SSH, so a browser cannot open here';
  return undefined;
}

export async function openUrl(url: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Promise<Outcome> {
  const reason = browserUnavailableReason(env, platform);
  if (reason) return { ok: false, detail: reason };
  if (env.BROWSER) {
    const program = env.BROWSER.split(':')[0]!;
    return spawnDetached(program, [url], `with ${program}`);
  }
  try {
    const { default: open } = await import('open');
    const child = await open(url, { wait: false });
    return await childOutcome(child, undefined);
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}

async function spawnDetached(program: string, args: string[], detail: string): Promise<Outcome> {
  // Loaded here, not at start-up: node:child_process costs every command time before its first line.
  const { spawn } = await import('node:child_process');
  try {
    const child = spawn(program, args, { detached: true, stdio: 'ignore' });
    return childOutcome(child, detail);
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}

/** A launcher that fails does so at once (not found, exit 3 from xdg-open); wait briefly for that. */
function childOutcome(child: import('node:child_process').ChildProcess, detail: string | undefined): Promise<Outcome> {
  return new Promise((resolve) => {
    const ok: Outcome = detail ? { ok: true, detail } : { ok: true };
    const timer = setTimeout(() => {
      child.unref();
      resolve(ok);
    }, 400);
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ ok: false, detail: error.code === 'ENOENT' ? 'no browser launcher was found' : error.message });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0 || code === null ? ok : { ok: false, detail: `the browser launcher failed (exit ${code})` });
    });
  });
}
