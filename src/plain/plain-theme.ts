/**
 * inquirer's look in plain mode, decided by the same rule as the full-screen wizard
 * (src/system/no-color.ts). inquirer would style through yoctocolors, which asks Node's
 * hasColors(): that drops bold and dim along with colour under NO_COLOR (no-color.org asks only
 * that colour goes), and takes an empty NO_COLOR as set (no-color.org: it is not). So plain mode
 * brings its own theme, inquirer's colours and styles as they are, each drawn only when allowed:
 * colour when colourWanted, bold and dim always — and neither into a log (not a terminal).
 */
import { colourWanted } from '../system/no-color.js';

type Style = (text: string) => string;

export interface PlainTheme {
  readonly prefix: { readonly idle: string; readonly done: string };
  readonly icon: { readonly checked: string };
  readonly style: {
    readonly message: Style;
    readonly answer: Style;
    readonly highlight: Style;
    readonly description: Style;
    readonly defaultAnswer: Style;
    readonly help: Style;
    readonly error: Style;
    readonly key: Style;
  };
}

const sgr =
  (open: number, close: number): Style =>
  (text) =>
    `\u001B[${open}m${text}\u001B[${close}m`;
const unstyled: Style = (text) => text;

export function plainTheme(env: NodeJS.ProcessEnv, output: NodeJS.WritableStream): PlainTheme {
  const terminal = (output as { isTTY?: boolean }).isTTY === true;
  const coloured = terminal && colourWanted(env);
  const colour = (code: number): Style => (coloured ? sgr(code, 39) : unstyled);
  const [bold, dim] = terminal ? [sgr(1, 22), sgr(2, 22)] : [unstyled, unstyled];
  const [blue, green, cyan, red] = [colour(34), colour(32), colour(36), colour(31)];
  return {
    // ? and ✔ carry the meaning without their colour.
    prefix: { idle: blue('?'), done: green('✔') },
    icon: { checked: green('◉') },
    style: {
      message: bold,
      answer: cyan,
      highlight: cyan,
      description: cyan,
      defaultAnswer: (text) => dim(`(${text})`),
      help: dim,
      error: (text) => red(`> ${text}`),
      key: (text) => cyan(bold(`<${text}>`)),
    },
  };
}

type Prompts = typeof import('./inquirer-prompts.js');

/** The prompts with `theme` in every question's config, so no question is left out. */
export function withTheme(prompts: Prompts, theme: PlainTheme): Prompts {
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
