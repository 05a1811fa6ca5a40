/** argv → what to do. Pure, so every usage mistake is testable without running anything. */
import { parseArgs } from 'node:util';
import { ExitCode, UserError } from './errors.js';
import { parseMargin } from './commands/run-margin.js';
import { suggestName } from './config/suggest-name.js';

export const COMMANDS = ['setup', 'refresh', 'status', 'providers', 'demo', 'run', 'schedule'] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface CliArgs {
  readonly command: CommandName | 'help' | 'version';
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

export const HELP = `reauth — fresh OAuth tokens, written where your program reads them

Usage
  reauth                        the wizard (same as \`reauth setup\`)
  reauth setup [PROFILE]        new connection, or reconnect PROFILE reusing its saved settings
  reauth refresh [PROFILE...]   refresh without a person (cron); every profile if none named
  reauth status [PROFILE...]    per profile: tokens present? expiry? does a live check pass?
  reauth providers              the built-in services
  reauth schedule [PROFILE...]  refresh on a timer: checks the command as cron runs it, then
                                installs it in your crontab (--systemd: timer units; --print:
                                only print; --remove: take it out)
  reauth demo                   the whole flow against a built-in local practice server
  reauth run PROFILE -- CMD...  refresh if about to expire, then run CMD with the tokens in its env

Options
  -c, --config FILE   profiles file (default ./reauth.yaml)
  --provider ID       preselect the service in setup (see \`reauth providers\`)
  --plain             line-by-line prompts instead of the full-screen wizard
  --no-browser        never try to open a browser: print the link and copy it
  --json              machine-readable output for refresh, status, providers
  --margin TIME       run: refresh when the access token expires within TIME (default 5m;
                      seconds, or 90s, 5m, 1h)
  --debug             show technical details when something fails (also REAUTH_DEBUG=1)
  -h, --help          this help
  -V, --version       reauth's version

Examples
  reauth                                  start the wizard in this folder
  reauth setup --provider netatmo         new Netatmo connection
  reauth setup weather                    sign in again for the saved profile "weather"
  reauth refresh weather -c /opt/app/reauth.yaml
  reauth status --json
  reauth run weather -- python3 dashboard.py --port 8080

Exit codes
  0 done · 1 internal error · 2 usage or config error · 3 sign-in needed again
  (run \`reauth setup PROFILE\`) · 4 service or network unavailable (try later)
  · 5 a target could not be written (tokens kept in a rescue file) · 130 interrupted
  reauth run ends with the command's own exit code (128 + N when signal N ended it;
  127 command not found, 126 not executable)
`;

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  provider: { type: 'string' },
  plain: { type: 'boolean' },
  'no-browser': { type: 'boolean' },
  json: { type: 'boolean' },
  debug: { type: 'boolean' },
  margin: { type: 'string' },
  print: { type: 'boolean' },
  remove: { type: 'boolean' },
  systemd: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;

/**
 * Node's parseArgs explains in its own terms ("To specify a positional argument starting with
 * a '-' …"); a person typing `--jsn` wants to hear which option was meant.
 */
function usageErrorInOurWords(error: unknown): UserError {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-{1,2}[^']*)'/.exec(message)?.[1];
  const known = Object.keys(OPTIONS).map((name) => `--${name}`);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) {
    const guess = suggestName(option.replace(/^-+/, ''), Object.keys(OPTIONS));
    return new UserError(
      `reauth has no option ${option}${guess ? `; did you mean --${guess}?` : '.'}`,
      `Its options: ${known.join(', ')} (see \`reauth --help\`).`,
      ExitCode.usage,
    );
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    const name = /--[\w-]+/.exec(option)?.[0] ?? option;
    return new UserError(`${name} needs a value after it (e.g. ${name === '--config' ? '-c /opt/app/reauth.yaml' : `${name} VALUE`}).`, 'Run `reauth --help` to see how to use it.', ExitCode.usage);
  }
  return new UserError(message.split('\n')[0]!, 'Run `reauth --help` to see the options.', ExitCode.usage);
}

export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, tokens: true, options: OPTIONS });
  } catch (error) {
    throw usageErrorInOurWords(error);
  }
  const { values, tokens } = parsed;
  // After `--` come the command's own arguments (`reauth run`), never reauth's.
  const terminator = tokens.find((t) => t.kind === 'option-terminator')?.index;
  const childArgv = terminator === undefined ? undefined : argv.slice(terminator + 1);
  const positionals = terminator === undefined ? parsed.positionals : parsed.positionals.slice(0, parsed.positionals.length - childArgv!.length);
  const [first, ...rest] = positionals;
  const common = {
    config: values.config ?? 'reauth.yaml',
    ...(values.provider ? { provider: values.provider } : {}),
    plain: !!values.plain,
    noBrowser: !!values['no-browser'],
    json: !!values.json,
    debug: !!values.debug || env.REAUTH_DEBUG === '1',
    ...(values.print ? { print: true } : {}),
    ...(values.remove ? { remove: true } : {}),
    ...(values.systemd ? { systemd: true } : {}),
  };
  if (values.help) return { command: 'help', profiles: [], ...common };
  if (values.version) return { command: 'version', profiles: [], ...common };
  if (first === 'help') return { command: 'help', profiles: [], ...common };
  const command = (first ?? 'setup') as CommandName;
  if (!COMMANDS.includes(command)) {
    const guess = suggestName(first ?? '', COMMANDS);
    throw new UserError(
      `"${first}" is not a reauth command${guess ? `; did you mean \`reauth ${guess}\`?` : '.'}`,
      `Use one of: ${COMMANDS.join(', ')} (see \`reauth --help\`).`,
      ExitCode.usage,
    );
  }
  if ((command === 'setup' && rest.length > 1) || ((command === 'providers' || command === 'demo') && rest.length > 0)) {
    throw new UserError(`Too many names after \`reauth ${command}\`: ${rest.join(' ')}.`, 'Run `reauth --help` to see how to use it.', ExitCode.usage);
  }
  if (common.provider && command !== 'setup') {
    throw new UserError('--provider only goes with `reauth setup`.', 'Run `reauth setup --provider ID`.', ExitCode.usage);
  }
  if (command === 'run') return runArgs(rest, childArgv, values.margin, common);
  if (values.margin !== undefined) throw new UserError('--margin only goes with `reauth run`.', 'Run `reauth run PROFILE --margin 5m -- CMD...`.', ExitCode.usage);
  if (childArgv !== undefined) throw new UserError(`\`reauth ${command}\` takes nothing after \`--\`.`, 'Only `reauth run PROFILE -- CMD...` runs a command.', ExitCode.usage);
  if ((common.print || common.remove || common.systemd) && command !== 'schedule') {
    throw new UserError('--print, --remove and --systemd only go with `reauth schedule`.', 'Run `reauth schedule --print`.', ExitCode.usage);
  }
  return { command, profiles: rest, ...common };
}

/** `reauth run PROFILE [--margin TIME] -- CMD ARGS…`: one profile, and a command after `--`. */
function runArgs(names: readonly string[], childArgv: readonly string[] | undefined, margin: string | undefined, common: Omit<CliArgs, 'command' | 'profiles'>): CliArgs {
  const example = 'For example: reauth run weather -- python3 dashboard.py';
  if (childArgv === undefined) {
    const hint = names.length > 1 ? ` (\`${names.slice(1).join(' ')}\` looks like one)` : '';
    throw new UserError(`\`reauth run\` needs \`--\` before the command to run${hint}.`, example, ExitCode.usage);
  }
  if (names.length !== 1) {
    throw new UserError(names.length === 0 ? '`reauth run` needs the profile whose tokens the command gets.' : `\`reauth run\` takes one profile, not ${names.length}: ${names.join(' ')}.`, example, ExitCode.usage);
  }
  if (childArgv.length === 0) throw new UserError('`reauth run` needs a command after `--`.', example, ExitCode.usage);
  return { command: 'run', profiles: names, ...common, childArgv, ...(margin !== undefined ? { marginMs: parseMargin(margin) } : {}) };
}
