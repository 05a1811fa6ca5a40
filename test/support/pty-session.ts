/**
 * Runs the BUILT `reauth` (dist/reauth.js) in a real pseudo-terminal and rebuilds its screen
 * with a headless xterm, so end-to-end tests read what a person would see and type what a
 * person would type. Every session is tracked so `stopAllSessions()` (in afterEach) can kill
 * whatever a failed test left running.
 */
import { execFileSync } from 'node:child_process';
import { spawn, type IPty } from '@lydell/node-pty';
import xterm from '@xterm/headless';
import { recordOutput } from './secret-audit.js';
import { TEST_CACHE_HOME } from './cache-home.js';
import { REAUTH_BIN } from './reauth-bin.js';

const { Terminal } = xterm;

/**
 * The binary globalSetup built for this run (a private copy of dist/, so a rebuild elsewhere
 * cannot swap chunks under a running test); dist/reauth.js when run without that setup.
 */
export { REAUTH_BIN };

export interface PtySessionOptions {
  /** Arguments after `node dist/reauth.js`. */
  readonly args: readonly string[];
  /** The folder reauth runs in (a temp folder per test). */
  readonly cwd: string;
  /** Added on top of the clean environment below (e.g. BROWSER, FAKE_BROWSER_OUT). */
  readonly env?: Readonly<Record<string, string>>;
  /** Taken out of that environment (e.g. CI, which also turns chalk's colour off). */
  readonly unsetEnv?: readonly string[];
  readonly cols?: number;
  readonly rows?: number;
}

export type KeyName =
  | 'enter'
  | 'down'
  | 'up'
  | 'left'
  | 'right'
  | 'space'
  | 'tab'
  | 'esc'
  | 'backspace'
  | 'ctrl-c'
  | 'ctrl-u'
  | 'ctrl-d';

const KEYS: Record<KeyName, string> = {
  enter: '\r',
  down: '\u001B[B',
  up: '\u001B[A',
  right: '\u001B[C',
  left: '\u001B[D',
  space: ' ',
  tab: '\t',
  esc: '\u001B',
  backspace: '\u007F',
  'ctrl-c': '\u0003',
  'ctrl-u': '\u0015',
  'ctrl-d': '\u0004',
};

export interface ExitStatus {
  readonly exitCode: number;
  readonly signal?: number;
}

// CSI (incl. private modes), OSC (ended by BEL or ST), and two-byte ESC sequences.
const ANSI = /\u001B\[[0-9;?<=>!]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)|\u001B[@-Z\\-_=>()][0-9A-Za-z]?/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/**
 * A clean, predictable environment: no real HOME (nothing of the developer's leaks in or gets
 * written), `CI=false` because Ink with CI set renders only the last frame (STYLE.md), and no
 * DISPLAY, so nothing opens a real browser or touches the real clipboard.
 */
function baseEnv(home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    USERPROFILE: home,
    XDG_CACHE_HOME: TEST_CACHE_HOME,
    LANG: 'C.UTF-8',
    TERM: 'xterm-256color',
    CI: 'false',
    REAUTH_NO_CLIPBOARD: '1',
    ...(process.env.SystemRoot ? { SystemRoot: process.env.SystemRoot } : {}),
  };
}

function withoutKeys(env: Record<string, string>, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !keys.includes(key)));
}

const live = new Set<PtySession>();

export class PtySession {
  readonly #pty: IPty;
  readonly #term: InstanceType<typeof Terminal>;
  readonly #exited: Promise<ExitStatus>;
  readonly #startedAt: number;
  #raw = '';
  #pendingWrites = 0;
  #status: ExitStatus | undefined;
  #firstOutputAt: number | undefined;
  readonly #listeners = new Set<() => void>();

  constructor(options: PtySessionOptions) {
    const cols = options.cols ?? 100;
    const rows = options.rows ?? 30;
    this.#term = new Terminal({ cols, rows, scrollback: 10_000, allowProposedApi: true });
    this.#startedAt = performance.now();
    this.#pty = spawn(process.execPath, [REAUTH_BIN, ...options.args], {
      name: 'xterm-256color',
      cols,
      rows,
      cwd: options.cwd,
      env: withoutKeys({ ...baseEnv(options.cwd), ...options.env }, options.unsetEnv ?? []),
    });
    this.#pty.onData((data) => {
      this.#firstOutputAt ??= performance.now();
      this.#raw += data;
      this.#pendingWrites += 1;
      this.#term.write(data, () => {
        this.#pendingWrites -= 1;
        this.#notify();
      });
    });
    this.#exited = new Promise<ExitStatus>((resolve) => {
      this.#pty.onExit(({ exitCode, signal }) => {
        // The last output can arrive after the exit notice: let xterm finish parsing it first.
        void this.#drained().then(() => {
          recordOutput(`pty: reauth ${options.args.join(' ')}`, stripAnsi(this.#raw));
          this.#status = { exitCode, ...(signal ? { signal } : {}) };
          live.delete(this);
          this.#notify();
          resolve(this.#status);
        });
      });
    });
    live.add(this);
  }

  /**
   * The terminal's line settings right now, as `stty -a` prints them (e.g. `-echo -icanon` once
   * the program put it in raw mode). Unix only: node-pty keeps the device name privately.
   */
  terminalSettings(): string {
    const device = (this.#pty as unknown as { _pty?: string })._pty;
    if (!device) throw new Error('this pty has no device name to ask stty about');
    return execFileSync('stty', ['-a', '-F', device], { encoding: 'utf8' });
  }

  /** Resolves with the first output, the moment it arrives. */
  firstOutput(): Promise<void> {
    return this.waitFor(() => this.#firstOutputAt !== undefined, 'any output');
  }

  /** Milliseconds from spawn to now. */
  elapsed(): number {
    return performance.now() - this.#startedAt;
  }

  /** Everything the program wrote, escape sequences included. */
  get rawOutput(): string {
    return this.#raw;
  }

  /**
   * Everything the program wrote as plain text with line breaks removed, so a secret Ink
   * hard-wrapped over two lines (or drew and then erased) is still found by a `contains` check.
   */
  plainOutput(): string {
    return stripAnsi(this.#raw).replace(/[\r\n]/g, '');
  }

  /** The visible screen, one string per row, trailing spaces trimmed. */
  screen(): string[] {
    const buffer = this.#term.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < this.#term.rows; y++) lines.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
    return lines;
  }

  screenText(): string {
    return this.screen().join('\n');
  }

  /** The screen as one line with runs of spaces collapsed: for sentences Ink wrapped. */
  screenFlat(): string {
    return this.screen().join(' ').replace(/\s+/g, ' ');
  }

  /**
   * Scrollback plus screen, with lines the terminal soft-wrapped joined back into one (as a
   * terminal copies them): what the person can scroll back to after the run.
   */
  transcript(): string[] {
    const buffer = this.#term.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < buffer.length; y++) {
      const line = buffer.getLine(y);
      if (!line) continue;
      const text = line.translateToString(true);
      if (line.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
      else lines.push(text);
    }
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return lines;
  }

  /** Resolves once the screen shows `match`; on timeout, throws with the whole screen. */
  waitForText(match: string | RegExp, timeoutMs = 10_000): Promise<void> {
    return this.waitFor(() => matches(this.screenText(), match), `"${String(match)}"`, timeoutMs);
  }

  /** Resolves once `check` holds for the screen; checked after every output and every 50 ms. */
  waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const finish = (error?: Error) => {
        clearInterval(poll);
        clearTimeout(timer);
        this.#listeners.delete(test);
        if (error) reject(error);
        else resolve();
      };
      const test = () => {
        if (this.#pendingWrites === 0 && check()) finish();
        else if (this.#status && this.#pendingWrites === 0 && !check()) {
          finish(new Error(`reauth exited (code ${this.#status.exitCode}) before the screen showed ${what}. Screen:\n${this.#frame()}`));
        }
      };
      const poll = setInterval(test, 50);
      const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what}. Screen:\n${this.#frame()}`)), timeoutMs);
      this.#listeners.add(test);
      test();
    });
  }

  /** Milliseconds from spawn until the screen first showed `match`. */
  async timeUntil(match: string | RegExp, timeoutMs = 10_000): Promise<number> {
    await this.waitForText(match, timeoutMs);
    return this.elapsed();
  }

  /** Typed keys, sent as they come (Ink may receive them as one input event, like a fast typist). */
  type(text: string): void {
    this.#pty.write(text);
  }

  press(key: KeyName, times = 1): void {
    for (let i = 0; i < times; i++) this.#pty.write(KEYS[key]);
  }

  /**
   * A paste: the whole text in one write, as a terminal hands it over. `bracketed` wraps it in
   * ESC[200~ … ESC[201~, which terminals send only when the program turned bracketed-paste mode
   * on — Ink 6.8 does not, so this models a terminal left in that mode by another program.
   */
  paste(text: string, options: { bracketed?: boolean } = {}): void {
    this.#pty.write(options.bracketed ? `\u001B[200~${text}\u001B[201~` : text);
  }

  /**
   * Moves the focus marker (❯) of the current list to the option whose line matches `label`,
   * reading the screen after every key, the way a person looks before pressing Enter. A numbered
   * option (1–9) is reached with its digit; others with ↓, one step at a time, each step waiting
   * until the marker has visibly moved — Ink throttles redraws, so "the screen changed" alone
   * can be an older frame and would make a second ↓ overshoot.
   */
  async focusOption(label: string | RegExp, maxSteps = 40): Promise<void> {
    const numbered = this.screen().find((line) => /^\s*(?:❯\s+)?[1-9]\.\s/.test(line) && matches(line, label));
    if (numbered) {
      const digit = /([1-9])\./.exec(numbered)![1]!;
      this.type(digit);
      await this.waitFor(() => matches(this.focusedLine() ?? '', label), `the focus on "${String(label)}"`, 3000);
      return;
    }
    for (let step = 0; step <= maxSteps; step++) {
      const focused = this.focusedLine();
      if (focused !== undefined && matches(focused, label)) return;
      this.press('down');
      await this.waitFor(() => (this.focusedLine() ?? focused) !== focused, 'the focus to move', 3000);
    }
    throw new Error(`no option matching "${String(label)}" in the list. Screen:\n${this.#frame()}`);
  }

  /** The list line that has the focus marker, if any. */
  focusedLine(): string | undefined {
    return this.screen().find((line) => line.trimStart().startsWith('❯'));
  }

  /** Waits for the program to end; on timeout, throws with the screen. */
  async exit(timeoutMs = 10_000): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`reauth did not exit within ${timeoutMs} ms. Screen:\n${this.#frame()}`)), timeoutMs);
    });
    try {
      return (await Promise.race([this.#exited, timeout])).exitCode;
    } finally {
      clearTimeout(timer);
    }
  }

  get hasExited(): boolean {
    return this.#status !== undefined;
  }

  /** Milliseconds from spawn to the first byte of output (null before any output). */
  get firstOutputMs(): number | null {
    return this.#firstOutputAt === undefined ? null : this.#firstOutputAt - this.#startedAt;
  }

  kill(): void {
    if (this.#status) return;
    try {
      this.#pty.kill('SIGKILL');
    } catch {
      // Already gone.
    }
    live.delete(this);
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  #drained(): Promise<void> {
    return new Promise((resolve) => this.#term.write('', () => resolve()));
  }

  #frame(): string {
    const rule = '─'.repeat(this.#term.cols);
    return `${rule}\n${this.screenText()}\n${rule}`;
  }
}

function matches(text: string, match: string | RegExp): boolean {
  return typeof match === 'string' ? text.includes(match) : match.test(text);
}

export function startReauth(options: PtySessionOptions): PtySession {
  return new PtySession(options);
}

/** For afterEach: kills every session still running, whatever the test did. */
export function stopAllSessions(): void {
  for (const session of [...live]) session.kill();
}
