/**
 * Decides once, at start, how the wizard can talk to the person (STYLE.md: one
 * interactivity decision). Raw mode throws on piped stdin, and Ink with `CI` set renders only
 * its last frame, so those runs get the plain line-by-line prompts — or, without any terminal
 * to type into, a clear error naming what to use instead.
 */
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
