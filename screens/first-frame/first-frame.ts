/**
 * The wizard's frame as Ink will draw it, for the few views that come before Ink has loaded
 * (issue 9: the first question within 2× bare node): the finished steps above, a busy step,
 * or a text question. Mirrors transcript-line.tsx, busy-step.tsx, step-frame.tsx, text-step.tsx
 * and input-line.tsx line for line; first-frame.test.ts checks each against Ink's own frame.
 * Any other view is `undefined`: Ink draws it.
 */
import type { Prompt, WizardView } from '../../src/flow/prompt.js';
import { previewOf, pasteInputFrom } from '../../src/flow/paste-input-state.js';
import { groupDigits } from '../../src/system/group-digits.js';
import { wrapWords } from '../../src/system/wrap-words.js';
import { SPINNER_FRAMES } from '../spinner-frames.js';
import { optionColumns, visibleWindow } from '../list-window.js';
import { keyLineOf, SECRET_MAX_DOTS, SELECT_KEYS, SELECT_MAX_VISIBLE, TEXT_PREVIEW, textStepKeys } from '../step-parts.js';
import { trimWrappedLine } from '../trim-wrapped-line.js';
import { colors, symbols } from '../theme.js';
import type { TranscriptItem } from '../transcript.js';
import widestLine from 'widest-line';
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
    !prompt.secret && preview.shortened ? style.dim(` (${groupDigits(state.length)} characters)`) : '',
  ].join('');
  return textLines(text, columns);
}

/** Text laid out in a box `width` wide at column `x` of a row: padded so the next box starts where Ink puts it. */
const padTo = (line: string, width: number) => line + ' '.repeat(Math.max(0, width - widestLine(line)));

/** option-row.tsx: pointer and number, label, hint, each wrapping inside its own column. */
function optionRowLines(focused: boolean, marker: string, label: string, hint: string | undefined, widths: { prefix: number; label: number; hint: number }): string[] {
  const color = (text: string) => (focused ? style.color(colors.active, text) : text);
  const prefix = textLines(color(`${focused ? symbols.pointer : ' '} ${marker}`), widths.prefix);
  const labelLines = textLines(color(label), widths.label - (hint ? 2 : 0));
  const hintLines = hint ? textLines(style.dim(hint), widths.hint).map(trimWrappedLine) : [];
  const rows = Math.max(prefix.length, labelLines.length, hintLines.length);
  return Array.from({ length: rows }, (_, i) => padTo(prefix[i] ?? '', widths.prefix) + padTo(labelLines[i] ?? '', widths.label) + (hintLines[i] ?? ''));
}

/** select-list.tsx; undefined when its rows would not fit the terminal (Ink lays those out another way). */
function selectLines(prompt: Extract<Prompt, { kind: 'select' }>, columns: number): string[] | undefined {
  const { options } = prompt;
  const focus = Math.max(0, options.findIndex((option) => option.value === prompt.initial));
  const { start, end } = visibleWindow(options.length, focus, SELECT_MAX_VISIBLE);
  const { prefix, label } = optionColumns(options.map((o) => o.label), options.map((o) => o.hint), 2, columns);
  const hint = columns - prefix - label;
  // No room left for the hints beside wide columns: Ink squeezes the boxes another way.
  if (hint < 1 && options.some((option) => option.hint)) return undefined;
  return [
    ...(start > 0 ? textLines(style.dim(`  ↑ ${start} more`), columns) : []),
    ...options.slice(start, end).flatMap((option, offset) => {
      const index = start + offset;
      return optionRowLines(index === focus, index < 9 ? `${index + 1}.` : '  ', option.label, option.hint, { prefix, label, hint });
    }),
    ...(end < options.length ? textLines(style.dim(`  ↓ ${options.length - end} more`), columns) : []),
  ];
}

/** step-frame.tsx: the question, guidance, the step's body, what went wrong, the keys. */
function framed(prompt: Prompt, body: readonly string[], keys: string, columns: number): string[] {
  const keyLine = keyLineOf(keys, prompt.canGoBack);
  return [
    '',
    ...(prompt.title ? textLines(style.bold(style.color(colors.active, prompt.title)), columns) : []),
    ...(prompt.help ? help(prompt.help, columns) : []),
    ...body,
    ...(prompt.error ? textLines(`${symbols.failed} ${prompt.error}`, columns, (line) => style.color(colors.error, line)) : []),
    ...(keyLine ? help(keyLine, columns) : []),
  ];
}

function stepLines(prompt: Prompt, columns: number): string[] | undefined {
  // marginTop={1} of the step's box: an empty first line.
  if (prompt.kind === 'busy') {
    if (prompt.device) return undefined;
    return ['', ...textLines(`${style.color(colors.active, SPINNER_FRAMES[0])} ${prompt.title}`, columns), ...(prompt.help ? help(prompt.help, columns) : [])];
  }
  if (prompt.kind === 'text') return framed(prompt, inputLine(prompt, columns), textStepKeys(prompt), columns);
  if (prompt.kind === 'select') {
    const list = selectLines(prompt, columns);
    return list && framed(prompt, list, SELECT_KEYS, columns);
  }
  return undefined;
}

/**
 * The frame for `view`, with `newItems` the transcript items not printed yet and `openItems`
 * the finished steps app.tsx still draws live above the step (transcript.ts); undefined when
 * Ink must draw this view itself.
 */
export function frameOf(view: WizardView, newItems: readonly TranscriptItem[], openItems: readonly TranscriptItem[], columns: number): Frame | undefined {
  if (view.finished) return undefined;
  const itemLines = (items: readonly TranscriptItem[]): string[] | undefined => {
    const lines: string[] = [];
    for (const item of items) {
      const drawn = transcriptLines(item, columns);
      if (!drawn) return undefined;
      lines.push(...drawn);
    }
    return lines;
  };
  const staticLines = itemLines(newItems);
  const openLines = itemLines(openItems);
  const step = stepLines(view.prompt, columns);
  if (!staticLines || !openLines || !step) return undefined;
  // Ink's output ends every line where its last character is (output.js, trimEnd).
  return { staticLines: staticLines.map((line) => line.trimEnd()), liveLines: [...openLines, ...step].map((line) => line.trimEnd()) };
}
