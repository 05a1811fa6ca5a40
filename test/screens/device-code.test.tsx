import { describe, expect, it } from 'vitest';
import { App } from '../../screens/app.js';
import { DeviceCodeBlock, DeviceWait, spacedCode } from '../../screens/device-code.js';
import type { DeviceCodeView } from '../../src/flow/prompt.js';
import { decodeHalfBlocks, qrLinesIn } from '../support/qr-decode.js';
import { FakeStore, viewOf } from './fake-store.js';
import { renderInAct } from './ink-harness.js';

const complete = 'https://login.example.test/device?user_code=WDJB-MJHT';
const device = (overrides: Partial<DeviceCodeView> = {}): DeviceCodeView => ({
  userCode: 'WDJB-MJHT',
  verificationUri: 'https://login.example.test/device',
  verificationUriComplete: complete,
  deadline: Date.now() + 15 * 60_000,
  intervalSeconds: 5,
  ...overrides,
});

describe('device sign-in wait screen', () => {
  it('shows the address whole, the code big and spaced, the countdown from expires_in, and that it waits', async () => {
    const verificationUri = 'https://login.example.test/device-login-with-a-long-path';
    const store = new FakeStore(
      viewOf({ kind: 'busy', id: 'device_wait', title: 'Sign in to My TV API on another device', device: device({ verificationUri }), canGoBack: false }),
    );
    const screen = await renderInAct(<App store={store} />);
    const all = screen.frames.join('\n');
    expect(all).toContain('Sign in to My TV API on another device');
    expect(all).toContain(verificationUri);
    expect(all).toContain('W D J B - M J H T');
    const frame = screen.lastFrame();
    expect(frame).toMatch(/Code expires in 1[45]:\d\d/);
    expect(frame).toContain('Waiting for you to approve on your phone… reauth checks every 5 s');
  });

  it('draws the QR code beside the code in a 100 × 40 window, and a phone reads it as the complete address', async () => {
    const screen = await renderInAct(<DeviceCodeBlock title="Sign in" device={device()} window={{ columns: 100, rows: 40 }} />);
    const frame = screen.lastFrame();
    expect(frame).toContain('or scan the QR code with your phone.');
    const qr = qrLinesIn(frame);
    expect(qr.length).toBe(21);
    expect(decodeHalfBlocks(qr)).toBe(complete);
    // Beside: the address shares its line with the QR code.
    expect(frame.split('\n').find((l) => l.includes('https://login.example.test/device'))).toMatch(/█/);
  });

  it('draws it below the code in a narrow but tall window', async () => {
    const screen = await renderInAct(<DeviceCodeBlock title="Sign in" device={device()} window={{ columns: 60, rows: 50 }} />);
    const frame = screen.lastFrame();
    expect(frame).toContain('Or point the phone’s camera at this QR code:');
    expect(decodeHalfBlocks(qrLinesIn(frame))).toBe(complete);
  });

  it('says in one line that the window is too small, and draws no half block, at 60 × 24', async () => {
    const screen = await renderInAct(<DeviceCodeBlock title="Sign in" device={device()} window={{ columns: 60, rows: 24 }} />);
    const frame = screen.lastFrame();
    expect(frame).toContain('This window is too small for the QR code: type the address.');
    expect(frame).not.toMatch(/[█▀▄]/);
    expect(frame).toContain('W D J B - M J H T');
  });

  it('makes the QR code of the plain address when the service sent no complete one', async () => {
    const screen = await renderInAct(<DeviceCodeBlock title="Sign in" device={device({ verificationUriComplete: undefined })} window={{ columns: 100, rows: 40 }} />);
    expect(decodeHalfBlocks(qrLinesIn(screen.lastFrame()))).toBe('https://login.example.test/device');
  });

  it('says how long ago reauth checked, and the slower pace after slow_down', async () => {
    const now = () => 1_000_000;
    const screen = await renderInAct(<DeviceWait device={device({ deadline: 1_600_000, lastCheckedAt: 988_000, intervalSeconds: 10, slowedDown: true })} now={now} />);
    expect(screen.lastFrame()).toContain('Waiting for you to approve on your phone… checked 12 s ago; every 10 s now, as the service asked');
    expect(screen.lastFrame()).toContain('Code expires in 10:00');
  });

  it('spaces every character of the code', () => {
    expect(spacedCode('AB-12')).toBe('A B - 1 2');
  });
});
