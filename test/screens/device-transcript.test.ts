import { describe, expect, it } from 'vitest';
import { advanceTranscript, emptyTranscript } from '../../screens/transcript.js';
import type { DeviceCodeView, WizardView } from '../../src/flow/prompt.js';

const device: DeviceCodeView = { userCode: 'WDJB-MJHT', verificationUri: 'https://example.test/device', deadline: 2_000_000, intervalSeconds: 5 };
const waiting = (d: DeviceCodeView): WizardView => ({ history: [], prompt: { kind: 'busy', id: 'device_wait', title: 'Sign in to My TV API on another device', device: d, canGoBack: false } });

describe('the device sign-in block in the scrollback', () => {
  it('is printed once per code, however often the poll changes the live line', () => {
    let state = advanceTranscript(emptyTranscript, waiting(device));
    expect(state.items).toEqual([{ kind: 'device', title: 'Sign in to My TV API on another device', device }]);
    const again = advanceTranscript(state, waiting({ ...device, lastCheckedAt: 1_005_000 }));
    expect(again).toBe(state);
    state = advanceTranscript(again, waiting({ ...device, lastCheckedAt: 1_015_000, intervalSeconds: 10, slowedDown: true }));
    expect(state.items).toHaveLength(1);
  });

  it('is printed again for a new code (the old one expired and reauth asked for another)', () => {
    const first = advanceTranscript(emptyTranscript, waiting(device));
    const fresh = advanceTranscript(first, waiting({ ...device, userCode: 'QRST-VWXZ' }));
    expect(fresh.items.map((i) => i.kind === 'device' && i.device.userCode)).toEqual(['WDJB-MJHT', 'QRST-VWXZ']);
  });
});
