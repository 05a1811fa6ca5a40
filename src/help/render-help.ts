/**
 * Help data → the text `reauth --help` and `reauth COMMAND --help` print. Everything fits 60
 * columns (an SSH session on a phone, a split terminal): descriptions are word-wrapped under
 * their own column, and the data is written so that no example line needs breaking.
 */
import type { CommandName } from '../cli-args.js';
import { wrapWords } from '../system/wrap-words.js';
import { COMMAND_HELP, commandsTaking, type CommandHelp } from './command-help.js';
import { GLOBAL_HELP } from './global-help.js';
import { OPTION_HELP, optionLabel, type OptionName } from './option-help.js';

export const HELP_WIDTH = 60;

/** `label` in a column `indent` wide, `text` wrapped beside it (or under it when the label is wider). */
function hanging(label: string, text: string, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const wrapped = wrapWords(text, HELP_WIDTH - indent);
  if (label.length + 2 > indent) return [label, ...wrapped.map((line) => `${pad}${line}`)];
  return wrapped.map((line, i) => `${i === 0 ? label.padEnd(indent) : pad}${line}`);
}

function optionLines(names: readonly OptionName[], where: (name: OptionName) => string = () => ''): string[] {
  return names.flatMap((name) => hanging(`  ${optionLabel(name)}`, `${OPTION_HELP[name].text}${where(name)}`, 22));
}

/** In `reauth --help`, which commands an option goes with (each command's help lists only its own). */
function whereTaken(name: OptionName): string {
  const taking = commandsTaking(name);
  const all = Object.keys(COMMAND_HELP) as CommandName[];
  if (taking.length === 0 || taking.length === all.length) return '';
  if (taking.length === all.length - 1) return ` (every command but ${all.find((c) => !taking.includes(c))})`;
  return ` (${taking.join(', ')})`;
}

function exitCodeLines(codes: readonly (readonly [string, string])[]): string[] {
  return codes.flatMap(([code, meaning]) => hanging(`  ${code}`, meaning, 15));
}

export function commandHelpText(command: CommandName, help: CommandHelp = COMMAND_HELP[command]): string {
  const lines = [`reauth ${command} — ${help.title}`, '', 'Examples'];
  for (const example of help.examples) lines.push(`  ${example.line}`, ...wrapWords(example.what, HELP_WIDTH - 6).map((line) => `      ${line}`));
  lines.push('', 'Usage', ...help.usage.map((line) => `  ${line}`));
  lines.push('', 'Options', ...optionLines([...help.options, 'help']));
  for (const note of help.notes ?? []) lines.push('', ...wrapWords(note, HELP_WIDTH));
  if (help.exitCodes) {
    lines.push('', 'Exit codes', ...exitCodeLines(help.exitCodes));
  }
  return `${lines.join('\n')}\n`;
}

export function globalHelpText(): string {
  const lines = [GLOBAL_HELP.title, '', 'Examples'];
  for (const example of GLOBAL_HELP.examples) lines.push(`  ${example.line}`, ...wrapWords(example.what, HELP_WIDTH - 6).map((line) => `      ${line}`));
  lines.push('', 'Commands');
  for (const [usage, what] of GLOBAL_HELP.commands) lines.push(...hanging(`  ${usage}`, what, 25));
  lines.push('', ...wrapWords(GLOBAL_HELP.more.text, HELP_WIDTH), `  ${GLOBAL_HELP.more.line}`);
  lines.push('', 'Options', ...optionLines(GLOBAL_HELP.options, whereTaken));
  lines.push('', 'Exit codes', ...exitCodeLines(GLOBAL_HELP.exitCodes));
  return `${lines.join('\n')}\n`;
}
