/**
 * What the device sign-in screen shows, as pure functions shared by the Ink screen and the
 * plain renderer: where the QR code goes (beside the code, below it, or not at all when the
 * window cannot hold it whole), and the live line saying when reauth last asked the service.
 */
import { DEVICE_LINES } from '../oauth/device-poll.js';
import type { QrText } from '../system/qr-code.js';
import type { DeviceCodeView } from './prompt.js';

export const DEVICE_TEXT = {
  open: 'On your phone or another computer, open:',
  type: 'and type this code:',
  scan: 'Or point the phone’s camera at this QR code:',
  scanBeside: 'or scan the QR code with your phone.',
} as const;

/** Lines the live area under the block needs (spinner line, countdown, a stop note, a margin). */
export const LIVE_LINES = 5;

export type QrPlacement = 'beside' | 'below' | 'too-small';

export interface WindowSize {
  readonly columns: number;
  readonly rows: number;
}

/** The text beside the QR code: its lines, for measuring (the code box adds 2 lines and 6 columns). */
export function textBlock(device: Pick<DeviceCodeView, 'userCode' | 'verificationUri'>): { width: number; height: number } {
  const codeBox = spacedCode(device.userCode).length + 6;
  const widest = Math.max(DEVICE_TEXT.open.length, device.verificationUri.length, DEVICE_TEXT.type.length, codeBox, DEVICE_TEXT.scanBeside.length);
  // open, address, type, box (3 lines), scan note
  return { width: widest, height: 7 };
}

/** `WDJB-MJHT` → `W D J B - M J H T`: easy to read off a screen and type on a phone. */
export function spacedCode(code: string): string {
  return [...code].join(' ');
}

/**
 * Beside the code when the window is wide enough for both and tall enough for the QR code and
 * the live lines under it; else below the code when it is tall enough for all of it; else not
 * at all — a QR code cut by the window's edge or scrolled half away cannot be read.
 */
export function qrPlacement(device: Pick<DeviceCodeView, 'userCode' | 'verificationUri'>, qr: QrText, window: WindowSize): QrPlacement {
  const text = textBlock(device);
  if (window.columns >= text.width + BESIDE_GAP + qr.width && window.rows >= Math.max(text.height, qr.height) + LIVE_LINES) return 'beside';
  if (window.columns >= qr.width && window.rows >= text.height + 1 + qr.height + LIVE_LINES) return 'below';
  return 'too-small';
}

export const BESIDE_GAP = 4;

/**
 * The one line said instead of the QR code when it does not fit. No sizes: the block is
 * printed once, so making the window bigger now would not bring the code back.
 */
export const QR_TOO_SMALL = 'This window is too small for the QR code: type the address.';

/** What the live line says: waiting, when reauth last asked, and how often it asks. */
export function deviceStatusLine(device: Pick<DeviceCodeView, 'lastCheckedAt' | 'intervalSeconds' | 'slowedDown'>, nowMs: number): string {
  const waiting = DEVICE_LINES.pending;
  const every = device.intervalSeconds ? `every ${device.intervalSeconds} s` : undefined;
  const slowed = device.slowedDown && every ? `; ${every} now, as the service asked` : '';
  if (device.lastCheckedAt === undefined) return `${waiting} ${every ? `reauth checks ${every}` : 'reauth checks by itself'}`;
  const ago = Math.max(0, Math.floor((nowMs - device.lastCheckedAt) / 1000));
  return `${waiting} checked ${ago} s ago${slowed}`;
}
