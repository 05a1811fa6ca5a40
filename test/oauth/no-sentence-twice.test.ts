/**
 * Issue 10 item 7: "the refresh token rejected message repeats its sentence". Every explanation
 * reauth can give for a token error — every preset and a custom service, every code they list
 * and the RFC 6749 ones, every request kind, with and without the server's own words — says
 * each sentence once across its message and its next step, and names each command once.
 * The sentence splitting here is the test's own, so a broken splitter in src cannot hide a repeat.
 */
import { describe, expect, it } from 'vitest';
import { explainTokenError, type GrantContext } from '../../src/oauth/token-errors.js';
import { PRESETS } from '../../src/providers/catalogue.js';
import { buildCustomProvider } from '../../src/providers/custom-provider.js';
import type { ResolvedProvider } from '../../src/providers/types.js';
import { resolved } from './fixtures.js';

const custom = resolved(buildCustomProvider('my-api', { name: 'My API', authorize_url: 'https://id.example.com/authorize', token_url: 'https://id.example.com/token' }));
const providers: ResolvedProvider[] = [...PRESETS.map((p) => resolved(p)), custom];
const contexts: (GrantContext | undefined)[] = [undefined, 'code', 'refresh', 'password', 'revoke'];
const rfcCodes = ['invalid_grant', 'invalid_client', 'unauthorized_client', 'invalid_scope', 'invalid_request', 'unsupported_grant_type', 'temporarily_unavailable', 'server_error', 'access_denied', 'some_unknown_code'];

function sentencesOf(text: string, serviceName: string): string[] {
  return text
    .split(/(?<=[.!?]["'”)]?)\s+/u)
    .map((s) => s.toLowerCase().split(serviceName.toLowerCase()).join('the service').replace(/[^\p{L}\p{N}]+/gu, ' ').trim())
    .filter((s) => s !== '');
}

function commandsOf(text: string): string[] {
  return [...text.matchAll(/`(reauth [^`]+)`/g)].map((m) => m[1]!);
}

function errorBody(provider: ResolvedProvider, code: string, withWords: boolean): Record<string, unknown> {
  if (provider.errorShape === 'errcode') return { errcode: code, ...(withWords ? { errmsg: 'The server says no.' } : {}) };
  return { error: code, ...(withWords ? { error_description: 'The server says no.', error_uri: 'https://id.example.com/errors/1' } : {}) };
}

const cases = providers.flatMap((provider) => {
  const listed = Object.keys(provider.tokenErrors).map((key) => key.replace(/^(code|refresh|password|revoke):/, ''));
  const codes = [...new Set([...listed, ...rfcCodes])];
  return codes.flatMap((code) => contexts.flatMap((context) => [true, false].map((withWords) => ({ provider, code, context, withWords }))));
});

describe('no explanation says a sentence twice', () => {
  it('the test’s own splitter finds the sentences of a composed refresh refusal (so it can fail)', () => {
    const netatmo = providers.find((p) => p.id === 'netatmo')!;
    const explanation = explainTokenError(netatmo, 400, { error: 'invalid_grant', error_description: 'The server says no.' }, 'refresh')!;
    expect(sentencesOf(explanation.message, netatmo.name).length).toBeGreaterThanOrEqual(3);
    // A repeat, as the old custom-service hint made it, is caught by this test's comparison.
    const repeated = 'The service no longer accepts the stored refresh token. My API no longer accepts the stored refresh token.';
    const keys = sentencesOf(repeated, 'My API');
    expect(new Set(keys).size).toBeLessThan(keys.length);
  });

  it.each(cases.map((c) => [`${c.provider.id} ${c.context ?? '-'} ${c.code}${c.withWords ? ' with the server’s words' : ''}`, c] as const))('%s', (_name, { provider, code, context, withWords }) => {
    for (const status of [400, 200, 503]) {
      const explanation = explainTokenError(provider, status, errorBody(provider, code, withWords), context);
      if (!explanation) continue;
      const all = `${explanation.message} ${explanation.next ?? ''}`;
      const sentences = sentencesOf(all, provider.name);
      expect(sentences.filter((s, i) => sentences.indexOf(s) !== i), all).toEqual([]);
      const commands = commandsOf(all);
      expect(commands.filter((c, i) => commands.indexOf(c) !== i), all).toEqual([]);
    }
  });

  it('the service’s own words come with a known code, after reauth’s explanation', () => {
    const netatmo = providers.find((p) => p.id === 'netatmo')!;
    const explanation = explainTokenError(netatmo, 401, { error: 'invalid_client', error_description: 'client authentication failed', error_uri: 'https://dev.example.com/e/1' }, 'code')!;
    expect(explanation.message).toMatch(/^Netatmo does not accept the app’s credentials .*Netatmo said: "client authentication failed"\. More: https:\/\/dev\.example\.com\/e\/1$/);
  });
});
