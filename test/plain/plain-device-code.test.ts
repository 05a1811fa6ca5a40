import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { DeviceCodeView, WizardView } from '../../src/flow/prompt.js';
import { plainDeviceCode } from '../../src/plain/plain-device-code.js';
import { runPlain } from '../../src/plain/run-plain.js';
import { FakeStore, viewOf } from '../screens/fake-store.js';
import { decodeHalfBlocks, qrLinesIn } from '../support/qr-decode.js';

const device: DeviceCodeView = {
  userCode: 'WDJB-MJHT',
  verificationUri: 'https://example.test/device',
  verificationUriComplete: 'https://example.test/device?user_code=WDJB-MJHT',
  deadline: 900_000,
  intervalSeconds: 5,
};

describe('device sign-in in plain mode', () => {
  it('prints the address whole on its own line, the code spaced, and the time left; no QR code into a log', () => {
    const text = plainDeviceCode(device, 0);
    const lines = text.split('\n');
    expect(lines).toContain('https://example.test/device');
    expect(lines).toContain('    W D J B - M J H T');
    expect(text).toContain('The code works for 15:00');
    expect(text).not.toMatch(/[█▀▄]|QR/);
  });

  it('adds the QR code, announced first, when the output is a terminal that holds it', () => {
    const text = plainDeviceCode(device, 0, { columns: 80, rows: 30 });
    expect(text).toContain('Or point the phone’s camera at this QR code: (21 lines)');
    expect(decodeHalfBlocks(qrLinesIn(text))).toBe(device.verificationUriComplete);
  });

  it('says in one line that the window is too small for it', () => {
    const text = plainDeviceCode(device, 0, { columns: 40, rows: 30 });
    expect(text).toContain('This window is too small for the QR code: type the address.');
    expect(text).not.toMatch(/[█▀▄]/);
  });

  it('prints the block once while the poll goes on, and the slower pace once the service asks for it', async () => {
    const busy = (d: DeviceCodeView): WizardView => viewOf({ kind: 'busy', id: 'device_wait', title: 'Sign in to My TV API on another device', device: d, canGoBack: false });
    const store = new FakeStore(busy(device));
    let out = '';
    const input = new PassThrough();
    const running = runPlain(store, { input, output: new PassThrough(), write: (t) => void (out += t), now: () => 0 });
    const tick = () => new Promise((r) => setTimeout(r, 10));
    await tick();
    store.show(busy({ ...device, lastCheckedAt: 5_000 }));
    await tick();
    store.show(busy({ ...device, lastCheckedAt: 15_000, intervalSeconds: 10, slowedDown: true }));
    await tick();
    store.show(busy({ ...device, lastCheckedAt: 25_000, intervalSeconds: 10, slowedDown: true }));
    await tick();
    store.show({ ...viewOf({ kind: 'done', id: 'done', title: 'All done', lines: [], canGoBack: false }), finished: { exitCode: 0 } });
    await running;
    expect(out.split('W D J B - M J H T').length - 1).toBe(1);
    expect(out.split('now every 10 seconds').length - 1).toBe(1);
  });
});
