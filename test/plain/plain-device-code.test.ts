import { describe, expect, it } from 'vitest';
import { plainDeviceCode } from '../../src/plain/plain-device-code.js';

describe('device sign-in in plain mode', () => {
  it('prints the address whole on its own line, the code spaced, and the time left', () => {
    const text = plainDeviceCode({ userCode: 'WDJB-MJHT', verificationUri: 'https://example.test/device', deadline: 900_000 }, 0);
    const lines = text.split('\n');
    expect(lines).toContain('https://example.test/device');
    expect(lines).toContain('    W D J B - M J H T');
    expect(text).toContain('The code works for 15:00');
  });
});
