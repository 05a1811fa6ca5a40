/**
 * reauth's options as data: what each is called, whether it takes a value, and one line of
 * help. The parser (src/cli-args.ts) and every help text read this one table, so an option
 * the help shows is always one the parser accepts, and the other way round.
 */
export interface OptionHelp {
  /** `-c` for `--config`. */
  readonly short?: string;
  /** The placeholder of an option that takes a value (`FILE`); absent: an on/off switch. */
  readonly value?: string;
  /** What it does, as the help prints it (word-wrapped there). */
  readonly text: string;
  /** Shown after "needs a value", e.g. `-c /opt/app/reauth.yaml`. */
  readonly example?: string;
}

export const OPTION_HELP = {
  config: { short: 'c', value: 'FILE', text: 'profiles file (default ./reauth.yaml)', example: '-c /opt/app/reauth.yaml' },
  provider: { value: 'ID', text: 'start with this service (ids: reauth providers)', example: '--provider netatmo' },
  plain: { text: 'line-by-line prompts instead of the full-screen wizard' },
  'no-browser': { text: 'never open a browser: print the link (and copy it)' },
  json: { text: 'print JSON for scripts, errors included' },
  margin: { value: 'TIME', text: 'refresh first when the access token expires within TIME (default 5m; seconds, or 90s, 5m, 1h)', example: '--margin 15m' },
  print: { text: 'only print the lines; install nothing' },
  remove: { text: "take the named profiles' lines out (all, if none named)" },
  systemd: { text: 'systemd user timer units instead of the crontab' },
  debug: { text: 'technical details when something fails (also REAUTH_DEBUG=1)' },
  help: { short: 'h', text: 'this help' },
  version: { short: 'V', text: "reauth's version" },
} as const satisfies Record<string, OptionHelp>;

export type OptionName = keyof typeof OPTION_HELP;

export const OPTION_NAMES = Object.keys(OPTION_HELP) as OptionName[];

/** Taken by every command (and by none in particular). */
export const EVERYWHERE: readonly OptionName[] = ['help', 'version'];

/** `-c, --config FILE` as a person reads it in help and errors. */
export function optionLabel(name: OptionName): string {
  const option: OptionHelp = OPTION_HELP[name];
  return `${option.short ? `-${option.short}, ` : ''}--${name}${option.value ? ` ${option.value}` : ''}`;
}

/** The table parseArgs needs, built from the one above. */
export function parseArgsOptions(): Record<OptionName, { type: 'string' | 'boolean'; short?: string }> {
  const table = {} as Record<OptionName, { type: 'string' | 'boolean'; short?: string }>;
  for (const name of OPTION_NAMES) {
    const option: OptionHelp = OPTION_HELP[name];
    table[name] = { type: option.value ? 'string' : 'boolean', ...(option.short ? { short: option.short } : {}) };
  }
  return table;
}
