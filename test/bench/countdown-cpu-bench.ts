/**
 * CPU used while the wizard waits for the person (issue 9, point 6): the sign-in screen with the
 * code's countdown ticking is where reauth sits for minutes while someone finds their browser
 * tab. Measured from the kernel's own account of the process (/proc/PID/stat utime + stime)
 * over a quiet window, in a real pseudo-terminal, for both renderers; bare `node` waiting on a
 * timer is timed the same way as the floor. Linux only (other systems print a dash).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pty from '@lydell/node-pty';
import { netatmoOverride, startNetatmoEmulator } from '../support/netatmo-emulator.js';
import { BENCH_NODE } from './bench-node.js';

export interface IdleCpuFigure {
  readonly label: string;
  /** Share of one CPU over the window, in percent; undefined where /proc is not there. */
  readonly percent: number | undefined;
  readonly windowMs: number;
}

const ESCAPES = /\u001B\[[0-9;?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(\u0007|\u001B\\)|\u001B[@-Z\\-_]/g;
/** Clock ticks per second for /proc/PID/stat times: 100 on every Linux build that matters here. */
const CLK_TCK = 100;

async function cpuTicks(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (!stat) return undefined;
  // Fields after the ")" that closes the command name: utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

interface Step {
  readonly waitFor: RegExp;
  readonly send: string;
}

/** Spawns in a pty, answers `steps` in order, then measures CPU over `windowMs` once `idleAt` shows. */
function measure(args: readonly string[], cwd: string, steps: readonly Step[], idleAt: RegExp, windowMs: number, env: Record<string, string>): Promise<number | undefined> {
  const fullEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) fullEnv[name] = value;
  Object.assign(fullEnv, { CI: 'false', TERM: 'xterm-256color' }, env);
  return new Promise((resolve, reject) => {
    const child = pty.spawn(BENCH_NODE, [...args], { name: 'xterm-256color', cols: 100, rows: 30, cwd, env: fullEnv });
    let seen = '';
    let step = 0;
    let measuring = false;
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`idle CPU bench: no ${String(steps[step]?.waitFor ?? idleAt)} within 20 s; the terminal showed:\n${seen.slice(-1500)}`));
    }, 20_000);
    child.onData((chunk) => {
      seen += chunk.replace(ESCAPES, '');
      const next = steps[step];
      if (next && next.waitFor.test(seen)) {
        step += 1;
        seen = '';
        child.write(next.send);
        return;
      }
      if (next || measuring || !idleAt.test(seen)) return;
      measuring = true;
      clearTimeout(timer);
      void (async () => {
        // Let the first redraws after the screen appeared settle before the window opens.
        await new Promise((r) => setTimeout(r, 500));
        const before = await cpuTicks(child.pid);
        const start = performance.now();
        await new Promise((r) => setTimeout(r, windowMs));
        const after = await cpuTicks(child.pid);
        const elapsed = performance.now() - start;
        child.kill('SIGTERM');
        resolve(before === undefined || after === undefined ? undefined : (((after - before) / CLK_TCK) * 1000 * 100) / elapsed);
      })();
    });
  });
}

export async function benchIdleCpu(script: string, windowMs: number): Promise<IdleCpuFigure[]> {
  const netatmo = await startNetatmoEmulator({ redirectUris: ['https://localhost/callback'] });
  const dir = await mkdtemp(join(tmpdir(), 'reauth-bench-idle-'));
  try {
    const override = netatmoOverride(netatmo);
    await writeFile(
      join(dir, 'reauth.yaml'),
      ['version: 1', 'profiles: {}', 'providers:', '  netatmo:', ...Object.entries(override).map(([k, v]) => `    ${k}: ${v}`), ''].join('\n'),
    );
    // No browser opens (BROWSER=true exits at once); the fake credentials are typed like a person would.
    const env = { BROWSER: 'true', HOME: dir };
    const answers: Step[] = [
      { waitFor: /client ID/, send: 'fake-netatmo-client-0001\r' },
      { waitFor: /client secret/, send: 'fake-netatmo-secret-0001\r' },
      // The places and their key names come before the scopes: the preselected .env, the names as they are.
      { waitFor: /Where should the new tokens be written/, send: '\r' },
      { waitFor: /Use these names/, send: '\r' },
      { waitFor: /scopes/, send: '\r' },
      { waitFor: /Redirect URI/, send: '\r' },
    ];
    // The plain renderer asks for further scopes on a line of its own.
    const plainAnswers: Step[] = [...answers.slice(0, 5), { waitFor: /Others/, send: '\r' }, ...answers.slice(5)];
    const figures: IdleCpuFigure[] = [];
    figures.push({
      label: 'bare node waiting on a 1 s timer',
      percent: await measure(['-e', 'setInterval(() => {}, 1000); console.log("waiting")'], dir, [], /waiting/, windowMs, {}),
      windowMs,
    });
    figures.push({
      label: 'wizard (Ink) on the sign-in screen, countdown ticking',
      percent: await measure([script, 'setup', '--provider', 'netatmo'], dir, answers, /Code expires in/, windowMs, env),
      windowMs,
    });
    figures.push({
      label: 'wizard (--plain) at the paste question',
      percent: await measure([script, 'setup', '--provider', 'netatmo', '--plain'], dir, plainAnswers, /Paste the code/, windowMs, env),
      windowMs,
    });
    return figures;
  } finally {
    await netatmo.close();
    await rm(dir, { recursive: true, force: true });
  }
}
