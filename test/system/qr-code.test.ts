import { describe, expect, it } from 'vitest';
import { QR_QUIET_MODULES, asciiOnly, halfBlocks, qrModules, qrText } from '../../src/system/qr-code.js';
import { decodeHalfBlocks } from '../support/qr-decode.js';

const complete = 'https://id.example.test/device?user_code=WDJB-MJHT';

describe('QR code in half blocks', () => {
  it('reads back as the address it was made from (jsQR, a decoder written apart from the encoder)', () => {
    const qr = qrText(complete);
    expect(decodeHalfBlocks(qr.lines)).toBe(complete);
  });

  it('reads back for the lengths a device address has, up to a long one', () => {
    for (const url of ['https://a.test/d', `${complete}&client_id=fake-client-with-a-longish-id-1234567890`, `https://x.test/${'p'.repeat(150)}`]) {
      expect(decodeHalfBlocks(qrText(url).lines)).toBe(url);
    }
  });

  it('is drawn with half blocks only, two module rows per line, with 4 light modules all round', () => {
    const modules = qrModules(complete);
    const qr = qrText(complete);
    // 51 bytes at level M: version 4, 33 modules.
    expect(modules.length).toBe(33);
    expect(qr.width).toBe(33 + 2 * QR_QUIET_MODULES);
    expect(qr.height).toBe(Math.ceil(qr.width / 2));
    for (const line of qr.lines) {
      expect(line).toMatch(/^[█▀▄ ]+$/);
      expect([...line].length).toBe(qr.width);
    }
    // Left and right quiet zone: light in both halves; the last line's lower half is the
    // terminal's own (41 module rows make 20½ lines).
    for (const line of qr.lines.slice(0, -1)) {
      expect(line.slice(0, QR_QUIET_MODULES)).toBe('█'.repeat(QR_QUIET_MODULES));
      expect(line.slice(-QR_QUIET_MODULES)).toBe('█'.repeat(QR_QUIET_MODULES));
    }
    expect(qr.lines.at(-1)).toBe('▀'.repeat(qr.width));
    // Top quiet zone: 4 module rows = 2 full lines.
    expect(qr.lines[0]).toBe('█'.repeat(qr.width));
    expect(qr.lines[1]).toBe('█'.repeat(qr.width));
  });

  it('maps each pair of module rows to the right half block', () => {
    // A 1×2 "matrix" padded by the quiet zone: row 0 dark, row 1 light, in the middle column.
    const tiny = halfBlocks([
      [true, false],
      [false, true],
    ]);
    // Quiet rows 0–3 are two full lines; module rows 0 and 1 (padded rows 4, 5) share line 2.
    const middle = tiny.lines[2]!;
    expect(middle.slice(QR_QUIET_MODULES, QR_QUIET_MODULES + 2)).toBe('▄▀');
  });

  it('puts a non-ASCII address in as its ASCII form, so no character is lost', () => {
    expect(asciiOnly('https://bücher.example/gerät?c=1')).toBe('https://xn--bcher-kva.example/ger%C3%A4t?c=1');
    expect(asciiOnly(complete)).toBe(complete);
    expect(decodeHalfBlocks(qrText('https://bücher.example/gerät').lines)).toBe('https://xn--bcher-kva.example/ger%C3%A4t');
  });
});
