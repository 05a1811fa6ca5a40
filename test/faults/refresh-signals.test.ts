/**
 * Issue 8, fault injection: `reauth refresh` (the built binary, as cron runs it) against a
 * Netatmo-like token server that rotates the pair and kills the old one at once, stopped by
 * SIGINT / SIGTERM / SIGHUP at a moment drawn from a seeded PRNG:
 *
 *   early          a random time after start (before or about when the request goes out)
 *   arrival        the moment the token request reaches the service (held there a while)
 *   stalled        the service has rotated (old pair dead) and holds its answer back
 *   stalled-twice  the same, with a second signal while it finishes
 *   answered       a few ms after the answer was sent
 *   writing        the moment the first temp file of the atomic writer appears
 *
 * The contract (issue 8 "Signals", README exit codes): a signal while the token request is in
 * flight is HELD — reauth finishes the request, puts the answer on disk (every target, or a
 * rescue file), then exits 130 / 143 / 129 saying where the tokens are; a second signal says
 * it is finishing safely. At other moments it ends promptly with the same codes (or has already
 * finished, exit 0). After every run each target parses and is wholly old or wholly new, no
 * temp file is left, the service's one live refresh token is on disk, and the next refresh
 * exits 0 with every target holding the live pair. Never exit 1. SIGKILL runs check the files.
 *
 * Replay a failure: `REAUTH_FAULT_SEED=<seed> npx vitest run test/faults/refresh-signals.test.ts`
 * (add `-t '#07 '` for one run). Runs go two at a time (two cores on CI).
 */
import { watch, type FSWatcher } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  FINISHING_SAFELY,
  STACK_OR_CRASH,
  checkTargets,
  reauthFolderListing,
  expectTargetsHold,
  rescueFiles,
  tempFilesLeft,
  whereIsRefresh,
  writeProject,
  PROFILE,
  type Project,
} from '../support/fault-project.js';
import { killAllOwned, killOwned, processesIn, sleep, spawnReauth, stillAlive, type Ended, type ReauthChild } from '../support/fault-process.js';
import { faultSeed, mulberry32, semaphore } from '../support/fault-random.js';
import { startFaultTokenServer, type FaultTokenServer, type Stall } from '../support/fault-token-server.js';

type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';
type Moment = 'early' | 'arrival' | 'stalled' | 'stalled-twice' | 'answered' | 'writing';

const SIGNALS: readonly StopSignal[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const MOMENTS: readonly Moment[] = ['early', 'arrival', 'stalled', 'stalled-twice', 'answered', 'writing'];
const EXIT_CODE: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
const SIGNAL_RUNS = 40;
const KILL_MOMENTS: readonly Moment[] = ['early', 'arrival', 'stalled', 'answered', 'writing', 'writing'];

/** After a held signal and the answer's release, or after a signal at any other moment: "promptly". */
const PROMPT_MS = 5000;
/** The undisturbed refresh after a run: far more than it needs, well under the test's timeout. */
const NEXT_REFRESH_LIMIT_MS = 25_000;

interface Plan {
  readonly n: number;
  readonly signal: StopSignal | 'SIGKILL';
  readonly moment: Moment;
  /** early: fraction of the usual start-to-request time; answered: ms after the answer. */
  readonly fraction: number;
  readonly delayMs: number;
  /** arrival / stalled: how long the request stays held after the signal. */
  readonly holdMs: number;
}

const SEED = faultSeed();
const random = mulberry32(SEED);

/** Every signal × moment at least twice, in a seeded order, with seeded timings. */
const combos = random.shuffle(SIGNALS.flatMap((signal) => MOMENTS.map((moment) => ({ signal, moment }))));
const PLANS: Plan[] = Array.from({ length: SIGNAL_RUNS }, (_, i) => ({
  n: i + 1,
  ...combos[i % combos.length]!,
  fraction: random(),
  delayMs: random.int(0, 15),
  holdMs: random.int(40, 500),
}));
const KILL_PLANS: Plan[] = KILL_MOMENTS.map((moment, i) => ({
  n: SIGNAL_RUNS + i + 1,
  signal: 'SIGKILL' as const,
  moment,
  fraction: random(),
  delayMs: random.int(0, 10),
  holdMs: random.int(40, 300),
}));

/** Spawn to token request, measured once (beforeAll); `early` draws its moment within it. */
let usualRequestMs = 400;
const dirs: string[] = [];
const limit = semaphore(2);

function label(plan: Plan): string {
  return `#${String(plan.n).padStart(2, '0')} ${plan.signal} ${plan.moment}`;
}

function replay(plan: Plan): string {
  return `REAUTH_FAULT_SEED=${SEED} npx vitest run test/faults/refresh-signals.test.ts -t '${label(plan)} '`;
}

interface Observed {
  signalAt?: number;
  secondSignalAt?: number;
  releasedAt?: number;
  aliveAtRelease?: boolean;
  /** The signal was sent while the token request was in flight (arrived, answer not yet sent). */
  inFlight?: boolean;
  /** Token requests the server had seen when the signal was sent. */
  callsAtSignal?: number;
  notes: string[];
}

async function newProject(): Promise<Project> {
  const server = await startFaultTokenServer();
  const dir = await mkdtemp(join(tmpdir(), 'reauth-fault-'));
  dirs.push(dir);
  return writeProject(dir, server);
}

function stallFor(plan: Plan): Stall | undefined {
  switch (plan.moment) {
    case 'early':
      // Should the request go out before the signal, it waits a little, so the signal lands in flight.
      return { at: 'arrival', ms: 150 };
    case 'arrival':
      return { at: 'arrival' };
    case 'stalled':
    case 'stalled-twice':
      return { at: 'answer' };
    default:
      return undefined;
  }
}

/**
 * Starts `reauth refresh` with the plan's fault armed: the signal is sent by the token server's
 * stage listener (synchronously, at that exact point), by a timer, or by a watch on the folder.
 */
function startFaultedRun(project: Project, plan: Plan, owner: string, obs: Observed): { run: ReauthChild; disarm: () => void } {
  const server: FaultTokenServer = project.server;
  server.stall = stallFor(plan);
  let run: ReauthChild | undefined;
  const cleanups: (() => void)[] = [];
  const send = (which: 'first' | 'second') => {
    if (!run) return;
    const now = Date.now();
    const firstCall = server.calls[0];
    if (which === 'first') {
      obs.signalAt = now;
      obs.callsAtSignal = server.calls.length;
      obs.inFlight = firstCall !== undefined && firstCall.sentAt === undefined && !firstCall.clientGone;
    } else obs.secondSignalAt = now;
    const sent = run.signal(plan.signal as NodeJS.Signals);
    obs.notes.push(`${which} ${plan.signal} at +${now - run.startedAt} ms${sent ? '' : ' (had already ended)'}${which === 'first' ? (obs.inFlight ? ', request in flight' : ', no request in flight') : ''}`);
  };
  const releaseLater = (ms: number) => {
    const t = setTimeout(() => {
      obs.aliveAtRelease = run?.running ?? false;
      obs.releasedAt = Date.now();
      obs.notes.push(`released the held request at +${obs.releasedAt - (run?.startedAt ?? 0)} ms (reauth ${obs.aliveAtRelease ? 'still running' : 'had ended'})`);
      server.release();
    }, ms);
    cleanups.push(() => clearTimeout(t));
  };

  switch (plan.moment) {
    case 'early':
      break; // armed after spawn
    case 'arrival':
      cleanups.push(
        server.onStage((stage, call) => {
          if (stage !== 'arrived' || call.index !== 0) return;
          send('first');
          releaseLater(plan.holdMs);
        }),
      );
      break;
    case 'stalled':
    case 'stalled-twice':
      cleanups.push(
        server.onStage((stage, call) => {
          if (stage !== 'processed' || call.index !== 0) return;
          send('first');
          if (plan.moment === 'stalled-twice') {
            const t = setTimeout(() => send('second'), Math.floor(plan.holdMs / 2));
            cleanups.push(() => clearTimeout(t));
          }
          releaseLater(plan.holdMs);
        }),
      );
      break;
    case 'answered':
      cleanups.push(
        server.onStage((stage, call) => {
          if (stage !== 'sent' || call.index !== 0) return;
          const t = setTimeout(() => send('first'), plan.delayMs);
          cleanups.push(() => clearTimeout(t));
        }),
      );
      break;
    case 'writing': {
      obs.notes.push('watching for the first *.reauth-tmp file in the folder');
      const watcher: FSWatcher = watch(project.dir, (_event, name) => {
        if (obs.signalAt === undefined && typeof name === 'string' && name.endsWith('.reauth-tmp')) {
          obs.notes.push(`temp file ${name} appeared`);
          send('first');
        }
      });
      cleanups.push(() => watcher.close());
      break;
    }
  }

  run = spawnReauth(['refresh', PROFILE, '-c', 'reauth.yaml'], { cwd: project.dir, env: project.env, owner });
  if (plan.moment === 'early') {
    const delay = Math.floor(plan.fraction * usualRequestMs * 1.2);
    obs.notes.push(`early signal planned at +${delay} ms (usual start-to-request ${usualRequestMs} ms)`);
    const t = setTimeout(() => send('first'), delay);
    cleanups.push(() => clearTimeout(t));
  }
  return {
    run,
    disarm: () => {
      for (const c of cleanups) c();
      server.stall = undefined;
      server.release();
    },
  };
}

function describeEnd(e: Ended): string {
  return `exit ${e.code ?? `by ${e.signal}`}\n--- stdout ---\n${e.stdout}--- stderr ---\n${e.stderr}`;
}

/**
 * Every broken promise of one run, collected rather than stopping at the first, so a failure
 * shows the whole picture (exit code AND where the token went).
 */
class Problems {
  readonly list: string[] = [];
  check(ok: boolean, what: string): void {
    if (!ok) this.list.push(what);
  }
  /** Runs a check helper that throws (the file readers); its message becomes a problem. */
  attempt<T>(work: () => T): T | undefined {
    try {
      return work();
    } catch (error) {
      this.list.push(error instanceof Error ? error.message : String(error));
      return undefined;
    }
  }
}

/** The seed, the plan, the timeline, the output and every problem, as one failure. */
function fail(plan: Plan, obs: Observed, ends: readonly (readonly [string, Ended])[], problems: readonly string[]): never {
  throw new Error(
    [
      `fault run ${label(plan)} broke ${problems.length} promise${problems.length === 1 ? '' : 's'} (seed ${SEED}; fraction ${plan.fraction.toFixed(3)}, delay ${plan.delayMs} ms, hold ${plan.holdMs} ms)`,
      ...problems.map((p) => `  ✘ ${p}`),
      `replay: ${replay(plan)}`,
      'timeline:',
      ...obs.notes.map((n) => `  · ${n}`),
      ...ends.map(([name, e]) => `${name}: ${describeEnd(e)}`),
    ].join('\n'),
  );
}

/** REAUTH_FAULT_VERBOSE=1 prints every run's timeline, passed or not. */
function logTimeline(plan: Plan, obs: Observed, ends: readonly (readonly [string, Ended])[] = []): void {
  if (!process.env.REAUTH_FAULT_VERBOSE) return;
  console.log([label(plan), ...obs.notes.map((n) => `  · ${n}`), ...ends.map(([name, e]) => `  ${name} stderr: ${e.stderr.trim() || '(none)'}`)].join('\n'));
}

const setName = (s: { call: number } | undefined) => (s === undefined ? '?' : s.call < 0 ? 'seed' : `#${s.call}`);

function callsText(server: FaultTokenServer): string {
  return server.calls.map((c) => `${c.grantType}${c.processedAt ? ' spent' : ''}${c.sentAt ? ' answered' : ''}${c.clientGone ? ' (client gone)' : ''}`).join(', ') || 'none';
}

async function signalRun(plan: Plan, owner: string): Promise<void> {
  const project = await newProject();
  const { server } = project;
  const signal = plan.signal as StopSignal;
  const code = EXIT_CODE[signal];
  const obs: Observed = { notes: [] };
  const p = new Problems();
  const ends: [string, Ended][] = [];
  try {
    const { run, disarm } = startFaultedRun(project, plan, owner, obs);
    let end: Ended;
    try {
      end = await run.ended;
    } finally {
      disarm();
    }
    ends.push(['the signalled refresh', end]);
    obs.notes.push(`ended ${end.code ?? `by ${end.signal}`} at +${end.at - run.startedAt} ms; token calls: ${callsText(server)}`);

    // Never an internal error, never a stack.
    p.check(end.code !== 1, 'exit 1 ("internal error, please report it")');
    p.check(!STACK_OR_CRASH.test(end.stdout + end.stderr), 'a stack trace or "internal error" in the output');

    const signalled = obs.signalAt !== undefined;
    // Held: the signal came while the token request was out (arrived and not yet answered), or
    // the request reached the service only after the signal (it was on its way: reauth held).
    const held = signalled && (obs.inFlight === true || server.calls.length > (obs.callsAtSignal ?? 0));
    obs.notes.push(held ? 'expected: signal held' : signalled ? 'expected: prompt stop, or already done' : 'no signal was sent (the run ended first)');
    const shown = `exit ${end.code ?? `by ${end.signal}`}`;
    if (!signalled) {
      p.check(end.code === 0, `no signal reached it, yet it did not exit 0 (${shown})`);
    } else if (held) {
      p.check(end.code === code, `a ${signal} while the token request was in flight must be held, then exit ${code}; got ${shown}`);
      if (obs.releasedAt !== undefined) {
        p.check(obs.aliveAtRelease === true, `reauth must still be running when the held answer is let go; it ended ${end.at - obs.signalAt!} ms after the ${signal}`);
        p.check(end.at - obs.releasedAt < PROMPT_MS, `it took ${end.at - obs.releasedAt} ms after the answer to finish (limit ${PROMPT_MS})`);
      }
      if (obs.secondSignalAt !== undefined) p.check(FINISHING_SAFELY.test(end.stderr), 'after a second signal stderr must say it is finishing safely');
    } else if (plan.moment === 'early' && end.code === null) {
      // Before node has run a line of reauth there is no handler yet: the default action kills it.
      p.check(end.signal === signal, `only ${signal} itself may end it without an exit code; got ${shown}`);
      p.check(server.calls.length === 0, 'killed before it had a handler, yet a token request went out');
    } else {
      p.check(end.code === 0 || end.code === code, `a ${signal} outside the token request must end it with ${code} (or it had finished: 0); got ${shown}`);
      if (end.code === code) p.check(end.at - obs.signalAt! < PROMPT_MS, `it took ${end.at - obs.signalAt!} ms to stop (limit ${PROMPT_MS})`);
    }

    // The files: each parses, each wholly old or wholly new; no temp file left.
    const seen = p.attempt(() => checkTargets(project));
    if (seen) obs.notes.push(`after the run: .env holds set ${setName(seen.env)}, config.yaml set ${setName(seen.yaml)}`);
    const temps = tempFilesLeft(project.dir);
    p.check(temps.length === 0, `temp files left behind: ${temps.join(', ')}`);
    for (const r of rescueFiles(project.dir)) p.check(r.error === undefined, `rescue file ${basename(r.path)} does not parse: ${r.error}`);

    // The service's one live refresh token is on disk somewhere.
    const live = p.attempt(() => server.livePair());
    if (live) {
      const places = whereIsRefresh(project, live.refresh);
      obs.notes.push(`live refresh token (set ${setName(live)}) is in: ${places.join(', ') || 'NOWHERE'}`);
      p.check(places.length > 0, 'the live refresh token is on disk nowhere (not in a target, not in a rescue file): the connection is lost');
      for (const r of rescueFiles(project.dir)) {
        const values = r.json?.values;
        if (values?.refresh_token === live.refresh && values.access_token !== undefined) {
          p.check(values.access_token === live.access, `rescue file ${basename(r.path)} mixes two sets (access and refresh token)`);
        }
      }
      if (end.code === 0) p.attempt(() => expectTargetsHold(project, live));
      const everywhere = places.includes('.env') && places.includes('config.yaml');
      if (end.code === code && !everywhere) {
        // Stopped with the tokens not in every target: it must say where they are.
        const rescue = places.find((place) => place.startsWith('.reauth'));
        if (rescue) p.check(end.stderr.includes(basename(rescue)), `stderr must name the rescue file that holds the tokens (${rescue})`);
      }
      if (held && end.code === code && everywhere) {
        p.check(/\.env[\s\S]*config\.yaml|config\.yaml[\s\S]*\.env/.test(end.stderr), 'stderr must say where the tokens are (both targets)');
      }
    }

    // The next refresh, undisturbed, exits 0 and leaves every target holding the live pair.
    const between = reauthFolderListing(project.dir);
    const next = spawnReauth(['refresh', PROFILE, '-c', 'reauth.yaml'], { cwd: project.dir, env: project.env, owner, killAfterMs: NEXT_REFRESH_LIMIT_MS });
    const nextEnd = await next.ended;
    ends.push(['the next refresh', nextEnd]);
    const how = nextEnd.signal === 'SIGKILL' ? `still running after ${NEXT_REFRESH_LIMIT_MS / 1000} s (killed)` : `exit ${nextEnd.code ?? `by ${nextEnd.signal}`}`;
    p.check(nextEnd.code === 0, `the next refresh must exit 0; ${how}: ${nextEnd.stderr.trim().split('\n')[0] ?? ''} — .reauth/ before it: ${between}`);
    p.check(!STACK_OR_CRASH.test(nextEnd.stdout + nextEnd.stderr), 'a stack trace or "internal error" in the next refresh');
    const liveAfter = p.attempt(() => server.livePair());
    if (liveAfter) p.attempt(() => expectTargetsHold(project, liveAfter));
    const tempsAfter = tempFilesLeft(project.dir);
    p.check(tempsAfter.length === 0, `temp files left after the next refresh: ${tempsAfter.join(', ')}`);
    if (p.list.length > 0) fail(plan, obs, ends, p.list);
  } finally {
    logTimeline(plan, obs, ends);
    await server.close();
  }
}

async function killRun(plan: Plan, owner: string): Promise<void> {
  const project = await newProject();
  const { server } = project;
  const obs: Observed = { notes: [] };
  const p = new Problems();
  const ends: [string, Ended][] = [];
  try {
    const { run, disarm } = startFaultedRun(project, plan, owner, obs);
    let end: Ended;
    try {
      end = await run.ended;
    } finally {
      disarm();
    }
    ends.push(['the killed refresh', end]);
    obs.notes.push(`ended ${end.code ?? `by ${end.signal}`}; token calls: ${callsText(server)}`);
    if (obs.signalAt !== undefined) p.check(end.signal === 'SIGKILL' || end.code === 0, 'neither killed by SIGKILL nor finished');
    else p.check(end.code === 0, 'no kill reached it, yet it did not exit 0');
    // Files only: each parses and is wholly old or wholly new (a temp file may be left; a half-written target may not).
    const seen = p.attempt(() => checkTargets(project));
    if (seen) obs.notes.push(`after the kill: .env holds set ${setName(seen.env)}, config.yaml set ${setName(seen.yaml)}`);
    const temps = tempFilesLeft(project.dir);
    if (temps.length > 0) obs.notes.push(`temp files left by the kill: ${temps.join(', ')}`);
    if (p.list.length > 0) fail(plan, obs, ends, p.list);
  } finally {
    logTimeline(plan, obs, ends);
    await server.close();
  }
}

beforeAll(async () => {
  // One undisturbed refresh first: it measures start-to-request for the `early` moments, and a
  // binary that cannot refresh at all fails here with its own output rather than 46 times.
  const project = await newProject();
  try {
    const run = spawnReauth(['refresh', PROFILE, '-c', 'reauth.yaml'], { cwd: project.dir, env: project.env, owner: 'calibration' });
    const arrived = project.server.waitFor('arrived', 0).then((c) => c.arrivedAt - run.startedAt);
    const end = await run.ended;
    const ms = await Promise.race([arrived, sleep(10).then(() => undefined)]);
    if (ms !== undefined) usualRequestMs = Math.max(50, ms);
    if (end.code !== 0) console.warn(`refresh-signals: an undisturbed refresh exits ${end.code ?? end.signal}:\n${end.stderr}`);
  } finally {
    await project.server.close();
    await killOwned('calibration');
  }
});

afterEach(async (context) => {
  await killOwned(context.task.id);
});

afterAll(async () => {
  await killAllOwned();
  const alive = stillAlive();
  const left = processesIn(dirs);
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  expect(alive, 'reauth processes still running after the tests').toEqual([]);
  expect(left.map((p) => p.cmdline), 'processes left running in the test folders').toEqual([]);
});

describe(`reauth refresh stopped by a signal at a random moment (seed ${SEED})`, () => {
  for (const plan of PLANS) {
    it.concurrent(`${label(plan)} `, { timeout: 60_000 }, async ({ task }) => {
      await limit(() => signalRun(plan, task.id));
    });
  }
});

describe(`reauth refresh killed with SIGKILL: the files only (seed ${SEED})`, () => {
  for (const plan of KILL_PLANS) {
    it.concurrent(`${label(plan)} `, { timeout: 60_000 }, async ({ task }) => {
      await limit(() => killRun(plan, task.id));
    });
  }
});
