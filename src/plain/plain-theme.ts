/**
 * inquirer's look under NO_COLOR. inquirer styles through yoctocolors, which asks Node's
 * hasColors(): under NO_COLOR that drops bold and dim with the colour, while no-color.org asks
 * only that colour goes (src/system/no-color.ts decides for both renderers). So without colour
 * plain mode brings its own bold and dim — to a terminal only: a log gets no escape codes.
 * With colour, inquirer's own theme is used as it is.
 */
import { colourWanted } from '../system/no-color.js';

export interface PlainTheme {
  readonly prefix: { readonly idle: string; readonly done: string };
  readonly style: {
    readonly message: (text: string) => string;
    readonly answer: (text: string) => string;
    readonly highlight: (text: string) => string;
    readonly defaultAnswer: (text: string) => string;
    readonly help: (text: string) => string;
    readonly error: (text: string) => string;
  };
}

const sgr = (open: number, close: number) => (text: string) => `\u001B[${open}m${text}\u001B[${close}m`;
const as = (text: string) => text;

/** undefined: inquirer's own (coloured) theme. */
export function plainTheme(env: NodeJS.ProcessEnv, output: NodeJS.WritableStream): PlainTheme | undefined {
  if (colourWanted(env)) return undefined;
  const terminal = (output as { isTTY?: boolean }).isTTY === true;
  const bold = terminal ? sgr(1, 22) : as;
  const dim = terminal ? sgr(2, 22) : as;
  return {
    // ✔ and ? carry the meaning inquirer gave them in green and blue.
    prefix: { idle: '?', done: '✔' },
    style: {
      message: bold,
      answer: as,
      highlight: bold,
      defaultAnswer: (text) => dim(`(${text})`),
      help: dim,
      error: (text) => `> ${text}`,
    },
  };
}

type Prompts = typeof import('./inquirer-prompts.js');

/** The prompts with `theme` in every question's config, so no question is left out. */
export function withTheme(prompts: Prompts, theme: PlainTheme | undefined): Prompts {
  if (!theme) return prompts;
  const themed =
    <C extends object, X, R>(ask: (config: C, context?: X) => R) =>
    (config: C, context?: X): R =>
      ask({ ...config, theme }, context);
  return {
    checkbox: themed(prompts.checkbox),
    confirm: themed(prompts.confirm),
    input: themed(prompts.input),
    password: themed(prompts.password),
    select: themed(prompts.select),
  } as Prompts;
}
