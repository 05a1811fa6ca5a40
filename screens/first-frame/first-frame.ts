/**
 * The wizard's frame as Ink will draw it, for the few views that come before Ink has loaded
 * (issue 9: the first question within 2× bare node): the finished steps above, a busy step,
 * or a text question. Mirrors transcript-line.tsx, busy-step.tsx, step-frame.tsx, text-step.tsx
 * and input-line.tsx line for line; first-frame.test.ts checks each against Ink's own frame.
 * Any other view is `undefined`: Ink draws it.
 */
import type { Prompt, WizardView } from '../../src/flow/prompt.js';
import { previewOf, pasteInputFrom } from '../../src/flow/paste-input-state.js';
import { wrapWords } from '../../src/system/wrap-words.js';
import { SPINNER_FRAMES } from '../spinner-frames.js';
import { keyLineOf, SECRET_MAX_DOTS, TEXT_PREVIEW, textStepKeys } from '../text-step-parts.js';
import { colors, symbols } from '../theme.js';
import type { TranscriptItem } from '../transcript.js';
import { proseLines, style, textLines } from './ink-text.js';

export interface Frame {
  /** Lines Ink prints once through <Static>, above the live area. */
  readonly staticLines: readonly string[];
  /** The live area (the current step), top to bottom. */
  readonly liveLines: readonly string[];
}

/** transcript-line.tsx: its label column width. */
const labelWidth = 16;

function transcriptLines(item: TranscriptItem, columns: number): string[] | undefined {
  if (item.kind !== 'step') return undefined;
  const label = item.label.padEnd(Math.max(labelWidth, item.label.length + 2));
  const indent = 2 + label.length;
  const mark = item.failed ? style.color(colors.error, symbols.failed) : style.color(colors.done, symbols.done);
  return wrapWords(item.value, Math.max(20, columns - indent - 1)).flatMap((line, index) =>
    textLines(index === 0 ? `${mark} ${style.dim(label)}${line}` : `${' '.repeat(indent)}${line}`, columns),
  );
}

const help = (text: string, columns: number) => proseLines(text, columns, style.dim);

function inputLine(prompt: Extract<Prompt, { kind: 'text' }>, columns: number): string[] {
  const state = pasteInputFrom(prompt.initial ?? '');
  const preview = previewOf(state, TEXT_PREVIEW.head, TEXT_PREVIEW.tail);
  const secret =
    state.length <= SECRET_MAX_DOTS ? symbols.bullet.repeat(state.length) : `${symbols.bullet.repeat(SECRET_MAX_DOTS)}… ${style.dim(`(${state.length} chars)`)}`;
  const text = [
    style.color(colors.active, `${symbols.pointer} `),
    state.length === 0 && prompt.placeholder ? style.dim(prompt.placeholder) : '',
    prompt.secret ? secret : preview.text,
    style.color(colors.active, symbols.cursor),
    !prompt.secret && preview.shortened ? style.dim(` (${state.length.toLocaleString('en-US')} characters)`) : '',
  ].join('');
  return textLines(text, columns);
}

function stepLines(prompt: Prompt, columns: number): string[] | undefined {
  // marginTop={1} of the step's box: an empty first line.
  if (prompt.kind === 'busy') {
    if (prompt.device) return undefined;
    return ['', ...textLines(`${style.color(colors.active, SPINNER_FRAMES[0])} ${prompt.title}`, columns), ...(prompt.help ? help(prompt.help, columns) : [])];
  }
  if (prompt.kind !== 'text') return undefined;
  const keyLine = keyLineOf(textStepKeys(prompt), prompt.canGoBack);
  return [
    '',
    ...(prompt.title ? textLines(style.bold(style.color(colors.active, prompt.title)), columns) : []),
    ...(prompt.help ? help(prompt.help, columns) : []),
    ...inputLine(prompt, columns),
    ...(prompt.error ? textLines(`${symbols.failed} ${prompt.error}`, columns, (line) => style.color(colors.error, line)) : []),
    ...(keyLine ? help(keyLine, columns) : []),
  ];
}

/**
 * The frame for `view`, with `newItems` the transcript items not printed yet; undefined when
 * Ink must draw this view itself.
 */
export function frameOf(view: WizardView, newItems: readonly TranscriptItem[], columns: number): Frame | undefined {
  if (view.finished) return undefined;
  const staticLines: string[] = [];
  for (const item of newItems) {
    const lines = transcriptLines(item, columns);
    if (!lines) return undefined;
    staticLines.push(...lines);
  }
  // Ink's output ends every line where its last character is (output.js, trimEnd).
  const liveLines = stepLines(view.prompt, columns)?.map((line) => line.trimEnd());
  return liveLines ? { staticLines: staticLines.map((line) => line.trimEnd()), liveLines } : undefined;
}
