#!/usr/bin/env node
/**
 * Plays the person in the browser for `reauth demo`: opens the practice server's consent page,
 * presses Allow or Deny on its form (as test/demo/practice-browser.ts does) and follows the
 * redirect to the redirect URI, where reauth listens. reauth runs it as `BROWSER URL`; plain
 * JavaScript because a BROWSER command runs without the TypeScript loader.
 *   PRACTICE_BROWSER_DECISION=allow|deny  the button pressed (allow if unset);
 *   PRACTICE_BROWSER_OUT=FILE             `followed: STATUS` once the redirect URI answered, or `error: …`;
 *   PRACTICE_BROWSER_LOG=FILE             appends every URL it was asked to open (one a line);
 *   PRACTICE_BROWSER_APPROVE_WHEN=FILE    presses the button only once FILE exists (a person reads
 *                                         the terminal first). The launcher returns at once, as xdg-open does.
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
  if (!env.PRACTICE_BROWSER_OUT) return;
  writeFileSync(`${env.PRACTICE_BROWSER_OUT}.tmp`, text);
  renameSync(`${env.PRACTICE_BROWSER_OUT}.tmp`, env.PRACTICE_BROWSER_OUT);
}

async function waitForApproval(file) {
  const until = Date.now() + giveUpAfterMs;
  while (!existsSync(file)) {
    if (Date.now() > until) throw new Error(`nobody pressed a button within ${giveUpAfterMs} ms (${file} never appeared)`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function pressOnConsentPage() {
  const shown = await fetch(url);
  const page = await shown.text();
  if (shown.status !== 200) return report(`error: the sign-in link showed HTTP ${shown.status}`);
  const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1];
  const request = /name="request" value="([^"]+)"/.exec(page)?.[1];
  if (!action || !request) return report('error: no consent form on the page');
  const decision = env.PRACTICE_BROWSER_DECISION === 'deny' ? 'deny' : 'allow';
  const answer = await fetch(new URL(action, url), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request, decision }).toString(),
  });
  const location = answer.headers.get('location');
  if (answer.status !== 302 || !location) return report(`error: pressing ${decision} answered HTTP ${answer.status}`);
  const landed = await fetch(location, { redirect: 'manual' });
  await landed.text();
  report(`followed: ${landed.status}`);
}

try {
  if (env.PRACTICE_BROWSER_BACKGROUND !== '1') {
    if (env.PRACTICE_BROWSER_LOG) appendFileSync(env.PRACTICE_BROWSER_LOG, `${url}\n`);
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), url], {
      detached: true,
      stdio: 'ignore',
      env: { ...env, PRACTICE_BROWSER_BACKGROUND: '1' },
    });
    child.unref();
  } else {
    if (env.PRACTICE_BROWSER_APPROVE_WHEN) await waitForApproval(env.PRACTICE_BROWSER_APPROVE_WHEN);
    await pressOnConsentPage();
  }
} catch (error) {
  report(`error: ${error instanceof Error ? error.message : String(error)}`);
}
