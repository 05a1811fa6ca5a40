/**
 * The built `reauth` as cron or systemd runs it (pipes, no terminal, a bare environment), with
 * what fault-injection tests need around it: the exact moment each child ended and how, a
 * per-test registry so afterEach can kill whatever a test left running (also when tests run
 * concurrently), and a look through /proc for any reauth process left behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { recordOutput } from './secret-audit.js';
import { TEST_CACHE_HOME } from './cache-home.js';
import { REAUTH_BIN } from './reauth-bin.js';

/** The binary globalSetup built for this run (see global-setup.ts); dist/reauth.js without it. */

export interface Ended {
  /** Exit code, or null when a signal ended it. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Date.now() when it ended. */
  readonly at: number;
}

export interface ReauthChild {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly startedAt: number;
  /** Everything on stderr so far (while it runs). */
  stderr(): string;
  stdout(): string;
  /** Whether it has ended (no exit seen yet = still running). */
  readonly running: boolean;
  readonly ended: Promise<Ended>;
  /** Sends a signal; false when it had already ended. */
  signal(sig: NodeJS.Signals): boolean;
}

/** Children by owner (a test's id): afterEach of that test kills its own, not a neighbour's. */
const owned = new Map<string, Set<ReauthChild>>();
const everyPid = new Set<number>();

export interface SpawnOptions {
  readonly cwd: string;
  /** Added to a bare cron-like environment (PATH, HOME=cwd, LANG). */
  readonly env?: Readonly<Record<string, string>>;
  /** Registry key, normally `task.id` of the test. */
  readonly owner: string;
  /** A hard stop so nothing outlives a hung test: SIGKILL after this long (default 40 s). */
  readonly killAfterMs?: number;
}

export function spawnReauth(args: readonly string[], options: SpawnOptions): ReauthChild {
  const child = spawn(process.execPath, [REAUTH_BIN, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: options.cwd, XDG_CACHE_HOME: TEST_CACHE_HOME, LANG: 'C.UTF-8', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let running = true;
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const hardStop = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 40_000);
  const ended = new Promise<Ended>((resolve, reject) => {
    child.once('error', reject);
    // 'exit' is the moment the process ended; 'close' (all output read) comes after it.
    let exit: { code: number | null; signal: NodeJS.Signals | null; at: number } | undefined;
    child.once('exit', (code, signal) => {
      running = false;
      exit = { code, signal, at: Date.now() };
    });
    child.once('close', (code, signal) => {
      clearTimeout(hardStop);
      running = false;
      const e = exit ?? { code, signal, at: Date.now() };
      recordOutput(`fault run: reauth ${args.join(' ')}`, `${out}\n${err}`);
      resolve({ ...e, stdout: out, stderr: err });
    });
  });
  if (child.pid === undefined) throw new Error(`could not start ${REAUTH_BIN}`);
  const handle: ReauthChild = {
    child,
    pid: child.pid,
    startedAt: Date.now(),
    stderr: () => err,
    stdout: () => out,
    get running() {
      return running;
    },
    ended,
    signal(sig) {
      if (!running) return false;
      try {
        return child.kill(sig);
      } catch {
        return false;
      }
    },
  };
  let set = owned.get(options.owner);
  if (!set) owned.set(options.owner, (set = new Set()));
  set.add(handle);
  everyPid.add(handle.pid);
  void ended.finally(() => set!.delete(handle)).catch(() => undefined);
  return handle;
}

/** For afterEach: SIGKILL every child `owner` still has, and wait until each is gone. */
export async function killOwned(owner: string): Promise<void> {
  const set = owned.get(owner);
  if (!set) return;
  const left = [...set];
  for (const c of left) c.signal('SIGKILL');
  await Promise.all(left.map((c) => c.ended.catch(() => undefined)));
  owned.delete(owner);
}

/** For afterAll: every child of every owner. */
export async function killAllOwned(): Promise<void> {
  await Promise.all([...owned.keys()].map((owner) => killOwned(owner)));
}

/** Pids this file started that are still alive (should be none once tests are over). */
export function stillAlive(): number[] {
  return [...everyPid].filter((pid) => {
    try {
      process.kill(pid, 0);
      return !isZombie(pid);
    } catch {
      return false;
    }
  });
}

function isZombie(pid: number): boolean {
  try {
    return /\)\s+Z\s/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * Processes (on Linux, via /proc) whose working folder is inside one of `dirs` — a reauth, or
 * anything it started (after_write, a fake browser), left running by a test.
 */
export function processesIn(dirs: readonly string[]): { pid: number; cmdline: string; cwd: string }[] {
  if (process.platform !== 'linux') return [];
  const found: { pid: number; cmdline: string; cwd: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    try {
      const cwd = readlinkSync(`/proc/${name}/cwd`);
      if (!dirs.some((d) => cwd === d || cwd.startsWith(`${d}/`))) continue;
      if (isZombie(pid)) continue;
      found.push({ pid, cwd, cmdline: readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ').trim() });
    } catch {
      // Gone meanwhile, or not ours to look at.
    }
  }
  return found;
}

/** The one running `node …reauth.js ARGS` whose working folder is `cwd` (for pty sessions, whose pid is private). */
export function findReauthPid(cwd: string, firstArg?: string): number | undefined {
  const hits = processesIn([cwd]).filter(
    (p) => p.cwd === cwd && p.cmdline.includes(REAUTH_BIN) && (firstArg === undefined || p.cmdline.includes(` ${firstArg}`)),
  );
  return hits[0]?.pid;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with the end, or with `undefined` after `ms` if it is still running. */
export async function endedWithin(c: ReauthChild, ms: number): Promise<Ended | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([c.ended, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
