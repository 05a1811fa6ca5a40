/**
 * Peak memory of a child `node` run without a wrapper program: a data: URL module given to
 * `node --import` writes the process's peak resident memory to a file when it exits.
 * GNU `/usr/bin/time -f %M` would do the same but is absent on macOS and Windows; this works
 * wherever node does, inside a pseudo-terminal too.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Linux: VmHWM from /proc/self/status, the peak of this program's own memory. getrusage's
// maxRSS (resourceUsage) carries over the peak of the address space before exec, and a child
// node spawns shares its parent's until exec: every child of a bench that had read a 2 MB
// file itself reported that bench's 77.5 MB. Elsewhere maxRSS, which is what there is.
const PRELOAD =
  'import{readFileSync,writeFileSync}from"node:fs";' +
  'const peakKb=()=>{try{const m=/^VmHWM:\\s+(\\d+) kB$/m.exec(readFileSync("/proc/self/status","utf8"));if(m)return Number(m[1])}catch{}return process.resourceUsage().maxRSS};' +
  'process.on("exit",()=>writeFileSync(process.env.REAUTH_BENCH_RSS_FILE,String(peakKb())))';

export interface MaxRssProbe {
  /** Node arguments to put before the script. */
  readonly nodeArgs: readonly string[];
  /** Environment additions for the child. */
  readonly env: Readonly<Record<string, string>>;
  /** Peak resident memory in bytes, once the child has exited; undefined if it never said. */
  read(): number | undefined;
  dispose(): void;
}

export function maxRssProbe(): MaxRssProbe {
  const folder = mkdtempSync(join(tmpdir(), 'reauth-bench-rss-'));
  const file = join(folder, 'max-rss');
  return {
    nodeArgs: ['--import', `data:text/javascript,${encodeURIComponent(PRELOAD)}`],
    env: { REAUTH_BENCH_RSS_FILE: file },
    read() {
      try {
        // Both are in kilobytes (VmHWM; getrusage ru_maxrss on Linux).
        return Number(readFileSync(file, 'utf8')) * 1024;
      } catch {
        return undefined;
      }
    },
    dispose: () => rmSync(folder, { recursive: true, force: true }),
  };
}
