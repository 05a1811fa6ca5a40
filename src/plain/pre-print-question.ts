/**
 * `--plain`: the first question on screen before @inquirer/prompts has loaded (issue 9: the
 * first question within 2× bare node; inquirer, node:readline and their set-up took ~30–40 ms
 * of it on a 2-core machine). The line is drawn as inquirer's input and password prompts draw
 * their first frame — the same characters, in the same theme (plain-theme.ts) — and inquirer's own
 * first frame, the next write, starts by erasing it (carriage return, erase line) and draws
 * it again in place, in one write: nothing moves and nothing flickers.
 *
 * Only on a terminal, only for a line that fits it in plain ASCII (its width is then its
 * length, as inquirer measures it), only for text questions (the first of `reauth setup
 * --provider X`); other questions wait for inquirer as before. Keys typed meanwhile wait,
 * unechoed, in PlainInput's queue for the question (plain-input.ts).
 */
import type { Prompt } from '../flow/prompt.js';
import { prefixNextWrite } from '../system/prefix-next-write.js';
import type { PlainTheme } from './plain-theme.js';

const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;
const ERASE_LINE = '\r\u001B[2K';

type TextPrompt = Extract<Prompt, { kind: 'text' }>;

/**
 * The line inquirer's first frame shows for this question, as ask-plain.ts asks it (input
 * with its default; password with the mask, so nothing after the message), or undefined
 * when it cannot be drawn exactly here.
 */
export function firstQuestionLine(prompt: TextPrompt, columns: number, theme: PlainTheme): string | undefined {
  const message = prompt.secret ? prompt.title + (prompt.initial ? ' (Enter keeps the one found)' : '') : prompt.title;
  const shownDefault = !prompt.secret && prompt.initial ? `(${prompt.initial})` : undefined;
  // [prefix, message, default?, value ''] joined by spaces: the empty value leaves a space, where the cursor stands.
  const plain = ['?', message, ...(shownDefault ? [shownDefault] : []), ''].join(' ');
  if (!PRINTABLE_ASCII.test(plain) || plain.length >= columns) return undefined;
  return [theme.prefix.idle, theme.style.message(message), ...(prompt.initial && !prompt.secret ? [theme.style.defaultAnswer(prompt.initial)] : []), ''].join(' ');
}

export interface PrePrinted {
  /** The next write to the output (inquirer's first frame) first erases the line drawn here. */
  handOver(): void;
}

/**
 * Draws `header` (as ask-plain.ts would, through `write`) and the question line, when the
 * question can be drawn before inquirer; undefined (nothing written) otherwise.
 */
export function prePrintQuestion(
  prompt: Prompt,
  header: string,
  output: NodeJS.WritableStream,
  write: (text: string) => void,
  theme: PlainTheme,
): PrePrinted | undefined {
  const tty = output as Partial<NodeJS.WriteStream>;
  if (prompt.kind !== 'text' || tty.isTTY !== true || !tty.columns) return undefined;
  const line = firstQuestionLine(prompt, tty.columns, theme);
  if (line === undefined) return undefined;
  if (header) write(`\n${header}\n`);
  output.write(line);
  return { handOver: () => prefixNextWrite(output, ERASE_LINE) };
}
