/** Usage mistakes answered in reauth's words, with the nearest valid option or command (issue 11). */
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../src/cli-args.js';
import { UserError } from '../src/errors.js';

function refusal(argv: string[]): UserError {
  try {
    parseCliArgs(argv);
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error(`accepted ${argv.join(' ')}`);
}

/** What Node's parseArgs would say in its own words; none of it may reach a person. */
const NODE_WORDING = /positional argument|ERR_PARSE_ARGS|argument is ambiguous|Unknown option|<value>|To specify/;

describe('usage mistakes', () => {
  it.each([
    [['refresh', '--jsn'], 'reauth has no option --jsn; did you mean --json?'],
    [['setup', '--provder', 'netatmo'], 'reauth has no option --provder; did you mean --provider?'],
    [['--bogus'], 'reauth has no option --bogus.'],
    [['status', '-json'], 'reauth has no option -json; did you mean --json?'],
    [['refresh', '--sytemd'], 'reauth has no option --sytemd; did you mean --systemd? It goes with `reauth schedule`.'],
    [['setup', '-json'], 'reauth has no option -json; did you mean --json? It goes with `reauth refresh`, `reauth status` and `reauth providers`.'],
    [['staus'], '"staus" is not a reauth command; did you mean `reauth status`?'],
    [['help', 'refrsh'], '"refrsh" is not a reauth command; did you mean `reauth refresh`?'],
    [['refresh', '-c'], '--config needs a value after it (e.g. -c /opt/app/reauth.yaml).'],
    [['refresh', '--config'], '--config needs a value after it (e.g. -c /opt/app/reauth.yaml).'],
    [['refresh', '-c', '--json'], '--config needs a value after it, not the option --json (e.g. -c /opt/app/reauth.yaml).'],
    [['refresh', '--config='], '--config is empty: it needs a value (e.g. -c /opt/app/reauth.yaml).'],
    [['status', '-c', ''], '--config is empty: it needs a value (e.g. -c /opt/app/reauth.yaml).'],
    [['run', 'weather', '--margin'], '--margin needs a value after it (e.g. --margin 15m).'],
    [['status', '--json=yes'], '--json takes no value.'],
    [['setup', '--plain=1'], '--plain takes no value.'],
    [['setup', '--json'], '--json only goes with `reauth refresh`, `reauth status` and `reauth providers`.'],
    [['--json'], '--json only goes with `reauth refresh`, `reauth status` and `reauth providers`.'],
    [['status', '--provider', 'netatmo'], '--provider only goes with `reauth setup`.'],
    [['refresh', '--print'], '--print only goes with `reauth schedule`.'],
    [['demo', '-c', 'x.yaml'], '`reauth demo` does not take --config.'],
    [['providers', 'netatmo'], '`reauth providers` takes no names (found: netatmo).'],
    [['demo', 'now'], '`reauth demo` takes no names (found: now).'],
    [['setup', 'weather', 'locks'], '`reauth setup` takes one profile name, not 2: weather locks.'],
  ])('%j: %s', (argv, message) => {
    const error = refusal(argv);
    expect(error.message).toBe(message);
    expect(error.exitCode).toBe(2);
    expect(error.nextStep).toBeTruthy();
    expect(`${error.message} ${error.nextStep}`).not.toMatch(NODE_WORDING);
  });

  it("lists only the options the command takes, and where its help is", () => {
    expect(refusal(['refresh', '--bogus']).nextStep).toBe('`reauth refresh` takes -c/--config FILE, --json, --debug (see `reauth refresh --help`).');
    expect(refusal(['demo', '--bogus']).nextStep).toBe('`reauth demo` takes --plain, --no-browser, --debug (see `reauth demo --help`).');
    expect(refusal(['schedule', '--json']).nextStep).toBe('`reauth schedule` takes -c/--config FILE, --print, --remove, --systemd, --debug (see `reauth schedule --help`).');
  });

  it('says the wizard is what runs when no command was typed', () => {
    expect(refusal(['--bogus']).nextStep).toMatch(/^Without a command reauth starts the wizard \(`reauth setup`\), which takes .*--provider ID.*every command: `reauth --help`/);
  });

  it('never quotes a value back (a mistyped --client-secret=… must not print the secret)', () => {
    const error = refusal(['refresh', '--client-secret=fake-client-secret-1']);
    expect(error.message).toBe('reauth has no option --client-secret.');
    expect(`${error.message}${error.nextStep}`).not.toContain('fake-client-secret-1');
    expect(refusal(['status', '--json=fake-client-secret-1']).message).not.toContain('fake-client-secret');
  });

  it('masks a long word typed where a command goes (a token pasted on the wrong line)', () => {
    const token = 'fake-access-token-1-abcdefghijklmnopqrstuvwxyz';
    const error = refusal([token]);
    expect(error.message).not.toContain(token);
    expect(error.message).toMatch(/^"fake…wxyz \(\d+ chars\)" is not a reauth command\.$/);
  });
});

describe('asking for help', () => {
  it.each(['setup', 'refresh', 'status', 'providers', 'schedule', 'demo', 'run'] as const)('`reauth %s --help`, `-h` and `reauth help %s` ask for that command', (command) => {
    expect(parseCliArgs([command, '--help'])).toMatchObject({ command: 'help', helpFor: command });
    expect(parseCliArgs([command, '-h'])).toMatchObject({ command: 'help', helpFor: command });
    expect(parseCliArgs(['help', command])).toMatchObject({ command: 'help', helpFor: command });
  });

  it('is the global help without a command', () => {
    for (const argv of [['--help'], ['-h'], ['help'], ['help', 'help']]) expect(parseCliArgs(argv)).toEqual(expect.objectContaining({ command: 'help' }));
    expect(parseCliArgs(['--help']).helpFor).toBeUndefined();
  });

  it('wins over another mistake on the same line', () => {
    expect(parseCliArgs(['refresh', '--jsn', '--help'])).toMatchObject({ command: 'help', helpFor: 'refresh' });
    expect(parseCliArgs(['status', '--config', '--help'])).toMatchObject({ command: 'help', helpFor: 'status' });
  });

  it("is not reauth's when it comes after `--` (it belongs to the command reauth run starts)", () => {
    expect(parseCliArgs(['run', 'weather', '--', 'python3', 'dashboard.py', '--help'])).toMatchObject({ command: 'run', childArgv: ['python3', 'dashboard.py', '--help'] });
  });
});

describe('what each command accepts', () => {
  it.each([
    [['setup', 'weather', '--provider', 'netatmo', '--plain', '--no-browser', '-c', 'a.yaml', '--debug'], { command: 'setup', profiles: ['weather'], provider: 'netatmo', plain: true, noBrowser: true, config: 'a.yaml', debug: true }],
    [['--provider', 'ttlock'], { command: 'setup', provider: 'ttlock' }],
    [['refresh', 'salesiq', 'desk', '--json', '--config=/opt/chatbot/reauth.yaml'], { command: 'refresh', profiles: ['salesiq', 'desk'], json: true, config: '/opt/chatbot/reauth.yaml' }],
    [['status', '--json', '-c/opt/x.yaml'], { command: 'status', json: true, config: '/opt/x.yaml' }],
    [['providers', '--json'], { command: 'providers', json: true }],
    [['schedule', 'tiktok', '--systemd', '--print', '--remove'], { command: 'schedule', profiles: ['tiktok'], systemd: true, print: true, remove: true }],
    [['demo', '--plain', '--no-browser'], { command: 'demo', plain: true, noBrowser: true }],
    [['-V'], { command: 'version' }],
  ] as const)('%j', (argv, expected) => {
    expect(parseCliArgs(argv)).toMatchObject(expected);
  });
});
