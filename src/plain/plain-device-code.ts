/**
 * Device sign-in in plain mode: the address whole on its own line, the code spaced out on its
 * own line, and how long it works — printed once (no redraws in a log or a screen reader).
 */
import type { DeviceCodeView } from '../flow/prompt.js';
import { formatRemaining } from '../flow/format-remaining.js';

export function plainDeviceCode(device: DeviceCodeView, nowMs: number): string {
  return [
    '',
    'Open this address on your phone or another computer:',
    device.verificationUri,
    'and type this code:',
    `    ${[...device.userCode].join(' ')}`,
    `The code works for ${formatRemaining(device.deadline - nowMs)} (m:ss) from now; reauth carries on by itself once you approve.`,
    '',
  ].join('\n');
}
