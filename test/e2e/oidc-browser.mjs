#!/usr/bin/env node
/**
 * Plays the person in the browser for oidc-provider's devInteractions pages, for end-to-end runs
 * of custom services: reauth runs it as `BROWSER URL`. fake-browser.mjs cannot do this — it
 * expects the consent to redirect at once — while oidc-provider shows a login form, then a
 * consent form, both tied to the interaction by cookies. So this signs in, presses Continue on
 * the consent and follows the final redirect to the redirect URI (reauth's loopback listener),
 * with plain fetch and a small cookie jar, as test/support/oidc-server.ts approve() does.
 * Plain JavaScript: a BROWSER command runs without the TypeScript loader.
 *   OIDC_BROWSER_OUT=FILE          `followed: STATUS` once the redirect URI answered, or `error: …`;
 *   OIDC_BROWSER_LOG=FILE          appends every URL it was asked to open (one a line);
 *   OIDC_BROWSER_APPROVE_WHEN=FILE signs in only once FILE exists (a person reads the terminal
 *                                  first). The launcher returns at once, as xdg-open does.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const url = process.argv[2] ?? '';
const env = process.env;
// A person who never comes back: give up rather than linger after the test.
const giveUpAfterMs = 30_000;

/** Written whole and renamed, so a test polling the file never reads half a line. */
function report(text) {
  if (!env.OIDC_BROWSER_OUT) return;
  writeFileSync(`${env.OIDC_BROWSER_OUT}.tmp`, text);
  renameSync(`${env.OIDC_BROWSER_OUT}.tmp`, env.OIDC_BROWSER_OUT);
}

async function waitForApproval(file) {
  const until = Date.now() + giveUpAfterMs;
  while (!existsSync(file)) {
    if (Date.now() > until) throw new Error(`nobody approved within ${giveUpAfterMs} ms (${file} never appeared)`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Just enough of RFC 6265 for oidc-provider's cookies: name, value and path. */
function cookieJar() {
  const cookies = new Map();
  return {
    store(lines) {
      for (const line of lines) {
        const [pair = '', ...attributes] = line.split(';');
        const at = pair.indexOf('=');
        if (at < 0) continue;
        const name = pair.slice(0, at).trim();
        const value = pair.slice(at + 1).trim();
        const path = attributes.map((a) => a.trim()).find((a) => /^path=/i.test(a))?.slice(5) ?? '/';
        if (value === '') cookies.delete(`${name}\u0000${path}`);
        else cookies.set(`${name}\u0000${path}`, { name, value, path });
      }
    },
    header(target) {
      const path = new URL(target).pathname;
      return [...cookies.values()]
        .filter((c) => path === c.path || path.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
        .map((c) => `${c.name}=${c.value}`)
        .join('; ');
    },
  };
}

async function signInAndAllow() {
  const issuer = new URL(url).origin;
  const jar = cookieJar();
  let request = { url, method: 'GET' };
  for (let hop = 0; hop < 12; hop++) {
    const response = await fetch(request.url, {
      method: request.method,
      redirect: 'manual',
      headers: { cookie: jar.header(request.url), ...(request.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(request.form ? { body: request.form.toString() } : {}),
    });
    jar.store(response.headers.getSetCookie());
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, request.url).href;
      if (new URL(next).origin !== issuer) {
        // Leaving the issuer: this is the redirect URI, where reauth listens.
        const landed = await fetch(next, { redirect: 'manual' });
        await landed.text();
        return report(`followed: ${landed.status}`);
      }
      request = { url: next, method: 'GET' };
      continue;
    }
    const page = await response.text();
    if (response.status !== 200) return report(`error: HTTP ${response.status} at ${request.url}`);
    const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    if (!prompt || !action) return report(`error: no devInteractions form at ${request.url}`);
    const actionUrl = new URL(action.replace(/&amp;/g, '&').replace(/&#x2F;/gi, '/'), request.url).href;
    const form = prompt === 'login' ? { prompt: 'login', login: 'fake-person', password: 'fake-password' } : { prompt: 'consent' };
    request = { url: actionUrl, method: 'POST', form: new URLSearchParams(form) };
  }
  report('error: oidc-provider kept redirecting; the sign-in never reached the redirect URI');
}

try {
  if (env.OIDC_BROWSER_BACKGROUND !== '1') {
    if (env.OIDC_BROWSER_LOG) appendFileSync(env.OIDC_BROWSER_LOG, `${url}\n`);
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), url], {
      detached: true,
      stdio: 'ignore',
      env: { ...env, OIDC_BROWSER_BACKGROUND: '1' },
    });
    child.unref();
  } else {
    if (env.OIDC_BROWSER_APPROVE_WHEN) await waitForApproval(env.OIDC_BROWSER_APPROVE_WHEN);
    await signInAndAllow();
  }
} catch (error) {
  report(`error: ${error instanceof Error ? error.message : String(error)}`);
}
