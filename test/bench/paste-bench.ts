/**
 * A 100 KB paste, as Ink hands it over: ~4 KB chunks into the paste box reducer, each followed
 * by the bounded preview the screen draws, the last chunk ending in the Enter the terminal
 * sends; then the submitted text through parsePastedCallback. Both must stay linear
 * (STYLE.md: per-character editing of a growing string makes a long paste quadratic).
 */
import { parsePastedCallback } from '../../src/oauth/parse-pasted-callback.js';
import { applyPasteInput, emptyPasteInput, previewOf, type PasteInputState } from '../../src/flow/paste-input-state.js';
import { timeRuns, type Summary } from './stats.js';

export interface PasteFigures {
  readonly bytes: number;
  readonly chunks: number;
  readonly reducer: Summary;
  readonly parser: Summary;
}

const STATE = 'bench-state-0001';
const CHUNK = 4096;

/** A redirect address padded to `size` characters by a long extra parameter (some services send huge ones). */
function longRedirect(size: number): string {
  const head = `https://localhost/callback?state=${STATE}&code=fake-netatmo-code-0001-abcdef&session_blob=`;
  return head + 'x'.repeat(size - head.length);
}

function feed(chunks: readonly string[]): string {
  let state: PasteInputState = emptyPasteInput;
  for (const chunk of chunks) {
    const result = applyPasteInput(state, { type: 'text', text: chunk });
    state = result.state;
    previewOf(state);
    if (result.submitted !== undefined) return result.submitted;
  }
  throw new Error('the paste was never submitted');
}

export async function benchPaste(size: number, runs: number): Promise<PasteFigures> {
  const pasted = longRedirect(size);
  const chunks: string[] = [];
  for (let at = 0; at < pasted.length; at += CHUNK) chunks.push(pasted.slice(at, at + CHUNK));
  chunks[chunks.length - 1] += '\r';

  const submitted = feed(chunks);
  if (submitted !== pasted) throw new Error('the paste box changed the pasted text');
  const parsed = parsePastedCallback(submitted, { state: STATE });
  if (!parsed.ok || parsed.code !== 'fake-netatmo-code-0001-abcdef') throw new Error(`the pasted address was not read: ${JSON.stringify(parsed)}`);

  const reducer = await timeRuns(runs, () => feed(chunks), { warmup: 5 });
  const parser = await timeRuns(runs, () => parsePastedCallback(submitted, { state: STATE }), { warmup: 5 });
  return { bytes: Buffer.byteLength(pasted), chunks: chunks.length, reducer, parser };
}
