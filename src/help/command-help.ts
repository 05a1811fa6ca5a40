/**
 * Each command's own help (`reauth COMMAND --help`) as data, examples first: the scenarios of
 * SCENARIOS.md (TTLock locks and Heroku, a Netatmo dashboard, TikTok posting, Zoho SalesIQ and
 * Desk), each example a line a person can copy and what it does. `options` is also what the
 * parser accepts for the command (src/cli-args.ts), so the two cannot disagree.
 */
import type { CommandName } from '../cli-args.js';
import type { OptionName } from './option-help.js';

export interface HelpExample {
  /** Exactly what to type, without quotes (a test parses every example). */
  readonly line: string;
  readonly what: string;
}

export interface CommandHelp {
  /** One line after `reauth COMMAND — `. */
  readonly title: string;
  readonly examples: readonly HelpExample[];
  readonly usage: readonly string[];
  /** Options this command accepts, besides -h/--help. */
  readonly options: readonly OptionName[];
  /** A few sentences after the options, word-wrapped. */
  readonly notes?: readonly string[];
  /** `[code, meaning]`, in the order a script checks them. */
  readonly exitCodes?: readonly (readonly [string, string])[];
}

const STOPPED: readonly [string, string] = ['130/143/129', 'stopped by Ctrl+C, SIGTERM or SIGHUP (a token in flight is saved first)'];

export const COMMAND_HELP: Readonly<Record<CommandName, CommandHelp>> = {
  setup: {
    title: 'connect a service, or sign in again',
    examples: [
      { line: 'reauth setup --provider ttlock', what: 'TTLock locks: account and password, then env.py, main/tokens.json and the Heroku app in one go' },
      { line: 'reauth setup --provider netatmo', what: 'Netatmo: paste the code (or the whole address) from the browser before it expires' },
      { line: 'reauth setup weather', what: 'sign in again for the saved profile "weather", with its saved settings' },
      { line: 'reauth setup --provider zoho-salesiq --no-browser', what: 'Zoho SalesIQ over SSH: print the link to open on your computer' },
    ],
    usage: ['reauth setup [PROFILE] [options]', 'reauth [options]          (the same)'],
    options: ['config', 'provider', 'plain', 'no-browser', 'debug'],
    notes: ['It asks questions, so it needs a terminal. From cron or a script, use `reauth refresh`.'],
    exitCodes: [
      ['0', 'done'],
      ['2', 'usage or configuration problem'],
      ['4', 'the service or the network is unavailable'],
      ['5', 'a target could not be written: the tokens are kept in a rescue file'],
      STOPPED,
    ],
  },
  refresh: {
    title: 'new tokens without a person (for cron)',
    examples: [
      { line: 'reauth refresh', what: 'refresh every profile in ./reauth.yaml' },
      { line: 'reauth refresh locks -c /srv/guesthouse/reauth.yaml', what: 'TTLock: write env.py, main/tokens.json and the Heroku app' },
      { line: 'reauth refresh salesiq desk', what: 'two Zoho profiles, one after the other' },
      { line: 'reauth refresh tiktok --json', what: 'the result as JSON for a script, errors included' },
    ],
    usage: ['reauth refresh [PROFILE...] [options]'],
    options: ['config', 'json', 'debug'],
    notes: ['It never asks anything. Several profiles end with the most urgent exit code.'],
    exitCodes: [
      ['0', 'refreshed'],
      ['2', 'configuration or target problem: nothing was spent'],
      ['3', 'sign in again: reauth setup PROFILE'],
      ['4', 'service or network unavailable: the next run retries'],
      ['5', 'a target could not be written: the tokens are kept in a rescue file (path printed)'],
      STOPPED,
    ],
  },
  status: {
    title: 'what is about to break, spending nothing',
    examples: [
      { line: 'reauth status', what: 'every profile: tokens stored, expiry, a live check' },
      { line: 'reauth status weather', what: 'the Netatmo profile only' },
      { line: 'reauth status --json -c /opt/chatbot/reauth.yaml', what: 'for a monitoring script (Zoho SalesIQ and Desk), errors included' },
    ],
    usage: ['reauth status [PROFILE...] [options]'],
    options: ['config', 'json', 'debug'],
    exitCodes: [
      ['0', 'working, or only needs the refresh cron does anyway'],
      ['2', 'configuration problem'],
      ['3', 'sign in again: reauth setup PROFILE'],
      ['4', 'the live check could not reach the service'],
      ['5', 'rescued tokens are waiting to be written'],
    ],
  },
  providers: {
    title: 'the services reauth knows',
    examples: [
      { line: 'reauth providers', what: 'the built-in services, and the custom ones in ./reauth.yaml' },
      { line: 'reauth providers --json', what: 'the same as JSON: id, flows, regions (Zoho data centres)' },
    ],
    usage: ['reauth providers [options]'],
    options: ['config', 'json', 'debug'],
    exitCodes: [
      ['0', 'done'],
      ['2', 'reauth.yaml cannot be read'],
    ],
  },
  schedule: {
    title: 'install the unattended refresh',
    examples: [
      { line: 'reauth schedule', what: "run each profile's refresh once as cron will, then add it to your crontab" },
      { line: 'reauth schedule weather --print', what: 'only print the crontab lines for the Netatmo profile' },
      { line: 'reauth schedule tiktok --systemd', what: 'a systemd user timer (every 12 hours) instead' },
      { line: 'reauth schedule --remove tiktok', what: "take the TikTok profile's line out again" },
    ],
    usage: ['reauth schedule [PROFILE...] [options]'],
    options: ['config', 'print', 'remove', 'systemd', 'debug'],
    notes: ['Every other line of the crontab stays as it was.'],
    exitCodes: [
      ['0', 'installed, printed or removed'],
      ['2', 'not installed: the message says what cron would lack'],
    ],
  },
  demo: {
    title: 'try the whole flow, no account needed',
    examples: [
      { line: 'reauth demo', what: 'sign in to a practice server on this computer and write a scratch .env' },
      { line: 'reauth demo --plain', what: 'the same with line-by-line prompts' },
      { line: 'reauth demo --no-browser', what: 'print the link instead of opening a browser' },
    ],
    usage: ['reauth demo [options]'],
    options: ['plain', 'no-browser', 'debug'],
    exitCodes: [
      ['0', 'done'],
      ['130', 'stopped'],
    ],
  },
  run: {
    title: 'fresh tokens, then run a command with them',
    examples: [
      { line: 'reauth run weather -- python3 dashboard.py --port 8080', what: 'refresh the Netatmo tokens if they expire within 5 minutes, then start the dashboard with them in its environment' },
      { line: 'reauth run salesiq --margin 15m -- ./sync-chats', what: 'Zoho SalesIQ: refresh when under 15 minutes are left' },
      { line: 'reauth run tiktok -c /srv/post/reauth.yaml -- node post.js', what: 'TikTok: a profile from another folder' },
    ],
    usage: ['reauth run PROFILE [options] -- COMMAND [ARGS...]'],
    options: ['config', 'margin', 'debug'],
    notes: ['Everything after `--` is the command, options included. reauth prints only on stderr; stdout is the command\'s.'],
    exitCodes: [
      ['N', "the command's own exit code (128 + N when signal N ended it)"],
      ['126, 127', 'the command may not be run / was not found'],
      ['2, 3, 4, 5', 'the refresh failed (as in reauth refresh), so the command was not started'],
    ],
  },
};

/** The commands that accept `option`, in the order `reauth --help` lists them. */
export function commandsTaking(option: OptionName): CommandName[] {
  return (Object.keys(COMMAND_HELP) as CommandName[]).filter((command) => COMMAND_HELP[command].options.includes(option));
}
