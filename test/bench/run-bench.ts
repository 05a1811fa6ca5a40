/**
 * `npm run bench`: prints reauth's performance figures (DESIGN.md "Testing") — start-up to the
 * first question against bare node, the exchange's own overhead, writer time on large files, a
 * 100 KB paste, peak memory, and what keeping a refresh safe costs. Figures to read, not pass/fail timings: a loaded machine moves
 * them all, so the header states the load average next to the node version and CPU count.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchIdleCpu } from './countdown-cpu-bench.js';
import { benchDelivery } from './delivery-bench.js';
import { benchExchange } from './exchange-bench.js';
import { largeCommentedYaml, largeDotenv, largeEnvpy, largeJson, largeYaml } from './large-files.js';
import { benchPaste } from './paste-bench.js';
import { benchRefreshFiles } from './refresh-files-bench.js';
import { formatBytes, formatMs, formatRate, type Summary } from './stats.js';
import { benchStartup } from './startup-bench.js';
import { formatTable } from './table.js';
import { benchWriter, type WriterFigure } from './writer-bench.js';
import { BENCH_NODE, BENCH_NODE_VERSION } from './bench-node.js';

const SCRIPT = fileURLToPath(new URL('../../dist/reauth.js', import.meta.url));

// Node 20 reads NODE_EXTRA_CA_CERTS's whole file as it starts, before any of reauth's code:
// with a system CA bundle (some machines set it for every process) that is ~75 ms on every
// start, bare node's too, which made every ratio look better than it is (issue 9 measured
// bare node at 28–32 ms). Children run without it; the header says so.
const EXTRA_CA = process.env.NODE_EXTRA_CA_CERTS;
delete process.env.NODE_EXTRA_CA_CERTS;
// reauth keeps V8's compiled code between runs (src/system/code-cache.ts): the bench gives it a
// cache folder of its own, filled by each row's untimed first round, so the figures are those of
// a person's second and later runs, and not disturbed by the developer's own ~/.cache. The
// "first run" rows turn the cache off (NODE_DISABLE_COMPILE_CACHE=1), as a first run has none.
const BENCH_CACHE_HOME = mkdtempSync(join(tmpdir(), 'reauth-bench-cache-'));
process.env.XDG_CACHE_HOME = BENCH_CACHE_HOME;
process.on('exit', () => rmSync(BENCH_CACHE_HOME, { recursive: true, force: true }));
const STARTUP_RUNS = 11;
const MEMORY_RUNS = 3;

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

function header(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const load = loadavg().map((value) => value.toFixed(2)).join(' ');
  return [
    'reauth bench — figures, not pass/fail',
    `node ${BENCH_NODE_VERSION}${BENCH_NODE === process.execPath ? '' : ` (${BENCH_NODE}; the harness: ${process.version})`} · ${process.platform}/${process.arch} · ${availableParallelism()} CPUs (${cpu}) · load ${load}`,
    `${new Date().toISOString()}`,
    ...(EXTRA_CA ? [`NODE_EXTRA_CA_CERTS (${EXTRA_CA}) is set here: the programs timed run without it, as on a machine that does not set it.`] : []),
    "reauth's compiled-code cache: a fresh folder of the bench's own, filled by an untimed first round (as from a person's second run on); \"first run\" rows run without it.",
    '',
  ].join('\n');
}

function row(label: string, s: Summary): string[] {
  return [label, String(s.runs), formatMs(s.median), formatMs(s.min)];
}

async function startupAndMemory(): Promise<void> {
  const figures = await benchStartup(SCRIPT, STARTUP_RUNS, MEMORY_RUNS);
  const bare = figures[0];
  const times = (ms: number, base: number | undefined) => (base ? `${(ms / base).toFixed(1)}×` : '—');
  print(
    formatTable({
      title: '1. Start-up (built bundle dist/reauth.js; wizard: --provider netatmo; CI=false)',
      columns: ['what', 'runs', 'median', 'min', 'vs bare node'],
      rows: figures.map((f) => [...row(f.label, f.time), f.inPty ? times(f.time.median, bare?.time.median) : '—']),
      note:
        'Rows with a ratio: spawned in a fresh pseudo-terminal, timed to their text reaching it (wizard: the first question, "Netatmo client ID"; Ink program: its line), runs interleaved. ' +
        'Refresh rows: spawn → exit with pipes, compared with the bare fetch in their label.',
    }),
  );
  print(
    formatTable({
      title: '5. Peak memory (each process’s own peak resident memory at exit: VmHWM on Linux, else maxRSS)',
      columns: ['what', 'runs', 'maxRSS', 'vs bare node'],
      rows: figures.map((f) => [f.label, String(MEMORY_RUNS), f.maxRss !== undefined ? formatBytes(f.maxRss) : '—', f.maxRss && bare?.maxRss ? times(f.maxRss, bare.maxRss) : '—']),
      note: 'Wizard rows: started, first question shown, then cancelled with Ctrl+C. Median of the runs; MB = 10⁶ bytes.',
    }),
  );
}

async function exchange(): Promise<void> {
  const f = await benchExchange(60, 10);
  const diff = (a: Summary, b: Summary) => ['', '', formatMs(a.median - b.median), formatMs(a.min - b.min)];
  print(
    formatTable({
      title: '2. Exchange overhead (loopback Netatmo emulator, global fetch)',
      columns: ['what', 'runs', 'median', 'min'],
      rows: [
        row('bare fetch: code exchange', f.bareExchange),
        row('reauth exchangeCode', f.reauthExchange),
        ['  reauth overhead', ...diff(f.reauthExchange, f.bareExchange).slice(1)],
        row('bare fetch: refresh', f.bareRefresh),
        row('reauth refreshGrant', f.reauthRefresh),
        ['  reauth overhead', ...diff(f.reauthRefresh, f.bareRefresh).slice(1)],
      ],
      note: 'Bare fetch posts the same form to the same endpoint and parses the JSON; overhead = reauth − bare.',
    }),
  );
}

async function writers(): Promise<void> {
  // YAML gets fewer runs: the yaml package parses at a few MB/s at best and plan parses it
  // several times, so a quarter-megabyte config already costs seconds on a small machine.
  const files = [
    { file: largeDotenv(10_000), runs: 5 },
    { file: largeEnvpy(10_000), runs: 5 },
    { file: largeYaml(1_000), runs: 3 },
    { file: largeCommentedYaml(10_000), runs: 3 },
    { file: largeJson(7_000), runs: 3 },
  ];
  const figures: WriterFigure[] = [];
  for (const { file, runs } of files) figures.push(await benchWriter(file, runs, 1));
  print(
    formatTable({
      title: '3. Writer time on large files (createTarget read → plan → apply, atomic write + .bak, 3 keys)',
      columns: ['file', 'runs', 'size', 'read', 'plan', 'apply', 'total', 'min', 'throughput'],
      rows: figures.map((f) => [
        f.label,
        String(f.total.runs),
        formatBytes(f.bytes),
        formatMs(f.read.median),
        formatMs(f.plan.median),
        formatMs(f.apply.median),
        formatMs(f.total.median),
        formatMs(f.total.min),
        formatRate(f.bytes, f.total.median),
      ]),
      note: 'Medians (after 1 warm-up run); throughput = file size / median total.',
    }),
  );

  // The same files through the whole command, as cron runs it (issue 9's targets).
  const refreshes = await benchRefreshFiles(SCRIPT, [largeDotenv(10_000), largeEnvpy(10_000), largeCommentedYaml(10_000), largeJson(7_000)], STARTUP_RUNS, MEMORY_RUNS);
  const small = refreshes[0];
  // A large file can come out faster than the small one on a noisy machine: then the sign is − (not "+-").
  const extra = (ms: number) => {
    if (!small || ms === small.time.median) return '—';
    const delta = ms - small.time.median;
    return `${delta < 0 ? '−' : '+'}${formatMs(Math.abs(delta))}`;
  };
  print(
    formatTable({
      title: '3b. reauth refresh into a large file (built bundle, spawned; loopback Netatmo; 1 profile, 3 keys)',
      columns: ['target', 'runs', 'size', 'median', 'min', 'vs small .env', 'maxRSS'],
      rows: refreshes.map((f) => [
        f.label,
        String(f.time.runs),
        f.bytes > 0 ? formatBytes(f.bytes) : '—',
        formatMs(f.time.median),
        formatMs(f.time.min),
        extra(f.time.median),
        f.maxRss !== undefined ? formatBytes(f.maxRss) : '—',
      ]),
      note: `Interleaved runs; "vs small .env" = median − the baseline's median. maxRSS: median of ${MEMORY_RUNS} separate runs (its own peak resident memory at exit), as in section 5.`,
    }),
  );
}

async function paste(): Promise<void> {
  const f = await benchPaste(100 * 1024, 30);
  print(
    formatTable({
      title: '4. Paste handling (a 100 KB redirect address in 4 KB chunks)',
      columns: ['step', 'runs', 'median', 'min', 'throughput'],
      rows: [
        [...row(`paste box reducer + preview, ${f.chunks} chunks`, f.reducer), formatRate(f.bytes, f.reducer.median)],
        [...row('parsePastedCallback', f.parser), formatRate(f.bytes, f.parser.median)],
      ],
    }),
  );
}

async function delivery(): Promise<void> {
  const f = await benchDelivery(30, 3);
  const over = (a: Summary, b: Summary) => ['', '', formatMs(a.median - b.median), formatMs(a.min - b.min)];
  print(
    formatTable({
      title: '6. Keeping a refresh safe (loopback Netatmo; a .env and a config.yaml target, atomic writes + .bak)',
      columns: ['what', 'runs', 'median', 'min'],
      rows: [
        row('naive: refresh, then write both', f.naive),
        row('+ safety copy reserved first', f.safetyCopy),
        ['  cost of the safety copy', ...over(f.safetyCopy, f.naive).slice(1)],
        row('whole refreshProfile', f.refreshProfile),
        ['  cost of locks, preflight, record', ...over(f.refreshProfile, f.safetyCopy).slice(1)],
      ],
      note: 'Interleaved runs, same targets and writer; the safety copy is 64 KB reserved and fsynced before the request, filled after it.',
    }),
  );
}

async function idleCpu(): Promise<void> {
  const figures = await benchIdleCpu(SCRIPT, 10_000);
  print(
    formatTable({
      title: '7. CPU while waiting for the person (sign-in screen, in a pseudo-terminal)',
      columns: ['what', 'window', 'CPU'],
      rows: figures.map((f) => [f.label, formatMs(f.windowMs), f.percent === undefined ? '—' : `${f.percent.toFixed(1)} % of one CPU`]),
      note: 'utime + stime from /proc/PID/stat over the window (10 ms ticks), starting 0.5 s after the screen appeared.',
    }),
  );
}

if (!existsSync(SCRIPT)) {
  process.stderr.write(`${SCRIPT} is missing: run \`npm run bench\` (it builds first) or \`npm run build\`.\n`);
  process.exit(2);
}
// `npm run bench -- startup writers` runs only the sections named (all of them without names).
const SECTIONS = { startup: startupAndMemory, exchange, writers, paste, delivery, idle: idleCpu } as const;
const named = process.argv.slice(2);
const unknown = named.filter((name) => !(name in SECTIONS));
if (unknown.length > 0) {
  process.stderr.write(`No bench section ${unknown.join(', ')}; there are: ${Object.keys(SECTIONS).join(', ')}.\n`);
  process.exit(2);
}
const started = performance.now();
print(header());
for (const [name, section] of Object.entries(SECTIONS)) {
  if (named.length > 0 && !named.includes(name)) continue;
  const sectionStarted = performance.now();
  await section();
  print(`(${((performance.now() - sectionStarted) / 1000).toFixed(1)} s)\n`);
}
print(`bench took ${((performance.now() - started) / 1000).toFixed(1)} s`);
