import { describe, expect, it } from 'vitest';
import { isBatchFile, quoteCommandForCmd, quoteForCmd } from '../../src/targets/heroku-cmd-quote.js';
import { herokuInvocation } from '../../src/targets/heroku-cli.js';
import { argsReachingHerokuCmd, CmdInjection, splitLikeMsvcrt } from '../support/heroku-cmd-exe-model.js';

/** What Node ≥ 20.12 hands to `cmd.exe /d /s /c "…"` for spawn(command, args, { shell: true }). */
function nodeShellLine(command: string, args: readonly string[]): string {
  return [command, ...args].join(' ');
}

function throughHerokuCmd(values: readonly string[]): string[] {
  const invocation = herokuInvocation({ platform: 'win32', env: {} }, values);
  return argsReachingHerokuCmd(nodeShellLine(invocation.command, invocation.args), { PATH: 'C:\\Windows', USERNAME: 'someone' });
}

describe('quoteForCmd', () => {
  it('wraps an argument with spaces in escaped quotes, escaping every metacharacter twice for a batch file', () => {
    expect(quoteForCmd('a b')).toBe('^^^"a^^^ b^^^"');
  });

  it('escapes the shell operators & | ^ so they can never start another command', () => {
    expect(quoteForCmd('a&b')).toBe('^^^"a^^^&b^^^"');
    expect(quoteForCmd('a|b')).toBe('^^^"a^^^|b^^^"');
    expect(quoteForCmd('a^b')).toBe('^^^"a^^^^b^^^"');
  });

  it('escapes % and ! so variables are never expanded', () => {
    expect(quoteForCmd('%PATH%')).toBe('^^^"^^^%PATH^^^%^^^"');
    expect(quoteForCmd('!x!')).toBe('^^^"^^^!x^^^!^^^"');
  });

  it('turns a double quote into \\" for the C runtime, then escapes it for cmd.exe', () => {
    expect(quoteForCmd('say "hi"')).toBe('^^^"say^^^ \\^^^"hi\\^^^"^^^"');
  });

  it('doubles backslashes only where they come before a quote', () => {
    expect(quoteForCmd('C:\\dir\\')).toBe('^^^"C:\\dir\\\\^^^"');
    expect(quoteForCmd('a\\"b')).toBe('^^^"a\\\\\\^^^"b^^^"');
    expect(quoteForCmd('a\\b')).toBe('^^^"a\\b^^^"');
  });

  it('escapes once for a program that is not a batch file', () => {
    expect(quoteForCmd('a&b', { batchFile: false })).toBe('^"a^&b^"');
  });

  it('refuses line breaks, which cmd.exe cannot pass on', () => {
    expect(() => quoteForCmd('a\nb')).toThrow(/line break/);
    expect(() => quoteForCmd('a\r\nb')).toThrow(/line break/);
  });

  it('escapes a program path without wrapping it in quotes', () => {
    expect(quoteCommandForCmd('C:\\Program Files\\heroku\\bin\\heroku.cmd')).toBe('C:\\Program^ Files\\heroku\\bin\\heroku.cmd');
    expect(isBatchFile('C:\\x\\heroku.CMD')).toBe(true);
    expect(isBatchFile('C:\\x\\heroku.exe')).toBe(false);
  });
});

describe('arguments passed through cmd.exe and heroku.cmd (modelled)', () => {
  const awkward = [
    'A_KEY=fake value with spaces',
    'B_KEY=x=y=z',
    'C_KEY=say "hi" & exit | more > out.txt < in.txt',
    'D_KEY=%PATH% and %USERNAME% and 100%',
    'E_KEY=wow! ^caret^ (paren) [br] {br} ;semi, comma`tick',
    'F_KEY=C:\\trailing\\',
    'G_KEY=\\"already escaped\\"',
    'H_KEY=',
    'I_KEY= leading and trailing spaces ',
    'J_KEY=one " quote & calc.exe',
  ];

  it('reach node.exe exactly as given, however awkward', () => {
    expect(throughHerokuCmd([...awkward, '-a', 'guesthouse'])).toEqual([...awkward, '-a', 'guesthouse']);
  });

  it('would let cmd.exe see & as an operator if left unquoted (the model catches injection)', () => {
    expect(() => argsReachingHerokuCmd(nodeShellLine('heroku.cmd', ['A=x&calc']))).toThrow(CmdInjection);
  });

  it('would expand %PATH% if the percent signs were not escaped (the model expands variables)', () => {
    expect(argsReachingHerokuCmd(nodeShellLine('heroku.cmd', ['"%PATH%"']), { PATH: 'C:\\Windows' })).toEqual(['C:\\Windows']);
  });

  it('finds the arguments after a program path that has a space in it', () => {
    const invocation = herokuInvocation({ platform: 'win32', env: { REAUTH_HEROKU_BIN: 'C:\\Program Files\\heroku\\bin\\heroku.cmd' } }, ['A=1 2']);
    expect(argsReachingHerokuCmd(nodeShellLine(invocation.command, invocation.args))).toEqual(['A=1 2']);
  });

  it('splits a command line like the C runtime does', () => {
    expect(splitLikeMsvcrt('a "b c" d\\"e "f\\\\" g')).toEqual(['a', 'b c', 'd"e', 'f\\', 'g']);
  });
});

describe('herokuInvocation', () => {
  it('runs heroku without a shell, arguments untouched, on Linux and macOS', () => {
    expect(herokuInvocation({ platform: 'linux', env: {} }, ['config:set', 'A=a b&c'])).toEqual({
      command: 'heroku',
      args: ['config:set', 'A=a b&c'],
      shell: false,
    });
  });

  it('runs heroku.cmd through the shell with quoted arguments on Windows', () => {
    const invocation = herokuInvocation({ platform: 'win32', env: {} }, ['auth:whoami']);
    expect(invocation).toEqual({ command: 'heroku.cmd ^^^"auth:whoami^^^"', args: [], shell: true });
  });

  it('runs the program named by REAUTH_HEROKU_BIN instead', () => {
    expect(herokuInvocation({ platform: 'darwin', env: { REAUTH_HEROKU_BIN: '/opt/heroku/bin/heroku' } }, []).command).toBe('/opt/heroku/bin/heroku');
    expect(herokuInvocation({ platform: 'win32', env: { REAUTH_HEROKU_BIN: 'C:\\h\\heroku.cmd' } }, []).command).toBe('C:\\h\\heroku.cmd');
  });
});
