/**
 * Decides once, at start, how the wizard can talk to the person (STYLE.md: one
 * interactivity decision). Raw mode throws on piped stdin, and Ink with `CI` set renders only
 * its last frame, so those runs get the plain line-by-line prompts — or, without any terminal
 * to type into, a clear error naming what to use instead.
 */
import { sshSession } from './ssh-session.js';

export type Renderer = 'ink' | 'plain' | 'none';

export interface TerminalFacts {
  readonly stdinIsTTY: boolean;
  readonly stdoutIsTTY: boolean;
  readonly canRawMode: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly wantsPlain: boolean;
}

export function isCI(env: NodeJS.ProcessEnv): boolean {
  const value = env.CI;
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

export function chooseRenderer(facts: TerminalFacts): Renderer {
  if (!facts.stdinIsTTY) return 'none';
  if (facts.wantsPlain || !facts.stdoutIsTTY || !facts.canRawMode) return 'plain';
  if (facts.env.TERM === 'dumb' || isCI(facts.env)) return 'plain';
  return 'ink';
}

export function terminalFacts(wantsPlain: boolean): TerminalFacts {
  return {
    stdinIsTTY: !!process.stdin.isTTY,
    stdoutIsTTY: !!process.stdout.isTTY,
    canRawMode: typeof (process.stdin as { setRawMode?: unknown }).setRawMode === 'function',
    env: process.env,
    wantsPlain,
  };
}

/**
 * On a server over SSH, or a machine with no display, a browser cannot open here and a
 * loopback redirect cannot reach this machine: device sign-in (RFC 8628) is the way in that
 * needs no pasting, so the wizard offers it first. Only Linux and the BSDs need a display
 * server for a browser; macOS and Windows have one without DISPLAY.
 */
export function remoteSessionReason(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined {
  if (sshSession(env)) return 'you are connected over SSH';
  const needsDisplay = platform !== 'darwin' && platform !== 'win32';
  if (needsDisplay && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'this computer has no display for a browser';
  return undefined;
}
