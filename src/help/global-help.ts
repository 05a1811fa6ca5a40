/** `reauth --help` as data: what reauth is, a few examples, the commands, where to read more. */
import type { HelpExample } from './command-help.js';
import type { OptionName } from './option-help.js';

export const GLOBAL_HELP: {
  readonly title: string;
  readonly examples: readonly HelpExample[];
  readonly commands: readonly (readonly [string, string])[];
  readonly more: { readonly text: string; readonly line: string };
  readonly options: readonly OptionName[];
  readonly exitCodes: readonly (readonly [string, string])[];
} = {
  title: 'reauth — fresh OAuth tokens where your program reads them',
  examples: [
    { line: 'reauth', what: 'start the wizard in this folder' },
    { line: 'reauth setup --provider netatmo', what: 'connect a Netatmo weather station' },
    { line: 'reauth refresh -c /srv/app/reauth.yaml', what: 'refresh every saved profile (what cron runs)' },
    { line: 'reauth status --json', what: 'what is about to break, as JSON for a script' },
  ],
  commands: [
    ['setup [PROFILE]', 'the wizard: new connection, or sign in again (also plain `reauth`)'],
    ['refresh [PROFILE...]', 'new tokens without a person (cron)'],
    ['status [PROFILE...]', 'tokens stored? expiry? does a live check pass?'],
    ['providers', 'the services reauth knows'],
    ['schedule [PROFILE...]', 'install the refresh in cron, after checking it works there'],
    ['demo', 'the whole flow against a local practice server'],
    ['run PROFILE -- CMD...', 'refresh if about to expire, then run CMD with the tokens'],
  ],
  more: { text: "Each command's own examples, options and exit codes:", line: 'reauth COMMAND --help      (or: reauth help COMMAND)' },
  options: ['config', 'json', 'debug', 'help', 'version'],
  exitCodes: [
    ['0', 'done'],
    ['1', 'internal error (run again with --debug)'],
    ['2', 'usage or configuration problem'],
    ['3', 'sign in again: reauth setup PROFILE'],
    ['4', 'service or network unavailable: try later'],
    ['5', 'a target could not be written: the tokens are kept in a rescue file'],
    ['130/143/129', 'stopped by Ctrl+C, SIGTERM or SIGHUP'],
  ],
};
