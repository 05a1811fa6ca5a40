/**
 * Takes one picture of a pane: waits until the screen stops changing (Ink draws a frame in
 * pieces), captures it with its colours, checks no secret is on it whole, renders the SVG and
 * has rsvg-convert make the PNG.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAnsi, renderSvg, trimBottom } from './ansi-to-svg.js';
import type { Pane } from './tmux-pane.js';

const run = promisify(execFile);

export interface SnapTarget {
  /** Where the PNG goes (screens/pictures/). */
  readonly folder: string;
  /** Where the SVG is left for a look (a scratch folder: only the PNGs are committed). */
  readonly scratch: string;
  readonly columns: number;
  /** Every secret the emulators know (client secrets, passwords, tokens issued so far). */
  readonly secrets: () => readonly string[];
}

/** A picture is refused if any secret is on it whole, also across the terminal's line wraps. */
export function assertNoSecret(screen: string, secrets: readonly string[], name: string): void {
  const unwrapped = screen.replace(/\n/g, '');
  const found = secrets.filter((secret) => secret.length >= 8 && (screen.includes(secret) || unwrapped.includes(secret)));
  if (found.length > 0) throw new Error(`The picture ${name} would show ${found.length} whole secret(s): not written.`);
}

async function settledCapture(pane: Pane): Promise<string> {
  let previous = await pane.capture(true);
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, 250));
    const now = await pane.capture(true);
    if (now === previous) return now;
    previous = now;
  }
  // A countdown or spinner never settles for long: the last frame is as good as any.
  return previous;
}

export async function snap(pane: Pane, target: SnapTarget, name: string, title: string): Promise<string> {
  const capture = await settledCapture(pane);
  assertNoSecret(await pane.capture(), target.secrets(), name);
  const svg = renderSvg(trimBottom(parseAnsi(capture)), { columns: target.columns, title });
  const svgPath = join(target.scratch, `${name}.svg`);
  const pngPath = join(target.folder, `${name}.png`);
  await writeFile(svgPath, svg);
  await run('rsvg-convert', ['--format', 'png', '--output', pngPath, svgPath]);
  process.stdout.write(`  ${pngPath}\n`);
  return pngPath;
}
