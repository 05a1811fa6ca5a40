/** argv → what to do. Pure, so every usage mistake is testable without running anything. */
import { parseArgs } from 'node:util';
import { ExitCode, UserError } from './errors.js';
import { parseMargin } from './commands/run-margin.js';
import { suggestName } from './config/suggest-name.js';
import { checkOptions, quotedWord } from './cli-option-mistakes.js';
import { parseArgsOptions, type OptionName } from './help/option-help.js';

export const COMMANDS = ['setup', 'refresh', 'status', 'providers', 'demo', 'run', 'schedule'] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface CliArgs {
  readonly command: CommandName | 'help' | 'version';
  /** `reauth COMMAND --help` / `reauth help COMMAND`: that command's own help. */
  readonly helpFor?: CommandName;
  readonly profiles: readonly string[];
  readonly config: string;
  readonly provider?: string;
  readonly plain: boolean;
  readonly noBrowser: boolean;
  readonly json: boolean;
  readonly debug: boolean;
  /** `reauth run`: everything after `--` (the command and its arguments). */
  readonly childArgv?: readonly string[];
  /** `reauth run --margin`: milliseconds. */
  readonly marginMs?: number;
  /** schedule: only print; take reauth's block out; systemd units instead of the crontab. */
  readonly print?: boolean;
  readonly remove?: boolean;
  readonly systemd?: boolean;
}

export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): CliArgs {
  // Non-strict: every mistake is told in reauth's words by checkOptions, none in Node's.
  const parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: false, tokens: true, options: parseArgsOptions() });
  const { tokens } = parsed;
  const values = parsed.values as Partial<Record<OptionName, string | boolean>>;
  // After `--` come the command's own arguments (`reauth run`), never reauth's.
  const terminator = tokens.find((t) => t.kind === 'option-terminator')?.index;
  const childArgv = terminator === undefined ? undefined : argv.slice(terminator + 1);
  const positionals = terminator === undefined ? parsed.positionals : parsed.positionals.slice(0, parsed.positionals.length - childArgv!.length);
  const [first, ...rest] = positionals;
  const text = (name: OptionName) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const common = {
    config: text('config') ?? 'reauth.yaml',
    ...(text('provider') ? { provider: text('provider')! } : {}),
    plain: !!values.plain,
    noBrowser: !!values['no-browser'],
    json: !!values.json,
    debug: !!values.debug || env.REAUTH_DEBUG === '1',
    ...(values.print ? { print: true } : {}),
    ...(values.remove ? { remove: true } : {}),
    ...(values.systemd ? { systemd: true } : {}),
  };
  // Asking for help wins over any other mistake on the line: that is what help is for.
  // `-c --help` gives parseArgs a config named "--help"; the person still asked for help.
  const ours = terminator === undefined ? argv : argv.slice(0, terminator);
  if (first === 'help' || values.help || ours.includes('--help') || ours.includes('-h')) {
    const topic = first === 'help' ? rest[0] : first;
    if (topic === undefined || topic === 'help') return { command: 'help', profiles: [], ...common };
    return { command: 'help', helpFor: knownCommand(topic), profiles: [], ...common };
  }
  if (values.version) return { command: 'version', profiles: [], ...common };
  const command = knownCommand(first ?? 'setup');
  checkOptions(tokens.filter((t) => t.kind === 'option'), argv, command, first === undefined);
  if ((command === 'providers' || command === 'demo') && rest.length > 0) {
    throw new UserError(`\`reauth ${command}\` takes no names (found: ${rest.map(quotedWord).join(' ')}).`, `See \`reauth ${command} --help\`.`, ExitCode.usage);
  }
  if (command === 'setup' && rest.length > 1) {
    throw new UserError(`\`reauth setup\` takes one profile name, not ${rest.length}: ${rest.map(quotedWord).join(' ')}.`, 'See `reauth setup --help`.', ExitCode.usage);
  }
  if (command === 'run') return runArgs(rest, childArgv, text('margin'), common);
  if (childArgv !== undefined) throw new UserError(`\`reauth ${command}\` takes nothing after \`--\`.`, 'Only `reauth run PROFILE -- CMD...` runs a command.', ExitCode.usage);
  return { command, profiles: rest, ...common };
}

function knownCommand(word: string): CommandName {
  if ((COMMANDS as readonly string[]).includes(word)) return word as CommandName;
  const guess = suggestName(word, COMMANDS);
  throw new UserError(
    `"${quotedWord(word)}" is not a reauth command${guess ? `; did you mean \`reauth ${guess}\`?` : '.'}`,
    `Use one of: ${COMMANDS.join(', ')} (see \`reauth --help\`).`,
    ExitCode.usage,
  );
}

/** `reauth run PROFILE [--margin TIME] -- CMD ARGS…`: one profile, and a command after `--`. */
function runArgs(names: readonly string[], childArgv: readonly string[] | undefined, margin: string | undefined, common: Omit<CliArgs, 'command' | 'profiles'>): CliArgs {
  const example = 'For example: reauth run weather -- python3 dashboard.py';
  if (childArgv === undefined) {
    const hint = names.length > 1 ? ` (\`${names.slice(1).join(' ')}\` looks like one)` : '';
    throw new UserError(`\`reauth run\` needs \`--\` before the command to run${hint}.`, example, ExitCode.usage);
  }
  if (names.length !== 1) {
    throw new UserError(names.length === 0 ? '`reauth run` needs the profile whose tokens the command gets.' : `\`reauth run\` takes one profile, not ${names.length}: ${names.map(quotedWord).join(' ')}.`, example, ExitCode.usage);
  }
  if (childArgv.length === 0) throw new UserError('`reauth run` needs a command after `--`.', example, ExitCode.usage);
  return { command: 'run', profiles: names, ...common, childArgv, ...(margin !== undefined ? { marginMs: parseMargin(margin) } : {}) };
}
