/**
 * Reads a QR code drawn in half blocks back the way a phone would: each character cell becomes
 * two modules (top, bottom), a drawn half light and a blank half dark — a dark terminal with no
 * colour — scaled up to pixels and handed to jsQR, a decoder written apart from the encoder.
 */
import jsQRModule from 'jsqr';

// jsQR is CommonJS with `exports.default`: the function, however the import is interpreted.
const jsQR = jsQRModule.default;

const PX = 4;

export function decodeHalfBlocks(lines: readonly string[]): string | undefined {
  const width = Math.max(...lines.map((l) => [...l].length));
  const height = lines.length * 2;
  const light = (row: number, col: number): boolean => {
    const char = [...(lines[Math.floor(row / 2)] ?? '')][col] ?? ' ';
    if (char === '█') return true;
    if (char === '▀') return row % 2 === 0;
    if (char === '▄') return row % 2 === 1;
    return false;
  };
  // A light margin round the whole picture, as the page around a printed code.
  const margin = 4;
  const w = (width + 2 * margin) * PX;
  const h = (height + 2 * margin) * PX;
  const pixels = new Uint8ClampedArray(w * h * 4).fill(255);
  for (let row = 0; row < height; row += 1) {
    for (let col = 0; col < width; col += 1) {
      if (light(row, col)) continue;
      for (let y = 0; y < PX; y += 1) {
        for (let x = 0; x < PX; x += 1) {
          const at = (((row + margin) * PX + y) * w + (col + margin) * PX + x) * 4;
          pixels[at] = pixels[at + 1] = pixels[at + 2] = 0;
        }
      }
    }
  }
  return jsQR(pixels, w, h, { inversionAttempts: 'dontInvert' })?.data;
}

/** The QR code's lines out of a screen: the first run of lines holding many half blocks. */
export function qrLinesIn(screen: string): string[] {
  const blocks = (line: string) => (line.match(/[█▀▄]/g) ?? []).length;
  const lines = screen.split('\n');
  const start = lines.findIndex((l) => blocks(l) >= 16);
  if (start < 0) return [];
  const block: string[] = [];
  for (const line of lines.slice(start)) {
    if (blocks(line) < 16) break;
    block.push(line);
  }
  // Only the QR columns: the first line is the top quiet zone, all full blocks.
  const first = [...block[0]!];
  const left = first.indexOf('█');
  const right = first.lastIndexOf('█') + 1;
  return block.map((l) => [...l.padEnd(right)].slice(left, right).join(''));
}
