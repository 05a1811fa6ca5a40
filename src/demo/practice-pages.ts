/**
 * The practice server's web pages: a consent page a newcomer can read, and plain error pages.
 * Every value shown is escaped (it comes from the sign-in link, which anyone can edit).
 */

export interface ConsentDetails {
  readonly requestId: string;
  readonly appName: string;
  readonly scopes: readonly string[];
  readonly redirectUri: string;
  readonly codeLifetimeSeconds: number;
}

const SCOPE_TEXT: Readonly<Record<string, string>> = {
  read: 'See your practice profile (name and e-mail)',
  offline_access: 'Stay connected when you are away (a refresh token)',
};

export function consentPage(details: ConsentDetails): string {
  const scopes = details.scopes.length > 0 ? details.scopes : ['(no scopes)'];
  const items = scopes.map((scope) => `<li><code>${escapeHtml(scope)}</code> — ${escapeHtml(SCOPE_TEXT[scope] ?? 'a permission the practice server does not describe')}</li>`).join('');
  const minutes = Math.round(details.codeLifetimeSeconds / 60);
  return layout(
    'Allow access?',
    `<p><strong>${escapeHtml(details.appName)}</strong> would like to:</p>
<ul>${items}</ul>
<p class="note">This is reauth’s practice server, running on your computer. Nothing here is a real account.
After you choose, the browser goes to <code>${escapeHtml(details.redirectUri)}</code> with a code that works for ${minutes} minute${minutes === 1 ? '' : 's'}, once.</p>
<form method="post" action="/authorize/decision">
  <input type="hidden" name="request" value="${escapeHtml(details.requestId)}">
  <button type="submit" name="decision" value="allow" autofocus>Allow</button>
  <button type="submit" name="decision" value="deny">Deny</button>
</form>`,
  );
}

/** An error shown in the browser, not sent back to the app (RFC 6749 §4.1.2.1: bad client or redirect). */
export function problemPage(title: string, text: string): string {
  return layout(title, `<p>${escapeHtml(text)}</p><p class="note">Go back to the terminal: reauth says what to do next.</p>`);
}

export function homePage(origin: string): string {
  return layout(
    'reauth practice server',
    `<p>A pretend service for <code>reauth demo</code>: it signs you in without an account, hands out codes that
expire, tokens that rotate on refresh, and answers <code>${escapeHtml(origin)}/api/me</code> for a valid token.</p>`,
  );
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — reauth practice</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 34em; margin: 3em auto; padding: 0 1em; line-height: 1.5; }
.note { color: #555; font-size: 0.95em; }
button { font-size: 1em; padding: 0.5em 1.5em; margin-right: 0.5em; }
</style></head>
<body><h1>${escapeHtml(title)}</h1>
${body}
</body></html>
`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
