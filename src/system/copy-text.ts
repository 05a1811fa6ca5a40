/**
 * Copies the sign-in link, and says truthfully why not when it cannot. clipboardy loads only
 * when needed (start-up time, STYLE.md). On Linux it runs `xsel` (X11) or `wl-copy` (Wayland),
 * falling back to the xsel build it ships — which the bundle keeps next to clipboardy's chunk
 * (esbuild.config.mjs) — so a desktop without xsel installed still copies.
 */
import { release } from 'node:os';
import type { Outcome } from '../deps.js';
import { osc52, sshSession } from './ssh-session.js';

/**
 * `writeTerminal` sends an escape sequence to the person's terminal (false when there is no
 * terminal): over SSH without a display, the link goes to their own clipboard through it.
 */
export async function copyText(
  text: string,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  writeTerminal: (sequence: string) => boolean = () => false,
): Promise<Outcome> {
  if (env.REAUTH_NO_CLIPBOARD === '1') return { ok: false, unconfirmed: true, detail: 'turned off by REAUTH_NO_CLIPBOARD' };
  const ssh = sshSession(env);
  if (ssh && !ssh.hasDisplay && writeTerminal(osc52(text))) {
    // The terminal may or may not allow OSC 52: nothing comes back to say which.
    return { ok: true, unconfirmed: true, detail: 'to the clipboard of the computer you connect from, through your terminal; if pasting gives nothing there, copy the link from the screen' };
  }
  const unavailable = clipboardUnavailableReason(env, platform);
  if (unavailable) return { ok: false, unconfirmed: true, detail: unavailable };
  try {
    const { default: clipboard } = await import('clipboardy');
    await withTimeout(clipboard.write(text), 2000);
    return { ok: true };
  } catch (error) {
    return { ok: false, detail: failureDetail(error, env) };
  }
}

/**
 * A Linux clipboard belongs to a display server (X11 or Wayland): with neither (a server, SSH
 * without X forwarding, a container) there is nothing to copy to, and trying only spends two
 * failing child processes. WSL copies through Windows (clip.exe) and needs no display.
 */
export function clipboardUnavailableReason(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined {
  if (platform === 'darwin' || platform === 'win32' || platform === 'android') return undefined;
  const wsl = !!(env.WSL_DISTRO_NAME || env.WSL_INTEROP) || (platform === 'linux' && release().toLowerCase().includes('microsoft'));
  if (wsl || env.DISPLAY || env.WAYLAND_DISPLAY) return undefined;
  return sshSession(env) ? 'you are connected over SSH without a display, so there is no clipboard here' : 'this machine has no graphical display, so there is no clipboard here';
}

/** clipboardy's errors are long and name its internals; one plain reason is enough here. */
function failureDetail(error: unknown, env: NodeJS.ProcessEnv): string {
  const message = error instanceof Error ? error.message : String(error);
  // clipboardy keeps what xsel (and its own xsel) said on the error it throws.
  const said = ['xselError', 'fallbackError']
    .map((key) => (error as Record<string, { stderr?: unknown } | undefined> | null)?.[key]?.stderr)
    .filter((stderr): stderr is string => typeof stderr === 'string')
    .join('\n');
  if (/can't open display|requires a display server/i.test(`${message}\n${said}`)) {
    return `the display${env.DISPLAY ? ` ${env.DISPLAY}` : ''} could not be opened, so nothing was copied`;
  }
  if (/couldn't find the `(xsel|wl-copy)` binary/i.test(message)) return 'no clipboard program works here (install xsel, or wl-clipboard on Wayland)';
  return message.split('\n')[0]!;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the clipboard did not answer')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
