/**
 * Usage mistakes in options, answered in reauth's words: the nearest option the command takes,
 * which command an option belongs to, a value missing or given where none is taken. Node's
 * parseArgs runs non-strict and every check is here, so none of its own wording ("To specify a
 * positional argument starting with a '-' …") reaches a person or a `--json` reader.
 * Values are never quoted back: a mistyped `--client-secret=…` must not print the secret.
 */
import type { CommandName } from './cli-args.js';
import { ExitCode, UserError } from './errors.js';
import { COMMAND_HELP, commandsTaking } from './help/command-help.js';
import { EVERYWHERE, OPTION_HELP, OPTION_NAMES, optionLabel, type OptionHelp, type OptionName } from './help/option-help.js';
import { suggestName } from './config/suggest-name.js';
import { maskSecret } from './secret-mask.js';

/** The part of a parseArgs token these checks read. */
export interface OptionToken {
  readonly kind: 'option';
  readonly name: string;
  readonly rawName: string;
  readonly index: number;
  readonly value?: string | undefined;
  readonly inlineValue?: boolean | undefined;
}

export function acceptedOptions(command: CommandName): OptionName[] {
  return [...COMMAND_HELP[command].options, ...EVERYWHERE];
}

/** `\`reauth refresh\`` / `\`reauth refresh\`, \`reauth status\` and \`reauth providers\``. */
function commandList(commands: readonly CommandName[]): string {
  const named = commands.map((c) => `\`reauth ${c}\``);
  return named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)}` : (named[0] ?? '');
}

/** The next step of every option mistake: what this command does take, and where to read more. */
function takesLine(command: CommandName, implicit: boolean): string {
  const options = COMMAND_HELP[command].options.map((name) => optionLabel(name).replace(', ', '/'));
  const who = implicit ? 'Without a command reauth starts the wizard (`reauth setup`), which' : `\`reauth ${command}\``;
  return `${who} takes ${options.join(', ')} (see \`reauth ${command} --help\`${implicit ? '; every command: `reauth --help`' : ''}).`;
}

/** How the person wrote the option: `--jsn`, or the whole `-json` that parseArgs split into letters. */
function writtenAs(token: OptionToken, argv: readonly string[]): string {
  const word = argv[token.index] ?? token.rawName;
  if (token.rawName.startsWith('--') || word.startsWith('--')) return token.rawName;
  return word.length > 2 ? word.split('=')[0]! : token.rawName;
}

/** The option meant, among `candidates`: `-json` means `--json` exactly; `--jsn` is near it. */
function meant(bare: string, candidates: readonly OptionName[]): OptionName | undefined {
  if ((candidates as readonly string[]).includes(bare)) return bare as OptionName;
  return suggestName(bare, candidates) as OptionName | undefined;
}

function unknownOption(token: OptionToken, argv: readonly string[], command: CommandName, implicit: boolean): UserError {
  const written = writtenAs(token, argv);
  const bare = written.replace(/^-+/, '');
  const near = meant(bare, acceptedOptions(command));
  const elsewhere = near ? undefined : meant(bare, OPTION_NAMES);
  const guess = near ? `; did you mean --${near}?` : elsewhere ? `; did you mean --${elsewhere}? It goes with ${commandList(commandsTaking(elsewhere))}.` : '.';
  return new UserError(`reauth has no option ${quotedWord(written)}${guess}`, takesLine(command, implicit), ExitCode.usage);
}

function notForCommand(name: OptionName, command: CommandName, implicit: boolean): UserError {
  const taking = commandsTaking(name);
  const message = taking.length <= 3 ? `--${name} only goes with ${commandList(taking)}.` : `\`reauth ${command}\` does not take --${name}.`;
  return new UserError(message, takesLine(command, implicit), ExitCode.usage);
}

function valueProblem(name: OptionName, token: OptionToken, command: CommandName): UserError | undefined {
  const option: OptionHelp = OPTION_HELP[name];
  const example = option.example ?? `--${name} ${option.value ?? ''}`;
  const seeHelp = `See \`reauth ${command} --help\`.`;
  if (!option.value) {
    if (token.value === undefined) return undefined;
    return new UserError(`--${name} takes no value.`, `Write just --${name}.`, ExitCode.usage);
  }
  if (token.value === undefined) return new UserError(`--${name} needs a value after it (e.g. ${example}).`, seeHelp, ExitCode.usage);
  // Non-strict parseArgs takes the next word whatever it is: `-c --json` would read a file named "--json".
  if (!token.inlineValue && token.value.startsWith('-') && token.value !== '-') {
    return new UserError(
      `--${name} needs a value after it, not the option ${quotedWord(token.value)} (e.g. ${example}).`,
      `A value that starts with - goes after =, as in --${name}=-VALUE.`,
      ExitCode.usage,
    );
  }
  if (token.value.trim() === '') return new UserError(`--${name} is empty: it needs a value (e.g. ${example}).`, `Give it one, or leave --${name} out.`, ExitCode.usage);
  return undefined;
}

/** Throws the first mistake in `tokens` for `command` (implicit: no command was typed, so the wizard). */
export function checkOptions(tokens: readonly OptionToken[], argv: readonly string[], command: CommandName, implicit: boolean): void {
  const accepted = acceptedOptions(command);
  for (const token of tokens) {
    if (!(OPTION_NAMES as string[]).includes(token.name)) throw unknownOption(token, argv, command, implicit);
    const name = token.name as OptionName;
    if (!accepted.includes(name)) throw notForCommand(name, command, implicit);
    const problem = valueProblem(name, token, command);
    if (problem) throw problem;
  }
}

/** A word from the command line quoted back in an error: a pasted token shows masked. */
export function quotedWord(word: string): string {
  return word.length > 32 ? maskSecret(word) : word;
}
