import { describe, expect, it } from 'vitest';
import { parsePastedCallback, type PasteResult } from '../../src/oauth/parse-pasted-callback.js';

const STATE = 'Zk3c9Qm2XbT0aLp7Wv4sRy8dHn1eJu5gKf6iCo_-AB';
const EARLIER = 'older-attempt-state-0001-abcdefghijklmnopqrstu';
const expectState = { state: STATE, earlierStates: [EARLIER] };

function parse(text: string, expectation: Parameters<typeof parsePastedCallback>[1] = expectState): PasteResult {
  return parsePastedCallback(text, expectation);
}

describe('reading a pasted code or address', () => {
  const accepted: [string, string, string][] = [
    ['a bare code', 'fake-netatmo-code-0001', 'fake-netatmo-code-0001'],
    ['a whole redirect URL (Netatmo puts state first)', `https://localhost/callback?state=${STATE}&code=abc123`, 'abc123'],
    ['a URL with code first and extra params (TikTok order)', `http://127.0.0.1:8080/cb?code=abc123&scopes=user.info.basic%2Cvideo.list&state=${STATE}`, 'abc123'],
    ['a query string with its question mark', `?state=${STATE}&code=abc123`, 'abc123'],
    ['a query string without its question mark', `code=abc123&state=${STATE}`, 'abc123'],
    ['an address without its scheme', `localhost/callback?state=${STATE}&code=abc123`, 'abc123'],
    ['a URL in double quotes', `"https://localhost/callback?state=${STATE}&code=abc123"`, 'abc123'],
    ['a URL in single quotes', `'https://localhost/callback?state=${STATE}&code=abc123'`, 'abc123'],
    ['a URL in angle brackets (mail clients)', `<https://localhost/callback?state=${STATE}&code=abc123>`, 'abc123'],
    ['a code in typographic quotes', '“fake-code-0001”', 'fake-code-0001'],
    ['surrounding whitespace and newlines', `  \n\thttps://localhost/callback?state=${STATE}&code=abc123  \r\n`, 'abc123'],
    ['a URL wrapped over lines by the terminal', `https://localhost/callback?sta\nte=${STATE.slice(0, 20)}\r\n  ${STATE.slice(20)}&code=abc\n123`, 'abc123'],
    ['a fragment answer', `https://localhost/callback#state=${STATE}&code=abc123`, 'abc123'],
    ['a query followed by a meaningless #_=_', `https://localhost/callback?state=${STATE}&code=abc123#_=_`, 'abc123'],
    ['a query followed by a bare #', `https://localhost/callback?state=${STATE}&code=abc123#`, 'abc123'],
    ['a Google-style code with a slash', '4/0AfJohXk-fake-code', '4/0AfJohXk-fake-code'],
  ];
  it.each(accepted)('accepts %s', (_label, text, code) => {
    expect(parse(text)).toMatchObject({ ok: true, code });
  });

  it('decodes a %-encoded bare code exactly once (TikTok: "URL-decoded, once")', () => {
    expect(parse('fake-tiktok-code*0%214457')).toEqual({ ok: true, code: 'fake-tiktok-code*0!4457' });
    expect(parse('abc%252Fdef')).toEqual({ ok: true, code: 'abc%2Fdef' });
  });

  it('decodes a code taken from a URL exactly once, never twice', () => {
    expect(parse(`https://localhost/callback?state=${STATE}&code=abc%252Fdef%21`)).toMatchObject({ ok: true, code: 'abc%2Fdef!' });
  });

  it('keeps a bare code whose % is not an escape as it is', () => {
    expect(parse('abc%zz')).toEqual({ ok: true, code: 'abc%zz' });
  });

  it('returns Zoho’s accounts-server, decoded, and the location', () => {
    const url = `https://app.example.com/zoho/cb?state=${STATE}&code=1000.fakecode.0001&location=in&accounts-server=https%3A%2F%2Faccounts.zoho.in`;
    expect(parse(url, { ...expectState, callbackServerParam: 'accounts-server' })).toEqual({
      ok: true,
      code: '1000.fakecode.0001',
      callbackServer: 'https://accounts.zoho.in',
      location: 'in',
    });
  });

  it('does not report a callback server when the preset names none', () => {
    const url = `https://x.example/cb?state=${STATE}&code=c1&accounts-server=https%3A%2F%2Fevil.example`;
    expect(parse(url)).toEqual({ ok: true, code: 'c1' });
  });

  it('accepts a bare code although its state cannot be checked', () => {
    expect(parse('1000.fake.selfclient.code')).toEqual({ ok: true, code: '1000.fake.selfclient.code' });
  });

  it('skips the state check when no state is expected (Zoho Self Client)', () => {
    expect(parse('https://x.example/cb?code=abc&state=whatever', { state: '' })).toMatchObject({ ok: true, code: 'abc' });
  });
});

describe('explaining a paste that cannot be used', () => {
  const refused: [string, string, string][] = [
    ['nothing at all', '', 'empty'],
    ['only whitespace and quotes', '  "" \n ', 'empty'],
    ['a pressed Deny', `https://localhost/callback?state=${STATE}&error=access_denied`, 'denied'],
    ['another error from the service', `https://localhost/callback?error=invalid_scope&error_description=Unknown+scope+foo&state=${STATE}`, 'error'],
    ['another program’s state', 'https://localhost/callback?state=somebody-elses-state-value-000000000000&code=abc', 'wrong-state'],
    ['a URL with a code but no state', 'https://localhost/callback?code=abc123&scopes=user.info.basic', 'wrong-state'],
    ['an address from an earlier attempt', `https://localhost/callback?state=${EARLIER}&code=abc`, 'earlier-attempt'],
    ['a URL that ends in &', `https://localhost/callback?state=${STATE}&code=abc123&`, 'truncated'],
    ['a URL cut right after code=', `https://localhost/callback?state=${STATE}&code=`, 'truncated'],
    ['a URL cut inside a parameter name', `https://localhost/callback?code=abc123&scopes=user.info.basic&sta`, 'truncated'],
    ['a URL cut inside the state', `https://localhost/callback?state=${STATE.slice(0, 12)}`, 'truncated'],
    ['a URL cut inside an escape', `https://localhost/callback?state=${STATE}&code=abc%2`, 'truncated'],
    ['an address without any code', 'https://localhost/callback', 'no-code'],
    ['an address copied without its query', 'localhost/callback', 'no-code'],
    ['the sign-in link itself', `https://api.netatmo.com/oauth2/authorize?response_type=code&client_id=fake&state=${STATE}`, 'no-code'],
    ['a sentence instead of a code', 'I do not see any code', 'no-code'],
  ];
  it.each(refused)('refuses %s', (_label, text, problem) => {
    const result = parse(text);
    expect(result).toMatchObject({ ok: false, problem });
    if (!result.ok) {
      expect(result.message.length).toBeGreaterThan(10);
      expect(result.next.length).toBeGreaterThan(10);
    }
  });

  describe('the issuer of the answer (RFC 9207 iss), when reauth.yaml names the service\'s issuer', () => {
    const issuer = 'https://id.example.com';
    const withIssuer = (text: string) => parsePastedCallback(text, { state: STATE, issuer });

    it('takes an answer whose iss is exactly the issuer, or that carries none', () => {
      expect(withIssuer(`https://localhost/callback?code=abc123&state=${STATE}&iss=${encodeURIComponent(issuer)}`)).toEqual({ ok: true, code: 'abc123' });
      expect(withIssuer(`https://localhost/callback?code=abc123&state=${STATE}`)).toEqual({ ok: true, code: 'abc123' });
    });

    it.each([
      ['another server', 'https://evil.example'],
      ['a look-alike with a trailing slash', 'https://id.example.com/'],
      ['an empty iss', ''],
    ])('refuses an iss from %s, code and error alike, and names both', (_label, iss) => {
      for (const rest of ['code=abc123', 'error=access_denied']) {
        const result = withIssuer(`https://localhost/callback?${rest}&state=${STATE}&iss=${encodeURIComponent(iss)}`);
        expect(result).toMatchObject({ ok: false, problem: 'wrong-issuer' });
        if (!result.ok) expect(result.message).toContain(`not from ${issuer}, the service reauth sent you to`);
      }
    });

    it('shows a hostile iss safely', () => {
      const result = withIssuer(`https://localhost/callback?code=abc&state=${STATE}&iss=${encodeURIComponent('https://x\u001b[2J.example')}`);
      expect(result.ok ? '' : result.message).toContain('https://x␛.example');
    });

    it('refuses an answer without iss when the discovery document promised one (authorization_response_iss_parameter_supported)', () => {
      const required = (text: string) => parsePastedCallback(text, { state: STATE, issuer, requireIssuer: true });
      for (const rest of ['code=abc123', 'error=access_denied']) {
        const result = required(`https://localhost/callback?${rest}&state=${STATE}`);
        expect(result).toMatchObject({ ok: false, problem: 'wrong-issuer' });
        if (!result.ok) expect(result.message).toContain(`no iss), although ${issuer} puts it in every answer`);
      }
      expect(required(`https://localhost/callback?code=abc123&state=${STATE}&iss=${encodeURIComponent(issuer)}`)).toEqual({ ok: true, code: 'abc123' });
      expect(required(`https://localhost/callback?code=abc123&state=${STATE}&iss=https%3A%2F%2Fevil.example`)).toMatchObject({ ok: false, problem: 'wrong-issuer' });
    });

    it('checks nothing when no issuer is known (presets, and services without issuer:)', () => {
      expect(parse(`https://localhost/callback?code=abc123&state=${STATE}&iss=https%3A%2F%2Fanything.example`)).toMatchObject({ ok: true, code: 'abc123' });
    });
  });

  describe('the service refusing the redirect URI (its own error page pasted)', () => {
    const redirectUri = 'https://localhost/callback';
    const withRedirect = (text: string) => parsePastedCallback(text, { state: STATE, redirectUri });

    it.each([
      ['Zoho / Netatmo: the authorize page that said "Invalid Redirect Uri"', `https://accounts.zoho.eu/oauth/v2/auth?response_type=code&client_id=1000.FAKE&redirect_uri=https%3A%2F%2Flocalhost%2Fcallbak&state=${STATE}`],
      ['TikTok: the authorize page with its error', `https://www.tiktok.com/v2/auth/authorize/?client_key=fakekey&response_type=code&redirect_uri=https%3A%2F%2Flocalhost%2F&state=${STATE}`],
    ])('%s: says how to correct the redirect URI, and how to go on when it was only the link', (_label, text) => {
      const result = withRedirect(text);
      expect(result).toMatchObject({ ok: false, problem: 'no-code' });
      if (result.ok) return;
      expect(result.message).toMatch(/service’s own sign-in page/);
      expect(result.next).toMatch(/redirect URI is invalid or does not match/);
      expect(result.next).toContain(`reauth used ${redirectUri} — press Esc to go back and correct it`);
      expect(result.next).toMatch(/character for character/);
      expect(result.next).toMatch(/Otherwise press Allow/);
    });

    it.each([
      ['redirect_uri_mismatch', null],
      ['invalid_request', 'The redirect_uri does not match the registered value'],
      ['invalid_request', 'Invalid Redirect Uri'],
    ])('error=%s (%s) names the redirect URI, not the generic settings', (error, description) => {
      const query = new URLSearchParams({ error, ...(description ? { error_description: description } : {}), state: STATE });
      const result = withRedirect(`https://id.example.com/error?${query.toString()}`);
      expect(result).toMatchObject({ ok: false, problem: 'redirect-mismatch' });
      if (result.ok) return;
      expect(result.next).toContain(`reauth used ${redirectUri} — press Esc`);
      expect(`${result.message} ${result.next}`).not.toMatch(/press Allow/);
    });

    it('an error that is not about the redirect URI keeps the general advice', () => {
      const result = withRedirect(`https://localhost/callback?error=invalid_scope&state=${STATE}`);
      expect(result).toMatchObject({ ok: false, problem: 'error' });
    });
  });

  it('tells a pressed Deny apart and says to choose Allow', () => {
    const result = parse(`https://localhost/callback?error=access_denied&state=${STATE}`);
    expect(result).toMatchObject({ ok: false, problem: 'denied' });
    if (!result.ok) expect(result.next).toMatch(/Allow/);
  });

  it('quotes the service’s error and its description', () => {
    const result = parse(`https://localhost/callback?error=invalid_scope&error_description=Unknown+scope+foo&state=${STATE}`);
    if (result.ok) throw new Error('expected a problem');
    expect(result.message).toContain('invalid_scope');
    expect(result.message).toContain('Unknown scope foo');
  });

  it('explains an earlier attempt plainly, not as an attack', () => {
    const result = parse(`https://localhost/callback?state=${EARLIER}&code=abc`);
    if (result.ok) throw new Error('expected a problem');
    expect(result.message).toMatch(/earlier sign-in attempt/);
    expect(result.message).toMatch(/no longer valid/);
    expect(result.next).toMatch(/newest/);
    expect(`${result.message} ${result.next}`).not.toMatch(/attack|forg|malicious/i);
  });

  it('explains a foreign state without calling it an attack', () => {
    const result = parse('https://localhost/callback?state=somebody-elses-state-value-000000000000&code=abc');
    if (result.ok) throw new Error('expected a problem');
    expect(`${result.message} ${result.next}`).not.toMatch(/attack|forg|malicious/i);
    expect(result.next).toMatch(/newest link/);
  });

  it('recognises a cut-off state from an earlier attempt as a cut, not a stranger', () => {
    expect(parse(`https://localhost/callback?state=${EARLIER.slice(0, 10)}`)).toMatchObject({ ok: false, problem: 'truncated' });
  });
});
