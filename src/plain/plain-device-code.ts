/**
 * Device sign-in in plain mode: the address whole on its own line, the code spaced out on its
 * own line, how long it works, and — when the output is a terminal that holds it whole — a QR
 * code of the address with the code in it, announced first so a screen reader can skip it.
 * Printed once (no redraws in a log or a screen reader).
 */
import { DEVICE_TEXT, QR_TOO_SMALL, spacedCode, type WindowSize } from '../flow/device-screen.js';
import type { DeviceCodeView } from '../flow/prompt.js';
import { formatRemaining } from '../flow/format-remaining.js';
import { qrText } from '../system/qr-code.js';

/** `window`: the terminal's size, or undefined when the output is not a terminal (a log: no QR code). */
export function plainDeviceCode(device: DeviceCodeView, nowMs: number, window?: WindowSize): string {
  return [
    '',
    DEVICE_TEXT.open,
    device.verificationUri,
    DEVICE_TEXT.type,
    `    ${spacedCode(device.userCode)}`,
    `The code works for ${formatRemaining(device.deadline - nowMs)} (m:ss) from now; reauth carries on by itself once you approve.`,
    ...plainQr(device, window),
    '',
  ].join('\n');
}

function plainQr(device: DeviceCodeView, window: WindowSize | undefined): string[] {
  if (!window) return [];
  const qr = qrText(device.verificationUriComplete ?? device.verificationUri);
  // Printed once and then scrolled: it only has to fit the window, with the line announcing it.
  if (window.columns < qr.width || window.rows < qr.height + 2) {
    return [QR_TOO_SMALL];
  }
  return [`${DEVICE_TEXT.scan} (${qr.height} lines)`, ...qr.lines];
}
