/** argv → what to do. Pure, so every usage mistake is testable without running anything. */
import { parseArgs } from 'node:util';
import { ExitCode, UserError } from './errors.js';

export const COMMANDS = ['setup', 'refresh', 'status', 'providers', 'demo', 'schedule'] as const;
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

Options
  -c, --config FILE   profiles file (default ./reauth.yaml)
  --provider ID       preselect the service in setup (see \`reauth providers\`)
  --plain             line-by-line prompts instead of the full-screen wizard
  --no-browser        never try to open a browser: print the link and copy it
  --json              machine-readable output for refresh, status, providers
  --debug             show technical details when something fails (also REAUTH_DEBUG=1)
  -h, --help          this help
  -V, --version       reauth's version

Examples
  reauth                                  start the wizard in this folder
  reauth setup --provider netatmo         new Netatmo connection
  reauth setup weather                    sign in again for the saved profile "weather"
  reauth refresh weather -c /opt/app/reauth.yaml
  reauth status --json

Exit codes
  0 done · 1 internal error · 2 usage or config error · 3 sign-in needed again
  (run \`reauth setup PROFILE\`) · 4 service or network unavailable (try later)
  · 5 a target could not be written (tokens kept in a rescue file) · 130 interrupted
`;

export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        config: { type: 'string', short: 'c' },
        provider: { type: 'string' },
        plain: { type: 'boolean' },
        'no-browser': { type: 'boolean' },
        json: { type: 'boolean' },
        debug: { type: 'boolean' },
        print: { type: 'boolean' },
        remove: { type: 'boolean' },
        systemd: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^.*?Unknown option/, 'Unknown option') : String(error);
    throw new UserError(message.split('\n')[0]!, 'Run `reauth --help` to see the options.', ExitCode.usage);
  }
  const { values, positionals } = parsed;
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
    throw new UserError(`"${first}" is not a reauth command.`, `Use one of: ${COMMANDS.join(', ')} (see \`reauth --help\`).`, ExitCode.usage);
  }
  if ((command === 'setup' && rest.length > 1) || ((command === 'providers' || command === 'demo') && rest.length > 0)) {
    throw new UserError(`Too many names after \`reauth ${command}\`: ${rest.join(' ')}.`, 'Run `reauth --help` to see how to use it.', ExitCode.usage);
  }
  if (common.provider && command !== 'setup') {
    throw new UserError('--provider only goes with `reauth setup`.', 'Run `reauth setup --provider ID`.', ExitCode.usage);
  }
  if ((common.print || common.remove || common.systemd) && command !== 'schedule') {
    throw new UserError('--print, --remove and --systemd only go with `reauth schedule`.', 'Run `reauth schedule --print`.', ExitCode.usage);
  }
  return { command, profiles: rest, ...common };
}
