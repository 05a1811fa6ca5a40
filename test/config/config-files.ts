/**
 * Real temp folders for reauth.yaml tests: no fs stubbing (preamble rules).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempFolder {
  readonly dir: string;
  /** Writes `reauth.yaml` (or `name`) and returns its absolute path. */
  write(text: string, name?: string): Promise<string>;
  remove(): Promise<void>;
}

export async function tempFolder(): Promise<TempFolder> {
  const dir = await mkdtemp(join(tmpdir(), 'reauth-config-'));
  return {
    dir,
    async write(text, name = 'reauth.yaml') {
      const path = join(dir, name);
      await writeFile(path, text, 'utf8');
      return path;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Joins lines so each test's line numbers can be read off the array. */
export function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}
