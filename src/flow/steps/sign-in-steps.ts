/** Getting the grant: the browser link and paste box, Self Client codes, or TTLock's password. */
import { ExitCode } from '../../errors.js';
import { formatWhen } from '../../format-when.js';
import { maskSecret } from '../../secret-mask.js';
import { parsePastedCallback } from '../../oauth/parse-pasted-callback.js';
import { actionStep, questionStep, type QuestionStep } from '../step.js';
import type { WizardData } from '../wizard-data.js';
import { answerText, guaranteed, providerOf } from './step-helpers.js';
import { flowOf } from './service-steps.js';
import { exchangeRecovery } from './exchange-recovery.js';
import { keepRequest } from './tokens-to-keep.js';

export const refreshTokenCapStep: QuestionStep = {
  type: 'question',
  id: 'token_cap',
  applies: (data, ctx) => !data.tokens && !!providerOf(data, ctx).refreshTokenCap && flowOf(data, ctx) !== 'password',
  prompt: (data, ctx) => ({
    kind: 'confirm',
    title: 'Make a new refresh token?',
    help: providerOf(data, ctx).refreshTokenCap?.warning,
    initial: true,
  }),
  accept: (answer, data) => {
    if (answer.type !== 'confirm') return { error: 'Answer yes or no.' };
    if (!answer.value) return { error: 'Nothing was changed. Press Ctrl+C to quit, or answer yes to continue.' };
    return { data };
  },
};

export const selfClientDurationStep: QuestionStep = {
  type: 'question',
  id: 'self_client_duration',
  applies: (data, ctx) => !data.tokens && flowOf(data, ctx) === 'self_client',
  prompt: (data, ctx) => {
    const provider = providerOf(data, ctx);
    return {
      kind: 'select',
      title: 'Generate a code in the API console, then choose the duration you picked there',
      help: [
        provider.selfClientHelp ?? 'API Console → Self Client → Generate Code.',
        'The countdown here runs for the duration you choose, from now.',
      ].join('\n'),
      copyText: { title: 'Scopes to type in the API console:', text: (data.scopes ?? provider.defaultScopes).join(',') },
      options: [3, 5, 7, 10].map((m) => ({ value: String(m), label: `${m} minutes`, ...(m === 3 ? { hint: 'the console’s default' } : {}) })),
      initial: String(data.selfClientMinutes ?? 3),
    };
  },
  accept: (answer, data) => {
    const minutes = Number(answerText(answer));
    return Number.isFinite(minutes) && minutes > 0 ? { data: { ...data, selfClientMinutes: minutes } } : { error: 'Choose a duration.' };
  },
  summary: (data) => ({ label: 'Code lifetime', value: `${data.selfClientMinutes} minutes (Self Client)` }),
};

export const usernameStep: QuestionStep = {
  type: 'question',
  id: 'username',
  applies: (data, ctx) => !data.tokens && flowOf(data, ctx) === 'password',
  prompt: (data, ctx) => ({
    kind: 'text',
    title: `${providerOf(data, ctx).name} app account`,
    help: providerOf(data, ctx).passwordGrant?.usernameHelp ?? 'The account you sign in to the app with.',
    ...(data.username ? { initial: data.username } : {}),
    secret: false,
    optional: false,
  }),
  accept: (answer, data) => {
    const value = answerText(answer);
    if (!value) return { error: 'Enter the phone number (with country code, like +4477…) or email you use in the app.' };
    return { data: { ...data, username: value } };
  },
  summary: (data) => ({ label: 'Account', value: data.username ?? '' }),
  // No undo: going back here (Esc, or "enter the account and password again" after a refused
  // password) asks again with the account already typed; usually only the password was wrong.
};

export const passwordStep: QuestionStep = {
  type: 'question',
  id: 'password',
  applies: (data, ctx) => flowOf(data, ctx) === 'password' && !data.tokens,
  prompt: (data, ctx) => ({
    kind: 'text',
    title: `Password of that ${providerOf(data, ctx).name} app account`,
    help: 'Used once to get the tokens, then forgotten: reauth never stores it.',
    secret: true,
    optional: false,
  }),
  accept: (answer, data) => {
    const value = answer.type === 'value' ? answer.value : '';
    if (!value) return { error: 'Enter the password of the app account.' };
    return { data: { ...data, password: value } };
  },
  summary: () => ({ label: 'Password', value: 'entered (not stored)' }),
  undo: (data) => ({ ...data, password: undefined }),
};

export const signInStep = actionStep({
  id: 'sign_in',
  needs: ['clientId'],
  applies: (data, ctx) => !data.tokens && flowOf(data, ctx) !== 'password' && flowOf(data, ctx) !== 'device',
  title: (data, ctx) => `Preparing the ${providerOf(data, ctx).name} sign-in link…`,
  run: async (data, ctx, effects) => {
    const provider = providerOf(data, ctx);
    if (flowOf(data, ctx) === 'self_client') {
      const minutes = data.selfClientMinutes ?? 3;
      return { ...data, attempt: { state: '', deadline: effects.now() + minutes * 60_000, linkNotes: [] } };
    }
    const attempt = await effects.startSignIn(provider, {
      clientId: data.clientId,
      redirectUri: guaranteed(data.redirectUri, 'sign_in', 'redirectUri'),
      scopes: data.scopes ?? provider.defaultScopes,
      earlierStates: data.earlierStates,
      onCaught: () => undefined, // replaced by the controller, which owns the running wizard
    });
    return { ...data, attempt };
  },
  undo: (data): WizardData => {
    void data.attempt?.stopCatch?.();
    return {
      ...data,
      attempt: undefined,
      code: undefined,
      earlierStates: data.attempt?.state ? [...data.earlierStates, data.attempt.state] : data.earlierStates,
    };
  },
});

export const pasteStep = questionStep({
  id: 'paste',
  needs: ['attempt'],
  applies: (data, ctx) => !data.tokens && flowOf(data, ctx) !== 'password' && flowOf(data, ctx) !== 'device',
  prompt: (data, ctx) => {
    const provider = providerOf(data, ctx);
    const attempt = data.attempt;
    const selfClient = flowOf(data, ctx) === 'self_client';
    return {
      kind: 'paste',
      title: selfClient ? 'Paste the code from the API console' : `Sign in to ${provider.name} and allow access`,
      ...(attempt.url ? { url: attempt.url } : {}),
      linkNotes: attempt.linkNotes,
      help: selfClient
        ? 'Copy the code the console shows and paste it here.'
        : attempt.catchesByItself
          ? 'After you allow access, the browser comes back to reauth and it goes on by itself. Only if the browser shows an error page instead: copy its whole address from the address bar and paste it here.'
          : 'After you allow access, the browser goes to your redirect URI. If that page shows an error or "not found", that is expected: copy the whole address from the address bar and paste it here.',
      deadline: attempt.deadline,
      deadlineAssumed: selfClient ? false : !provider.codeLifetimeConfirmed,
    };
  },
  accept: (answer, data, ctx) => {
    if (answer.type === 'new-link') return { rewindTo: 'sign_in' };
    if (answer.type === 'caught') {
      if (!answer.code) return { error: answer.problem ?? 'The browser came back without a code. Get a fresh link and try again.' };
      return { data: { ...data, code: answer.code, ...(answer.callbackServer ? { callbackServer: answer.callbackServer, accountsServerSeen: answer.callbackServer } : {}) } };
    }
    const attempt = data.attempt;
    if (!attempt) return { error: 'Start the sign-in first.' };
    const provider = providerOf(data, ctx);
    const param = provider.callbackServer?.param;
    const result = parsePastedCallback(answer.type === 'value' ? answer.value : '', {
      state: attempt.state,
      ...(provider.issuer ? { issuer: provider.issuer, ...(provider.issuerRequired ? { requireIssuer: true } : {}) } : {}),
      earlierStates: data.earlierStates,
      ...(param ? { callbackServerParam: param } : {}),
      ...(data.redirectUri ? { redirectUri: data.redirectUri } : {}),
    });
    if (!result.ok) return { error: `${result.message} ${result.next}` };
    return { data: { ...data, code: result.code, ...(result.callbackServer ? { callbackServer: result.callbackServer, accountsServerSeen: result.callbackServer } : {}) } };
  },
  summary: () => ({ label: 'Sign-in', value: 'code received' }),
  undo: (data) => ({ ...data, code: undefined, callbackServer: undefined }),
});

export const exchangeStep = actionStep({
  id: 'exchange',
  needs: ['clientId', 'clientSecret'],
  applies: (data) => !data.tokens,
  // The code is spent once the request is out: a Ctrl+C waits for the answer and its safety copy.
  finishBeforeStopping: true,
  title: (data, ctx) => `Getting the tokens from ${providerOf(data, ctx).name}…`,
  run: async (data, ctx, effects) => {
    const provider = providerOf(data, ctx);
    const { clientId, clientSecret } = data;
    if (flowOf(data, ctx) === 'password') {
      const username = guaranteed(data.username, 'exchange', 'username');
      const password = guaranteed(data.password, 'exchange', 'password');
      const obtained = await effects.passwordGrant(provider, { clientId, clientSecret, username, password }, keepRequest(data));
      return { ...data, tokens: obtained.tokens, safetyCopy: obtained.safetyCopy, password: undefined };
    }
    const obtained = await effects.exchangeCode(
      provider,
      {
        clientId,
        clientSecret,
        code: guaranteed(data.code, 'exchange', 'code'),
        ...(flowOf(data, ctx) === 'authorization_code' ? { redirectUri: guaranteed(data.redirectUri, 'exchange', 'redirectUri') } : {}),
        ...(data.attempt?.codeVerifier ? { codeVerifier: data.attempt.codeVerifier } : {}),
        ...(data.scopes ? { scopes: data.scopes } : {}),
        ...(data.callbackServer ? { callbackServer: data.callbackServer } : {}),
      },
      keepRequest(data),
    );
    void data.attempt?.stopCatch?.();
    return { ...data, tokens: obtained.tokens, safetyCopy: obtained.safetyCopy };
  },
  recover: (error, data, ctx) => exchangeRecovery(error, data, flowOf(data, ctx)),
  summary: (data, ctx) => ({
    label: 'Tokens',
    value: `access ${maskSecret(data.tokens?.access_token)}${data.tokens?.expires_at ? `, valid until ${formatWhen(data.tokens.expires_at, ctx.now())}` : ''}`,
  }),
});

export const verifyStep = actionStep({
  id: 'verify',
  needs: ['tokens'],
  applies: () => true,
  title: (data, ctx) => `Checking that the token works (${providerOf(data, ctx).liveCheck?.label ?? 'no check available'})…`,
  run: async (data, ctx, effects) => {
    const check = await effects.liveCheck(providerOf(data, ctx), data.tokens.access_token, {
      ...(data.clientId ? { clientId: data.clientId } : {}),
      settings: { ...data.settings },
    });
    return { ...data, check };
  },
  summary: (data) => ({
    label: 'Live check',
    value: data.check?.ok ? data.check.summary : `failed: ${data.check?.problem.message ?? ''}`,
    ...(data.check?.ok ? {} : { failed: true }),
  }),
});

export const verifyFailedStep: QuestionStep = {
  type: 'question',
  id: 'verify_failed',
  applies: (data) => data.check !== undefined && !data.check.ok,
  prompt: (data) => {
    const problem = data.check && !data.check.ok ? data.check.problem : undefined;
    return {
      kind: 'select',
      title: 'The service did not accept the new token',
      help: [problem?.message, problem?.next].filter(Boolean).join('\n'),
      options: [
        { value: 'write', label: 'Write the tokens anyway', hint: 'e.g. the check needs a scope your program does not use' },
        { value: 'quit', label: 'Quit without writing', hint: 'the tokens are kept in a rescue file' },
      ],
      initial: 'quit',
    };
  },
  accept: (answer, data) => {
    const choice = answerText(answer);
    if (choice === 'write') return { data };
    if (choice === 'quit') {
      return { quit: { exitCode: ExitCode.ok, title: 'Stopped before writing', lines: ['The new tokens were not written to your files.'] } };
    }
    return { error: 'Choose one of the options.' };
  },
};
