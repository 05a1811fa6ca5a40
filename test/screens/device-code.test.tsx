import { describe, expect, it } from 'vitest';
import { App } from '../../screens/app.js';
import { spacedCode } from '../../screens/device-code.js';
import { FakeStore, viewOf } from './fake-store.js';
import { renderInAct } from './ink-harness.js';

describe('device sign-in wait screen', () => {
  it('shows the address whole, the code big and spaced, and the countdown from expires_in', async () => {
    const deadline = Date.now() + 15 * 60_000;
    const verificationUri = 'https://login.example.test/device-login-with-a-long-path';
    const store = new FakeStore(
      viewOf({
        kind: 'busy',
        id: 'device_wait',
        title: 'Sign in to My TV API on another device',
        help: 'Waiting for you to approve the sign-in on the other device…',
        device: { userCode: 'WDJB-MJHT', verificationUri, deadline },
        canGoBack: false,
      }),
    );
    const screen = await renderInAct(<App store={store} />);
    const frame = screen.lastFrame() ?? '';
    expect(frame).toContain(verificationUri);
    expect(frame).toContain('W D J B - M J H T');
    expect(frame).toMatch(/Code expires in 1[45]:\d\d/);
    expect(frame).toContain('Waiting for you to approve');
  });

  it('spaces every character of the code', () => {
    expect(spacedCode('AB-12')).toBe('A B - 1 2');
  });
});
