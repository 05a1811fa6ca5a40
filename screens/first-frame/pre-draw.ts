/**
 * Draws the wizard's first frames with plain writes while Ink loads, then hands the screen to
 * Ink without a flicker (issue 9: the first question within 2× bare node; Ink's modules take
 * longer than that to load on a slow machine). What is drawn is what Ink's first frame will
 * show (first-frame.ts); just before Ink's first render, handOver() erases it inside a
 * synchronized update that Ink's own frame then ends, so the terminal shows the change at once
 * and the characters, being the same, do not move.
 *
 * Keys typed meanwhile are not read here: raw mode is already on (cli.ts), so they wait,
 * unechoed and in order, in the terminal until Ink reads them for the question on screen.
 */
import isInCi from 'is-in-ci';
import type { WizardStore } from '../../src/flow/prompt.js';
import { advanceTranscript, emptyTranscript, openLinesFor, type TranscriptState } from '../transcript.js';
import { frameOf } from './first-frame.js';
import { prefixNextWrite } from '../../src/system/prefix-next-write.js';

/** Ink's synchronized-update brackets (write-synchronized.js) and cursor. */
const BEGIN_SYNC = '\u001B[?2026h';
const END_SYNC = '\u001B[?2026l';
const HIDE_CURSOR = '\u001B[?25l';
const SHOW_CURSOR = '\u001B[?25h';

/** Erases `rows` lines above the cursor and the cursor's own line, as Ink's log-update does. */
export function eraseRows(rows: number): string {
  return rows > 0 ? `\u001B[2K${'\u001B[1A\u001B[2K'.repeat(rows)}\u001B[G` : '';
}

// Ink's first write (its own synchronized-update start) carries the erasing too
// (prefixNextWrite): React's first render runs between Ink being called and that write, tens
// of milliseconds on a slow machine, during which a terminal without synchronized updates
// would show the erased screen.

export interface PreDrawn {
  /** Settles when Ink should load: a question is on screen, a view came that only Ink draws, or a busy step lasts. */
  readonly inkWanted: Promise<void>;
  /** Stops drawing; the next write to the stream (Ink's first frame) first erases everything drawn. */
  handOver(): void;
}

export interface PreDrawOptions {
  /**
   * How long a busy step's still spinner may stand before Ink (which animates it) is wanted
   * anyway. Long enough for the folder scan on a busy machine: loading Ink while the scan runs
   * would hold the first question back until Ink is ready.
   */
  readonly busyMs?: number;
  /**
   * How long a busy step that opens the wizard may run before its spinner is drawn. The folder
   * scan usually ends within a few milliseconds: a spinner drawn for that long is a flicker,
   * and drawing it held the first question back by ~1 ms (issue 9). A longer scan shows it.
   */
  readonly quietMs?: number;
}

/** Whether Ink, given this stream, draws frames that can be pre-drawn: a TTY, outside CI (where Ink prints only the last frame). */
export function canPreDraw(out: NodeJS.WriteStream): boolean {
  return out.isTTY === true && !isInCi && (out.columns ?? 0) > 0 && (out.rows ?? 0) > 0;
}

export function preDraw(store: WizardStore, out: NodeJS.WriteStream, options: PreDrawOptions = {}): PreDrawn {
  let transcript: TranscriptState = emptyTranscript;
  let printed = 0;
  let staticRows = 0;
  let liveRows = 0;
  let drawing = true;
  let cursorHidden = false;
  let wantInk!: () => void;
  const inkWanted = new Promise<void>((resolve) => (wantInk = resolve));
  const busyTimer = setTimeout(() => wantInk(), options.busyMs ?? 300);
  const quietMs = options.quietMs ?? 50;
  let quiet = quietMs > 0;
  const quietTimer = quiet
    ? setTimeout(() => {
        quiet = false;
        draw();
      }, quietMs)
    : undefined;
  const showCursorOnExit = () => out.write(SHOW_CURSOR);

  const stop = () => {
    drawing = false;
    clearTimeout(busyTimer);
    clearTimeout(quietTimer);
    wantInk();
  };

  const draw = () => {
    if (!drawing) return;
    const view = store.getView();
    if (view.prompt.kind === 'busy' && quiet && !cursorHidden) return;
    // The same fold and the same room for live lines as app.tsx, so both draw the same lines.
    transcript = advanceTranscript(transcript, view, openLinesFor(out.rows));
    const frame = frameOf(view, transcript.items.slice(printed), transcript.open, out.columns);
    // Ink draws a frame as tall as the terminal another way (and lines that scrolled away cannot be erased).
    if (!frame || staticRows + frame.staticLines.length + frame.liveLines.length + 1 >= out.rows) return stop();
    // Hidden as Ink hides it; shown again if the run ends before Ink has taken over (Ink shows it at its own end).
    if (!cursorHidden) process.once('exit', showCursorOnExit);
    cursorHidden = true;
    const staticText = frame.staticLines.map((line) => `${line}\n`).join('');
    out.write(`${HIDE_CURSOR}${BEGIN_SYNC}${eraseRows(liveRows)}${staticText}${frame.liveLines.join('\n')}\n${END_SYNC}`);
    printed = transcript.items.length;
    staticRows += frame.staticLines.length;
    liveRows = frame.liveLines.length;
    if (view.prompt.kind !== 'busy') stop();
  };

  const unsubscribe = store.subscribe(draw);
  draw();
  return {
    inkWanted,
    handOver() {
      stop();
      unsubscribe();
      if (!cursorHidden) return;
      process.removeListener('exit', showCursorOnExit);
      prefixNextWrite(out, `${BEGIN_SYNC}${eraseRows(staticRows + liveRows)}`);
    },
  };
}
