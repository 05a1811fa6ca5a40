/** Every help text: examples first, only the command's own options, and 60 columns at most (issue 11). */
import { describe, expect, it } from 'vitest';
import { COMMANDS, parseCliArgs } from '../../src/cli-args.js';
import { acceptedOptions } from '../../src/cli-option-mistakes.js';
import { COMMAND_HELP, commandsTaking } from '../../src/help/command-help.js';
import { OPTION_NAMES, optionLabel } from '../../src/help/option-help.js';
import { commandHelpText, globalHelpText, HELP_WIDTH } from '../../src/help/render-help.js';

const HELP = globalHelpText();
const texts: [string, string][] = [['reauth --help', globalHelpText()], ...COMMANDS.map((c): [string, string] => [`reauth ${c} --help`, commandHelpText(c)])];

/** Columns a line takes: every character in these texts is one column wide (no tabs, no wide characters). */
function columns(line: string): number {
  expect(line).not.toMatch(/[\t\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|\p{Extended_Pictographic}/u);
  return [...line].length;
}

describe('help texts', () => {
  it.each(texts)('%s fits 60 columns', (_name, text) => {
    const over = text.split('\n').filter((line) => columns(line) > HELP_WIDTH);
    expect(over).toEqual([]);
    expect(text.endsWith('\n')).toBe(true);
    expect(text).not.toMatch(/ \n/);
  });

  it('the global help is what `reauth --help` prints, and points to each command\'s own', () => {
    expect(HELP).toContain('reauth COMMAND --help');
    for (const command of COMMANDS) expect(HELP).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  it.each(COMMANDS)('`reauth %s --help` starts with its name, then 2 to 4 examples, before usage and options', (command) => {
    const text = commandHelpText(command);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^reauth ${command} — \\S`));
    expect(lines[2]).toBe('Examples');
    expect(text.indexOf('Examples')).toBeLessThan(text.indexOf('\nUsage\n'));
    expect(text.indexOf('\nUsage\n')).toBeLessThan(text.indexOf('\nOptions\n'));
    const examples = COMMAND_HELP[command].examples;
    expect(examples.length).toBeGreaterThanOrEqual(2);
    expect(examples.length).toBeLessThanOrEqual(4);
    for (const example of examples) {
      expect(lines).toContain(`  ${example.line}`);
      expect(example.what.length).toBeGreaterThan(0);
    }
  });

  it.each(COMMANDS)('every example of `reauth %s --help` is a command line reauth accepts, for that command', (command) => {
    for (const { line } of COMMAND_HELP[command].examples) {
      expect(line).not.toMatch(/["']/); // split on spaces below, as a shell would split these
      const [program, ...argv] = line.split(' ');
      expect(program).toBe('reauth');
      expect(parseCliArgs(argv), line).toMatchObject({ command });
    }
  });

  it('examples of the global help are accepted too', () => {
    const examples = HELP.slice(HELP.indexOf('Examples'), HELP.indexOf('Commands')).split('\n').filter((l) => l.startsWith('  reauth'));
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const line of examples) expect(() => parseCliArgs(line.trim().split(' ').slice(1))).not.toThrow();
  });

  it.each(COMMANDS)('`reauth %s --help` lists exactly the options the command accepts', (command) => {
    const text = commandHelpText(command);
    const start = text.indexOf('\nOptions\n');
    const end = text.indexOf('\n\n', start + 1);
    const optionsBlock = text.slice(start, end === -1 ? undefined : end);
    for (const name of OPTION_NAMES) {
      const listed = new RegExp(`^  ${optionLabel(name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( |$)`, 'm').test(optionsBlock);
      expect(listed, `${name} in reauth ${command} --help`).toBe(acceptedOptions(command).includes(name) && name !== 'version');
    }
  });

  it('mentions --json only where it is accepted, and says every error is JSON too', () => {
    expect(commandsTaking('json')).toEqual(['refresh', 'status', 'providers']);
    for (const command of commandsTaking('json')) expect(commandHelpText(command)).toMatch(/--json\s+print JSON for scripts, errors\s+included/);
  });

  it('the option table and the parser agree: every option is taken by some command or everywhere', () => {
    for (const name of OPTION_NAMES) expect(COMMANDS.some((c) => acceptedOptions(c).includes(name)), name).toBe(true);
  });
});
