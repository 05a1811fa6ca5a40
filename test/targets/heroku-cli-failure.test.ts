/**
 * Reading what heroku v11 prints on stderr. The strings are copied from real runs of the CLI
 * against the loopback fake (see test/support/heroku-platform-fake.ts).
 */
import { describe, expect, it } from 'vitest';
import type { CommandResult } from '../../src/deps.js';
import { ExitCode } from '../../src/errors.js';
import {
  classifyHerokuFailure,
  herokuErrorText,
  herokuFailure,
  releaseVersionFrom,
} from '../../src/targets/heroku-cli-failure.js';

const termsNotice = ' ›   Warning: Our terms of service have changed: \n ›   https://dashboard.heroku.com/terms-of-service\n';
const appNotFound = "Setting A_KEY and restarting nope... !\n ›   Error: Couldn't find that app.\n ›\n ›   Error ID: not_found\n";

function failed(stderr: string, code: number | null = 2): CommandResult {
  return { code, stdout: '', stderr };
}

const context = { app: 'guesthouse', doing: 'set the config vars of guesthouse', secrets: [], env: {}, program: 'heroku' };

describe('reading heroku CLI stderr', () => {
  it('finds the release number in the config:set progress line, colours or not', () => {
    expect(releaseVersionFrom(`${termsNotice}Setting A_KEY, B_KEY and restarting guesthouse... done, v42\n`)).toBe(42);
    expect(releaseVersionFrom('Setting \u001b[32mA_KEY\u001b[39m and restarting \u001b[35mguesthouse\u001b[39m... done, \u001b[32mv7\u001b[39m\n')).toBe(7);
    expect(releaseVersionFrom('Setting A_KEY and restarting guesthouse... !\n')).toBeUndefined();
  });

  it('takes the sentence of the Error block, not the warnings or the Error ID', () => {
    expect(herokuErrorText(`${termsNotice}${appNotFound}`)).toBe("Couldn't find that app.");
  });

  it('joins an error message that the CLI wrapped over several lines', () => {
    expect(herokuErrorText(' ›   Error: Invalid params: value is\n ›   too long for a config var.\n ›\n ›   Error ID: invalid_params\n')).toBe(
      'Invalid params: value is too long for a config var.',
    );
  });

  it('falls back to the last line that is neither a warning nor progress', () => {
    expect(herokuErrorText(`${termsNotice}Setting C and restarting guesthouse... !\n    TypeError: boom\n`)).toBe('TypeError: boom');
    expect(herokuErrorText(termsNotice)).toBeUndefined();
  });
});

describe('classifying heroku CLI failures', () => {
  it('knows "not logged in" from exit 100 of auth:whoami', () => {
    expect(classifyHerokuFailure(failed(`${termsNotice} ›   Error: not logged in\n`, 100), {})).toBe('not-logged-in');
  });

  it('knows "not logged in" from the browser-login prompt other commands start instead', () => {
    const stderr = 'heroku: Press any key to open up the browser to login or q to exit\n    TypeError: process.stdin.setRawMode is not a function\n';
    expect(classifyHerokuFailure(failed(stderr, 1), {})).toBe('not-logged-in');
  });

  it('blames HEROKU_API_KEY for refused credentials only when it is set', () => {
    const stderr = ' ›   Warning: HEROKU_API_KEY is set\n ›   Error: Invalid credentials provided.\n ›\n ›   Error ID: unauthorized\n';
    expect(classifyHerokuFailure(failed(stderr), { HEROKU_API_KEY: 'fake-key' })).toBe('api-key-refused');
    expect(classifyHerokuFailure(failed(stderr), {})).toBe('not-logged-in');
  });

  it('knows a missing program from ENOENT, and from cmd.exe exit 9009 on Windows', () => {
    const enoent = Object.assign(new Error('spawn heroku ENOENT'), { code: 'ENOENT' });
    expect(classifyHerokuFailure({ code: null, stdout: '', stderr: '', spawnError: enoent }, {})).toBe('not-installed');
    const cmd = "'heroku.cmd' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n";
    expect(classifyHerokuFailure(failed(cmd, 9009), {})).toBe('not-installed');
  });

  it('tells an unknown app, a timeout and an unreachable network apart', () => {
    expect(classifyHerokuFailure(failed(appNotFound), {})).toBe('unknown-app');
    expect(classifyHerokuFailure({ code: null, stdout: '', stderr: '', timedOut: true }, {})).toBe('timed-out');
    expect(classifyHerokuFailure(failed(' ›   Error: getaddrinfo ENOTFOUND api.heroku.com\n'), {})).toBe('network');
    expect(classifyHerokuFailure(failed(' ›   Error: something new\n'), {})).toBe('other');
  });
});

describe('herokuFailure', () => {
  it('quotes one plain, redacted sentence and never the output', () => {
    const secret = 'fake-netatmo-refresh-0009';
    const error = herokuFailure(
      { code: 1, stdout: `NETATMO_REFRESH_TOKEN: ${secret}\n`, stderr: ` ›   Error: Rejected value ${secret}\n` },
      { ...context, secrets: [secret] },
    );
    expect(error.message).toBe('The Heroku CLI could not set the config vars of guesthouse: Rejected value fake…0009 (25 chars).');
    expect(error.exitCode).toBe(ExitCode.unavailable);
  });

  it('says when the CLI gave no reason at all', () => {
    expect(herokuFailure(failed('', 3), context).message).toBe(
      'The Heroku CLI could not set the config vars of guesthouse: it stopped with exit code 3 and gave no reason.',
    );
  });

  it('uses the exit code the caller asks for (apply: 5, so the tokens are rescued)', () => {
    expect(herokuFailure(failed(appNotFound), { ...context, exitCode: ExitCode.writeFailed }).exitCode).toBe(ExitCode.writeFailed);
    expect(herokuFailure(failed(appNotFound), context).exitCode).toBe(ExitCode.usage);
  });

  it('names the program from REAUTH_HEROKU_BIN when that is what could not be run', () => {
    const enoent = Object.assign(new Error('spawn ENOENT'), { code: 'ENOENT' });
    const error = herokuFailure(
      { code: null, stdout: '', stderr: '', spawnError: enoent },
      { ...context, env: { REAUTH_HEROKU_BIN: '/opt/nothing/heroku' }, program: '/opt/nothing/heroku' },
    );
    expect(error.message).toBe(
      'The Heroku CLI is not installed (reauth uses it to set config vars). REAUTH_HEROKU_BIN names /opt/nothing/heroku, which could not be run.',
    );
  });

  it('cuts a very long reason short', () => {
    const error = herokuFailure(failed(` ›   Error: ${'x'.repeat(1000)}\n`), context);
    expect(error.message.length).toBeLessThan(400);
    expect(error.message.endsWith('…')).toBe(true);
  });
});

describe('quoting the CLI from outside', () => {
  it('quotes a hostile error line sanitised and on one line', () => {
    const error = herokuFailure(failed(' ›   Error: bad\u001B]0;owned\u0007 news\r✔ weather: refreshed\u009B2J\n'), context);
    expect(error.message).toBe('The Heroku CLI could not set the config vars of guesthouse: bad␛ news ✔ weather: refreshed␛.');
  });
});
