/**
 * Peak memory of a child `node` run without a wrapper program: a data: URL module given to
 * `node --import` writes `process.resourceUsage().maxRSS` to a file when the process exits.
 * GNU `/usr/bin/time -f %M` would do the same but is absent on macOS and Windows; this works
 * wherever node does, inside a pseudo-terminal too.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PRELOAD =
  'import{writeFileSync}from"node:fs";' +
  'process.on("exit",()=>writeFileSync(process.env.REAUTH_BENCH_RSS_FILE,String(process.resourceUsage().maxRSS)))';

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
        // resourceUsage().maxRSS is in kilobytes (getrusage ru_maxrss on Linux).
        return Number(readFileSync(file, 'utf8')) * 1024;
      } catch {
        return undefined;
      }
    },
    dispose: () => rmSync(folder, { recursive: true, force: true }),
  };
}
