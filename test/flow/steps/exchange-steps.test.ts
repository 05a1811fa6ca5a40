/** Spending the code (or the password) for tokens, the ways out when that fails, and the live check. */
import { describe, expect, it } from 'vitest';
import { ExitCode, UserError } from '../../../src/errors.js';
import { OAuthError } from '../../../src/oauth/token-errors.js';
import { NotSentError } from '../../../src/oauth/http.js';
import { exchangeStep, verifyFailedStep, verifyStep } from '../../../src/flow/steps/sign-in-steps.js';
import { formatWhen } from '../../../src/format-when.js';
import type { WizardData } from '../../../src/flow/wizard-data.js';
import type { KeepRequest, ObtainedTokens, WizardEffects } from '../../../src/flow/wizard-effects.js';
import type { ErrorKind, LiveCheckResult } from '../../../src/providers/types.js';
import { accepted, ctx, dataFor, FIXED_NOW, fakeEffects, promptOf, refused, tokens, value } from './step-fixtures.js';

const obtained: ObtainedTokens = { tokens: tokens(), safetyCopy: { path: '/home/ada/project/.reauth/rescue-1.json', holds: true } };

type ExchangeArgs = Parameters<WizardEffects['exchangeCode']>[1];
type PasswordArgs = Parameters<WizardEffects['passwordGrant']>[1];

function recording() {
  const calls: { args: ExchangeArgs | PasswordArgs; keep: KeepRequest; grant: 'code' | 'password' }[] = [];
  const effects = fakeEffects({
    exchangeCode: async (_provider, args, keep) => (calls.push({ args, keep, grant: 'code' }), obtained),
    passwordGrant: async (_provider, args, keep) => (calls.push({ args, keep, grant: 'password' }), obtained),
  });
  return { calls, effects };
}

const netatmo = dataFor('netatmo', {
  clientId: 'client-1',
  clientSecret: 'secret-1',
  redirectUri: 'https://localhost/callback',
  code: 'code-1',
  scopes: ['read_station'],
});

describe('getting the tokens', () => {
  it('runs until there are tokens, naming the service', () => {
    expect(exchangeStep.applies(netatmo, ctx)).toBe(true);
    expect(exchangeStep.applies({ ...netatmo, tokens: tokens() }, ctx)).toBe(false);
    expect(exchangeStep.title(netatmo, ctx)).toBe('Getting the tokens from Netatmo…');
  });

  it('is not stopped half-way: the code is spent once the request is out', () => {
    expect(exchangeStep.finishBeforeStopping).toBe(true);
  });

  it('spends the code with the app, redirect URI and scopes, and keeps the answer with its safety copy', async () => {
    const { calls, effects } = recording();
    let stopped = 0;
    const data = await exchangeStep.run(
      { ...netatmo, attempt: { state: 's1', deadline: FIXED_NOW, linkNotes: [], codeVerifier: 'verifier-1', stopCatch: async () => void stopped++ } },
      ctx,
      effects,
    );
    expect(calls).toEqual([
      {
        grant: 'code',
        args: { clientId: 'client-1', clientSecret: 'secret-1', code: 'code-1', redirectUri: 'https://localhost/callback', codeVerifier: 'verifier-1', scopes: ['read_station'] },
        keep: { owner: { service: 'netatmo', clientId: 'client-1' }, client: { client_id: 'client-1', client_secret: 'secret-1' } },
      },
    ]);
    expect(data.tokens).toBe(obtained.tokens);
    expect(data.safetyCopy).toBe(obtained.safetyCopy);
    expect(stopped).toBe(1);
  });

  it('keeps a reconnect’s tokens under its profile', async () => {
    const { calls, effects } = recording();
    await exchangeStep.run({ ...netatmo, reconnect: true, profileName: 'weather' }, ctx, effects);
    expect(calls[0]?.keep.owner).toEqual({ profile: 'weather', service: 'netatmo', clientId: 'client-1' });
  });

  it('sends no redirect URI for a Self Client code, and the accounts server a Zoho address named', async () => {
    const { calls, effects } = recording();
    await exchangeStep.run(
      dataFor('zoho-desk', { flow: 'self_client', clientId: 'c', clientSecret: 's', code: '1000.x', redirectUri: 'https://ignored.test/cb', callbackServer: 'https://accounts.zoho.eu' }),
      ctx,
      effects,
    );
    expect(calls[0]?.args).toEqual({ clientId: 'c', clientSecret: 's', code: '1000.x', callbackServer: 'https://accounts.zoho.eu' });
  });

  it('uses the password grant for TTLock and forgets the password right after', async () => {
    const { calls, effects } = recording();
    const data = await exchangeStep.run(dataFor('ttlock', { clientId: 'c', clientSecret: 's', username: '+4477', password: 'pw' }), ctx, effects);
    expect(calls[0]).toMatchObject({ grant: 'password', args: { clientId: 'c', clientSecret: 's', username: '+4477', password: 'pw' } });
    expect(data.password).toBeUndefined();
    expect(data.username).toBe('+4477');
    expect(data.tokens).toBe(obtained.tokens);
  });

  it('summarises the tokens masked, with the expiry read from the wizard’s clock', () => {
    const expiresAt = new Date(FIXED_NOW + 30 * 60_000).toISOString();
    const summary = exchangeStep.summary!({ ...netatmo, tokens: tokens({ expires_at: expiresAt }) }, ctx);
    // Half an hour after the fixed clock is the same local day: a time alone, no date.
    expect(summary).toEqual({ label: 'Tokens', value: `access AT-n…ghij (27 chars), valid until ${formatWhen(expiresAt, FIXED_NOW)}` });
    expect(summary?.value).toMatch(/valid until \d\d:\d\d$/);
  });

  it('shows the date of an expiry that is not today', () => {
    const summary = exchangeStep.summary!({ ...netatmo, tokens: tokens({ expires_at: new Date(FIXED_NOW + 90 * 86_400_000).toISOString() }) }, ctx);
    expect(summary?.value).toMatch(/valid until 2030-09-1\d \d\d:\d\d$/);
  });

  it('says nothing of an expiry the service did not give', () => {
    const { expires_at: _none, ...lasting } = tokens();
    void _none;
    expect(exchangeStep.summary!({ ...netatmo, tokens: lasting }, ctx)?.value).toBe('access AT-n…ghij (27 chars)');
  });
});

describe('the ways out when the service hands out no tokens', () => {
  const failure = (kind: ErrorKind) => new OAuthError({ kind, message: `It failed (${kind}).`, next: 'Do the next thing.' });
  const optionsFor = (kind: ErrorKind, data: WizardData = netatmo) => exchangeStep.recover!(failure(kind), data, ctx).options.map((o) => [o.value, o.action]);

  it('explain the failure in the service’s words', () => {
    expect(exchangeStep.recover!(failure('code'), netatmo, ctx)).toMatchObject({
      title: 'The service did not hand out tokens',
      message: 'It failed (code).',
      next: 'Do the next thing.',
    });
  });

  it('a used or expired code: a fresh link, or quit with “sign in again”', () => {
    expect(optionsFor('code')).toEqual([
      ['fresh', { type: 'back-to', stepId: 'sign_in' }],
      ['quit', { type: 'quit', exitCode: ExitCode.signInAgain }],
    ]);
  });

  it('wrong app settings: the credentials (told they were refused), the redirect URI, a fresh link, or quit with a usage error', () => {
    expect(optionsFor('config')).toEqual([
      ['credentials', { type: 'back-to', stepId: 'client_id', patch: { credentialsRefused: true } }],
      ['redirect', { type: 'back-to', stepId: 'redirect_uri' }],
      ['fresh', { type: 'back-to', stepId: 'sign_in' }],
      ['quit', { type: 'quit', exitCode: ExitCode.usage }],
    ]);
  });

  it('a Self Client code has no redirect URI to change, and asks for a new code instead of a link', () => {
    const selfClient = exchangeStep.recover!(failure('config'), dataFor('zoho-desk', { flow: 'self_client' }), ctx);
    expect(selfClient.options.map((o) => o.value)).toEqual(['credentials', 'fresh', 'quit']);
    expect(selfClient.options[1]?.label).toBe('Paste a new code');
  });

  it('a wrong TTLock account or password: enter them again', () => {
    expect(optionsFor('credentials', dataFor('ttlock'))).toEqual([
      ['account', { type: 'back-to', stepId: 'username' }],
      ['credentials', { type: 'back-to', stepId: 'client_id' }],
      ['quit', { type: 'quit', exitCode: ExitCode.usage }],
    ]);
  });

  it('the service answered but is unavailable: the code is spent, so a fresh link first and never "may still be valid", exit 4 on quit', () => {
    expect(optionsFor('unavailable')).toEqual([
      ['fresh', { type: 'back-to', stepId: 'sign_in' }],
      ['retry', { type: 'retry' }],
      ['quit', { type: 'quit', exitCode: ExitCode.unavailable }],
    ]);
    const recovery = exchangeStep.recover!(failure('unavailable'), netatmo, ctx);
    expect(JSON.stringify(recovery)).not.toMatch(/may still be valid|still works/);
  });

  it('a request that never reached the service (connection refused) leaves the code good: try again first', () => {
    const refused = new NotSentError('Could not reach 127.0.0.1:9: nothing is listening there (connection refused).', 'Check the connection.', ExitCode.unavailable);
    const recovery = exchangeStep.recover!(refused, netatmo, ctx);
    expect(recovery.options.map((o) => o.value)).toEqual(['retry', 'fresh', 'quit']);
    expect(recovery.options[0]?.hint).toMatch(/never reached the service/);
  });

  it('an unexplained failure counts as the app’s settings, or as unavailable when its exit code says so', () => {
    expect(exchangeStep.recover!(new Error('socket hang up'), netatmo, ctx)).toMatchObject({ message: 'socket hang up' });
    expect(exchangeStep.recover!(new Error('x'), netatmo, ctx).options[0]?.value).toBe('credentials');
    const down = new UserError('Netatmo did not answer.', 'Try again in a minute.', ExitCode.unavailable);
    expect(exchangeStep.recover!(down, netatmo, ctx)).toMatchObject({ next: 'Try again in a minute.', options: [{ value: 'fresh' }, { value: 'retry' }, { value: 'quit' }] });
  });
});

describe('the live check', () => {
  const withTokens = { ...netatmo, tokens: tokens() };

  it('always runs, naming what it checks', () => {
    expect(verifyStep.applies(withTokens, ctx)).toBe(true);
    expect(verifyStep.title(withTokens, ctx)).toBe('Checking that the token works (Read the weather stations)…');
  });

  it('calls the service with the new access token, the client ID and the settings', async () => {
    const seen: unknown[] = [];
    const check: LiveCheckResult = { ok: true, summary: '2 stations' };
    const data = await verifyStep.run({ ...withTokens, settings: { home: 'x' } }, ctx, fakeEffects({ liveCheck: async (_p, token, args) => (seen.push(token, args), check) }));
    expect(seen).toEqual([tokens().access_token, { clientId: 'client-1', settings: { home: 'x' } }]);
    expect(data.check).toBe(check);
    expect(verifyStep.summary!(data, ctx)).toEqual({ label: 'Live check', value: '2 stations' });
  });

  it('marks a failed check in the history', () => {
    const data = { ...withTokens, check: { ok: false, problem: { kind: 'config', message: 'Missing scope read_station.' } } as const };
    expect(verifyStep.summary!(data, ctx)).toEqual({ label: 'Live check', value: 'failed: Missing scope read_station.', failed: true });
  });
});

describe('when the service does not accept the new token', () => {
  const failed: WizardData = {
    ...netatmo,
    tokens: tokens(),
    check: { ok: false, problem: { kind: 'config', message: 'Missing scope read_station.', next: 'Ask for read_station.' } },
  };

  it('asks only after a failed check', () => {
    expect(verifyFailedStep.applies(failed, ctx)).toBe(true);
    expect(verifyFailedStep.applies({ ...failed, check: { ok: true, summary: 'fine' } }, ctx)).toBe(false);
    expect(verifyFailedStep.applies(netatmo, ctx)).toBe(false);
  });

  it('says what the service said and starts on “quit without writing”', () => {
    const prompt = promptOf(verifyFailedStep.prompt(failed, ctx), 'select');
    expect(prompt.help).toBe('Missing scope read_station.\nAsk for read_station.');
    expect(prompt.options.map((o) => o.value)).toEqual(['write', 'quit']);
    expect(prompt.initial).toBe('quit');
  });

  it('writes anyway when asked, or stops before writing', () => {
    expect(accepted(verifyFailedStep.accept(value('verify_failed', 'write'), failed, ctx))).toBe(failed);
    expect(verifyFailedStep.accept(value('verify_failed', 'quit'), failed, ctx)).toEqual({
      quit: { exitCode: ExitCode.ok, title: 'Stopped before writing', lines: ['The new tokens were not written to your files.'] },
    });
    expect(refused(verifyFailedStep.accept(value('verify_failed', 'maybe'), failed, ctx))).toBe('Choose one of the options.');
  });
});
