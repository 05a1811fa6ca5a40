/** Getting the grant: the Zoho cap warning, Self Client codes, TTLock's account, the link and the paste box. */
import { describe, expect, it } from 'vitest';
import {
  passwordStep,
  pasteStep,
  refreshTokenCapStep,
  selfClientDurationStep,
  signInStep,
  usernameStep,
} from '../../../src/flow/steps/sign-in-steps.js';
import type { SignInAttempt, WizardData } from '../../../src/flow/wizard-data.js';
import type { SignInRequest } from '../../../src/flow/wizard-effects.js';
import { accepted, confirm, ctx, dataFor, FIXED_NOW, fakeEffects, promptOf, refused, tokens, value, values } from './step-fixtures.js';

const zoho = dataFor('zoho-desk');
const selfClient = dataFor('zoho-desk', { flow: 'self_client' });
const ttlock = dataFor('ttlock');

describe('the refresh-token cap warning', () => {
  it('is asked before a Zoho sign-in, in either way in, but not for other services or once tokens exist', () => {
    expect(refreshTokenCapStep.applies(zoho, ctx)).toBe(true);
    expect(refreshTokenCapStep.applies(selfClient, ctx)).toBe(true);
    expect(refreshTokenCapStep.applies(dataFor('netatmo'), ctx)).toBe(false);
    expect(refreshTokenCapStep.applies(dataFor('zoho-desk', { tokens: tokens() }), ctx)).toBe(false);
  });

  it('explains that a new token silently deletes the oldest of 20', () => {
    const prompt = promptOf(refreshTokenCapStep.prompt(zoho, ctx), 'confirm');
    expect(prompt).toMatchObject({ title: 'Make a new refresh token?', initial: true });
    expect(prompt.help).toMatch(/at most 20 refresh tokens/);
  });

  it('goes on with yes, and says how to quit with no', () => {
    expect(accepted(refreshTokenCapStep.accept(confirm('token_cap', true), zoho, ctx))).toBe(zoho);
    expect(refused(refreshTokenCapStep.accept(confirm('token_cap', false), zoho, ctx))).toBe(
      'Nothing was changed. Press Ctrl+C to quit, or answer yes to continue.',
    );
    expect(refused(refreshTokenCapStep.accept(value('token_cap', 'y'), zoho, ctx))).toBe('Answer yes or no.');
  });
});

describe('the Self Client code duration', () => {
  it('is asked only for the Self Client way in, before a code is pasted', () => {
    expect(selfClientDurationStep.applies(selfClient, ctx)).toBe(true);
    expect(selfClientDurationStep.applies(zoho, ctx)).toBe(false);
    expect(selfClientDurationStep.applies({ ...selfClient, tokens: tokens() }, ctx)).toBe(false);
  });

  it('gives the scopes to type in the console as one comma-separated line to copy', () => {
    const prompt = promptOf(selfClientDurationStep.prompt({ ...selfClient, scopes: ['Desk.tickets.READ', 'Desk.basic.READ'] }, ctx), 'select');
    expect(prompt.copyText).toEqual({ title: 'Scopes to type in the API console:', text: 'Desk.tickets.READ,Desk.basic.READ' });
    expect(prompt.options.map((o) => o.value)).toEqual(['3', '5', '7', '10']);
    expect(prompt.options[0]?.hint).toBe('the console’s default');
    expect(prompt.initial).toBe('3');
    expect(promptOf(selfClientDurationStep.prompt({ ...selfClient, selfClientMinutes: 7 }, ctx), 'select').initial).toBe('7');
  });

  it('uses the service’s default scopes when none were chosen', () => {
    const prompt = promptOf(selfClientDurationStep.prompt(selfClient, ctx), 'select');
    expect(prompt.copyText?.text).toBe(ctx.resolve(selfClient).defaultScopes.join(','));
  });

  it('stores the minutes picked, and refuses anything else', () => {
    const data = accepted(selfClientDurationStep.accept(value('self_client_duration', '5'), selfClient, ctx));
    expect(data.selfClientMinutes).toBe(5);
    expect(selfClientDurationStep.summary!(data, ctx)).toEqual({ label: 'Code lifetime', value: '5 minutes (Self Client)' });
    expect(refused(selfClientDurationStep.accept(value('self_client_duration', 'soon'), selfClient, ctx))).toBe('Choose a duration.');
    expect(refused(selfClientDurationStep.accept(value('self_client_duration', '0'), selfClient, ctx))).toBe('Choose a duration.');
  });
});

describe('the app account and password (TTLock)', () => {
  it('are asked only for the password way in, before tokens exist', () => {
    expect(usernameStep.applies(ttlock, ctx)).toBe(true);
    expect(passwordStep.applies(ttlock, ctx)).toBe(true);
    expect(usernameStep.applies(dataFor('netatmo'), ctx)).toBe(false);
    expect(passwordStep.applies({ ...ttlock, tokens: tokens() }, ctx)).toBe(false);
  });

  it('ask for the app account, not the developer login, and offer the account typed before', () => {
    const prompt = promptOf(usernameStep.prompt({ ...ttlock, username: '+447700900123' }, ctx), 'text');
    expect(prompt.title).toBe('TTLock (Sciener) app account');
    expect(prompt.help).toMatch(/not your developer-portal login/);
    expect(prompt).toMatchObject({ initial: '+447700900123', secret: false });
  });

  it('store the trimmed account, and refuse an empty one with an example', () => {
    const data = accepted(usernameStep.accept(value('username', ' ada@example.com '), ttlock, ctx));
    expect(data.username).toBe('ada@example.com');
    expect(usernameStep.summary!(data, ctx)).toEqual({ label: 'Account', value: 'ada@example.com' });
    expect(refused(usernameStep.accept(value('username', ''), ttlock, ctx))).toMatch(/^Enter the phone number \(with country code/);
  });

  it('mask the password, keep it exactly as typed, and never show it', () => {
    const prompt = promptOf(passwordStep.prompt(ttlock, ctx), 'text');
    expect(prompt).toMatchObject({ title: 'Password of that TTLock (Sciener) app account', secret: true });
    expect(prompt.help).toMatch(/never stores it/);
    const data = accepted(passwordStep.accept(value('password', ' pass word '), ttlock, ctx));
    expect(data.password).toBe(' pass word ');
    expect(passwordStep.summary!(data, ctx)).toEqual({ label: 'Password', value: 'entered (not stored)' });
    expect(refused(passwordStep.accept(value('password', ''), ttlock, ctx))).toBe('Enter the password of the app account.');
  });

  it('forget the password when going back over it, but keep the account to ask again with', () => {
    expect(usernameStep.undo).toBeUndefined();
    expect(passwordStep.undo!({ ...ttlock, password: 'secret' }).password).toBeUndefined();
  });
});

describe('preparing the sign-in', () => {
  const netatmo = dataFor('netatmo', { clientId: 'client-1', redirectUri: 'https://localhost/callback', earlierStates: ['old-state'] });
  const attempt: SignInAttempt = { url: 'https://api.netatmo.com/oauth2/authorize?state=s1', state: 's1', deadline: FIXED_NOW + 600_000, linkNotes: ['Opened in your browser.'] };

  it('runs for every way in but the password, until tokens exist', () => {
    expect(signInStep.applies(netatmo, ctx)).toBe(true);
    expect(signInStep.applies(selfClient, ctx)).toBe(true);
    expect(signInStep.applies(ttlock, ctx)).toBe(false);
    expect(signInStep.applies({ ...netatmo, tokens: tokens() }, ctx)).toBe(false);
    expect(signInStep.title(netatmo, ctx)).toBe('Preparing the Netatmo sign-in link…');
  });

  it('starts the browser sign-in with the app, the scopes and the states of earlier attempts', async () => {
    const requests: SignInRequest[] = [];
    const data = await signInStep.run(netatmo, ctx, fakeEffects({ startSignIn: async (_provider, request) => (requests.push(request), attempt) }));
    expect(data.attempt).toBe(attempt);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ clientId: 'client-1', redirectUri: 'https://localhost/callback', scopes: ['read_station'], earlierStates: ['old-state'] });
  });

  it('asks for the chosen scopes rather than the defaults', async () => {
    const requests: SignInRequest[] = [];
    await signInStep.run({ ...netatmo, scopes: ['read_thermostat'] }, ctx, fakeEffects({ startSignIn: async (_p, request) => (requests.push(request), attempt) }));
    expect(requests[0]?.scopes).toEqual(['read_thermostat']);
  });

  it('for a Self Client code opens nothing: the countdown runs from the effects’ clock for the minutes picked', async () => {
    const data = await signInStep.run({ ...selfClient, selfClientMinutes: 5 }, ctx, fakeEffects());
    expect(data.attempt).toEqual({ state: '', deadline: FIXED_NOW + 5 * 60_000, linkNotes: [] });
  });

  it('going back over it stops the loopback listener and remembers the attempt’s state', () => {
    let stopped = 0;
    const started: WizardData = { ...netatmo, attempt: { ...attempt, stopCatch: async () => void stopped++ }, code: 'c' };
    const undone = signInStep.undo!(started);
    expect(stopped).toBe(1);
    expect(undone).toMatchObject({ attempt: undefined, code: undefined, earlierStates: ['old-state', 's1'] });
  });

  it('remembers no state for a Self Client attempt, which has none', () => {
    const undone = signInStep.undo!({ ...selfClient, attempt: { state: '', deadline: FIXED_NOW, linkNotes: [] } });
    expect(undone.earlierStates).toEqual([]);
  });
});

describe('the paste box', () => {
  const attempt: SignInAttempt = { url: 'https://api.netatmo.com/oauth2/authorize?state=s1', state: 's1', deadline: FIXED_NOW + 600_000, linkNotes: ['Copied to the clipboard.'] };
  const waiting = dataFor('netatmo', { attempt, earlierStates: ['s0'] });
  const paste = (text: string, data: WizardData = waiting) => pasteStep.accept(value('paste', text), data, ctx);

  it('shows the whole link, what happened to it and the deadline, marked as assumed when the service does not document it', () => {
    const prompt = promptOf(pasteStep.prompt(waiting, ctx), 'paste');
    expect(prompt).toMatchObject({
      title: 'Sign in to Netatmo and allow access',
      url: attempt.url,
      linkNotes: ['Copied to the clipboard.'],
      deadline: FIXED_NOW + 600_000,
      deadlineAssumed: true,
    });
    expect(prompt.help).toMatch(/copy the whole address from the address bar/);
  });

  it('when the browser comes back to reauth by itself, does not call an error page expected', () => {
    const prompt = promptOf(pasteStep.prompt({ ...waiting, attempt: { ...attempt, stopCatch: async () => undefined, catchesByItself: true } }, ctx), 'paste');
    expect(prompt.help).toMatch(/^After you allow access, the browser comes back to reauth and it goes on by itself\. Only if/);
    expect(prompt.help).not.toMatch(/that is expected/);
  });

  it('for a Self Client code shows no link and a deadline that is not assumed', () => {
    const prompt = promptOf(pasteStep.prompt({ ...selfClient, attempt: { state: '', deadline: FIXED_NOW + 180_000, linkNotes: [] } }, ctx), 'paste');
    expect(prompt.url).toBeUndefined();
    expect(prompt).toMatchObject({ title: 'Paste the code from the API console', deadlineAssumed: false });
  });

  it('takes the code from a pasted address of this attempt', () => {
    const data = accepted(paste('https://localhost/callback?state=s1&code=abc123'));
    expect(data.code).toBe('abc123');
    expect(pasteStep.summary!(data, ctx)).toEqual({ label: 'Sign-in', value: 'code received' });
  });

  it('takes a bare code', () => {
    expect(accepted(paste('  abc123\n')).code).toBe('abc123');
  });

  it('keeps the accounts server a Zoho address names, for the exchange to check', () => {
    const zohoWaiting = { ...zoho, attempt: { ...attempt, state: 'z1' } };
    const data = accepted(paste('https://localhost/cb?state=z1&code=1000.abc&accounts-server=https%3A%2F%2Faccounts.zoho.eu', zohoWaiting));
    expect(data).toMatchObject({ code: '1000.abc', callbackServer: 'https://accounts.zoho.eu', accountsServerSeen: 'https://accounts.zoho.eu' });
  });

  it('recognises an address from an earlier attempt and says what to do', () => {
    expect(refused(paste('https://localhost/callback?state=s0&code=old'))).toBe(
      'This address is from an earlier sign-in attempt; its code is no longer valid. Use the newest tab (or the newest link reauth printed), press Allow, and paste that address.',
    );
  });

  it('refuses an address of another sign-in, a refusal and an empty paste, each in plain words', () => {
    expect(refused(paste('https://localhost/callback?state=zzz&code=x'))).toMatch(/^This address does not belong to the sign-in reauth just started/);
    expect(refused(paste('https://localhost/callback?state=s1&error=access_denied'))).toBe(
      'The sign-in was refused: Deny or Cancel was pressed on the service’s page (error=access_denied). Open the link again and choose Allow.',
    );
    expect(refused(paste(''))).toBe('Nothing was pasted. Paste the code, or the whole address from the browser’s address bar after you pressed Allow.');
    expect(refused(pasteStep.accept(values('paste', ['abc']), waiting, ctx))).toMatch(/^Nothing was pasted/);
  });

  it('refuses a paste before the sign-in started', () => {
    expect(refused(paste('abc123', dataFor('netatmo')))).toBe('Start the sign-in first.');
  });

  it('asks for a fresh link by going back to the sign-in', () => {
    expect(pasteStep.accept({ type: 'new-link', id: 'paste' }, waiting, ctx)).toEqual({ rewindTo: 'sign_in' });
  });

  it('takes the code the loopback listener caught by itself', () => {
    expect(accepted(pasteStep.accept({ type: 'caught', id: 'paste', code: 'caught-1', callbackServer: 'https://accounts.zoho.in' }, waiting, ctx))).toMatchObject({
      code: 'caught-1',
      callbackServer: 'https://accounts.zoho.in',
    });
  });

  it('shows the listener’s problem when the browser came back without a code', () => {
    expect(refused(pasteStep.accept({ type: 'caught', id: 'paste', problem: 'You pressed Deny.' }, waiting, ctx))).toBe('You pressed Deny.');
    expect(refused(pasteStep.accept({ type: 'caught', id: 'paste' }, waiting, ctx))).toBe(
      'The browser came back without a code. Get a fresh link and try again.',
    );
  });

  it('forgets the code when going back over it', () => {
    expect(pasteStep.undo!({ ...waiting, code: 'c', callbackServer: 'https://accounts.zoho.eu' })).toMatchObject({ code: undefined, callbackServer: undefined });
    // Where that sign-in went stays known, for the data-centre question if it is asked again.
    expect(pasteStep.undo!(accepted(pasteStep.accept({ type: 'caught', id: 'paste', code: 'c', callbackServer: 'https://accounts.zoho.in' }, waiting, ctx))).accountsServerSeen).toBe('https://accounts.zoho.in');
  });
});
