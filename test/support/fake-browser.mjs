#!/usr/bin/env node
/**
 * Plays the person in the browser for end-to-end runs: reauth runs it as `BROWSER URL`.
 * It asks for the sign-in page without following redirects — the emulator's consent is
 * "approved" at once and answers with a redirect — and then, depending on the environment:
 *   FAKE_BROWSER_OUT=FILE          writes the redirect's Location (what the address bar would
 *                                  show) to FILE, for `https://localhost/callback` flows where
 *                                  nothing listens and the test pastes that address;
 *   FAKE_BROWSER_FOLLOW=1          follows the redirect, as a real browser would, so reauth's
 *                                  loopback listener catches the code by itself (FILE then gets
 *                                  `followed: STATUS`);
 *   FAKE_BROWSER_APPROVE_WHEN=FILE presses Allow only once FILE exists — a person reads the
 *                                  terminal before approving. The launcher returns at once, as
 *                                  xdg-open does, and the approving happens in the background;
 *   FAKE_BROWSER_LOG=FILE          appends every URL it was asked to open (one a line).
 * Any failure is written to FAKE_BROWSER_OUT as `error: …` so a test fails with a reason
 * instead of waiting for a file that never comes.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const url = process.argv[2] ?? '';
const env = process.env;
// A person who never comes back: give up rather than linger after the test.
const giveUpAfterMs = 30_000;

/** Written whole and renamed, so a test polling the file never reads half an address. */
function report(text) {
  if (!env.FAKE_BROWSER_OUT) return;
  writeFileSync(`${env.FAKE_BROWSER_OUT}.tmp`, text);
  renameSync(`${env.FAKE_BROWSER_OUT}.tmp`, env.FAKE_BROWSER_OUT);
}

async function waitForApproval(file) {
  const until = Date.now() + giveUpAfterMs;
  while (!existsSync(file)) {
    if (Date.now() > until) throw new Error(`nobody approved within ${giveUpAfterMs} ms (${file} never appeared)`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function approve() {
  const response = await fetch(url, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (!location) return report(`error: the sign-in page answered ${response.status} without a redirect`);
  const address = new URL(location, url).toString();
  if (env.FAKE_BROWSER_FOLLOW !== '1') return report(address);
  const landed = await fetch(address, { redirect: 'manual' });
  await landed.text();
  report(`followed: ${landed.status}`);
}

try {
  if (env.FAKE_BROWSER_APPROVE_WHEN && env.FAKE_BROWSER_BACKGROUND !== '1') {
    if (env.FAKE_BROWSER_LOG) appendFileSync(env.FAKE_BROWSER_LOG, `${url}\n`);
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), url], {
      detached: true,
      stdio: 'ignore',
      env: { ...env, FAKE_BROWSER_BACKGROUND: '1' },
    });
    child.unref();
  } else {
    if (env.FAKE_BROWSER_LOG && env.FAKE_BROWSER_BACKGROUND !== '1') appendFileSync(env.FAKE_BROWSER_LOG, `${url}\n`);
    if (env.FAKE_BROWSER_APPROVE_WHEN) await waitForApproval(env.FAKE_BROWSER_APPROVE_WHEN);
    await approve();
  }
} catch (error) {
  report(`error: ${error instanceof Error ? error.message : String(error)}`);
}
