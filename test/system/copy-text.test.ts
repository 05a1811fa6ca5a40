/**
 * What the sign-in screen may say about the clipboard: a copy reauth saw succeed, a real
 * failure, or a fact that is neither (no clipboard on a server, OSC 52 sent through a terminal
 * that gives no answer) — the last marked `unconfirmed`, so it is never shown as ✔ or ✘.
 */
import { describe, expect, it } from 'vitest';
import { copyText } from '../../src/system/copy-text.js';

const SSH = { SSH_CONNECTION: '198.51.100.20 50022 192.0.2.10 22' };

describe('copying the sign-in link', () => {
  it('is a fact, not a failure, on a machine without a display', async () => {
    expect(await copyText('https://example.test/x', {}, 'linux')).toEqual({ ok: false, unconfirmed: true, detail: 'this machine has no graphical display, so there is no clipboard here' });
    expect(await copyText('https://example.test/x', SSH, 'linux')).toMatchObject({ ok: false, unconfirmed: true, detail: expect.stringMatching(/over SSH without a display/) });
  });

  it('is a fact when turned off', async () => {
    expect(await copyText('https://example.test/x', { REAUTH_NO_CLIPBOARD: '1' }, 'linux')).toMatchObject({ ok: false, unconfirmed: true });
  });

  it('over SSH sends OSC 52 to the terminal, and does not claim it worked', async () => {
    const sent: string[] = [];
    const outcome = await copyText('https://example.test/x', SSH, 'linux', (sequence) => (sent.push(sequence), true));
    expect(sent).toEqual([`\u001B]52;c;${Buffer.from('https://example.test/x').toString('base64')}\u0007`]);
    expect(outcome).toMatchObject({ ok: true, unconfirmed: true });
  });
});
