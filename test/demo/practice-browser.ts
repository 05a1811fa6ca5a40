/**
 * Plays the person in the browser for the practice server: opens the sign-in link, reads the
 * consent page's form and presses Allow or Deny — plain HTTP, the way a browser submits it.
 */

export interface ConsentClick {
  /** Where the practice server sent the browser: the redirect URI with code (or error) and state. */
  readonly location: string;
  /** The consent page as shown, to check what it tells the person. */
  readonly page: string;
}

export async function pressOnConsentPage(signInUrl: string, decision: 'allow' | 'deny', options: { follow?: boolean } = {}): Promise<ConsentClick> {
  const shown = await fetch(signInUrl);
  const page = await shown.text();
  if (shown.status !== 200) throw new Error(`the sign-in link showed HTTP ${shown.status}: ${page.slice(0, 300)}`);
  const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1];
  const request = /name="request" value="([^"]+)"/.exec(page)?.[1];
  if (!action || !request) throw new Error(`no consent form on the page: ${page.slice(0, 300)}`);
  const answer = await fetch(new URL(action, signInUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request, decision }).toString(),
  });
  const location = answer.headers.get('location');
  if (answer.status !== 302 || !location) throw new Error(`pressing ${decision} answered HTTP ${answer.status}`);
  if (options.follow) await (await fetch(location)).text();
  return { location, page };
}
