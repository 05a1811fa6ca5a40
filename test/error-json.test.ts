/** When errors are JSON, and their shape (issue 11): one object a `refresh --json` row reader also understands. */
import { describe, expect, it } from 'vitest';
import { errorJson, jsonRequested } from '../src/error-json.js';

describe('jsonRequested', () => {
  it.each([
    [['refresh', '--json'], true],
    [['--json', 'status'], true],
    [['status', '--json=yes'], true],
    [['refresh', '--jsn'], false],
    [['refresh'], false],
    // After `--` the words are the command's that `reauth run` starts.
    [['run', 'weather', '--', 'node', 'app.js', '--json'], false],
  ])('%j → %s', (argv, expected) => {
    expect(jsonRequested(argv)).toBe(expected);
  });
});

describe('errorJson', () => {
  it('is one object with ok, exit_code and error { message, next }, as a refresh row', () => {
    expect(JSON.parse(errorJson(2, 'There is no reauth.yaml here.', 'Run `reauth setup`.'))).toEqual({ ok: false, exit_code: 2, error: { message: 'There is no reauth.yaml here.', next: 'Run `reauth setup`.' } });
    expect(JSON.parse(errorJson(130, 'Cancelled.', undefined))).toEqual({ ok: false, exit_code: 130, error: { message: 'Cancelled.', next: null } });
  });
});
