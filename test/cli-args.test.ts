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

describe('usage mistakes', () => {
  it.each([
    [['refresh', '--jsn'], 'reauth has no option --jsn; did you mean --json?'],
    [['setup', '--provder', 'netatmo'], 'reauth has no option --provder; did you mean --provider?'],
    [['--bogus'], 'reauth has no option --bogus.'],
    [['staus'], '"staus" is not a reauth command; did you mean `reauth status`?'],
    [['refresh', '-c'], '--config needs a value after it (e.g. -c /opt/app/reauth.yaml).'],
  ])('%j: %s', (argv, message) => {
    const error = refusal(argv);
    expect(error.message).toBe(message);
    expect(error.exitCode).toBe(2);
    expect(error.nextStep).toMatch(/reauth --help/);
    expect(`${error.message} ${error.nextStep}`).not.toMatch(/positional argument/);
  });
});
