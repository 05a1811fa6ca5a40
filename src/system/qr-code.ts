/**
 * A QR code as terminal text, for a phone camera: two modules per character cell with the
 * Unicode half blocks (▀ ▄ █ and space), so a 33-module code takes 41 columns and 21 lines
 * with its quiet zone. The encoding itself is qrcode-generator's (byte mode, level M).
 *
 * Which modules are drawn: the LIGHT ones (and the quiet zone), the dark ones are left as
 * spaces. The colours of a terminal are its theme's, and reauth cannot know them: drawn this
 * way the code is right on a dark background with no colour at all (NO_COLOR), and the Ink
 * screen pins it to bright white on black (screens/theme.ts `qrColors`), which reads the same in light and
 * dark themes. Only a light theme with colour turned off shows it inverted, which the camera
 * apps of current phones read too; the address and the code are printed beside it anyway.
 */
import qrcode from 'qrcode-generator';

/** ISO/IEC 18004 asks for 4 light modules all round; fewer makes some phones give up. */
export const QR_QUIET_MODULES = 4;

export interface QrText {
  /** Each the same length (`width`), quiet zone included. */
  readonly lines: readonly string[];
  readonly width: number;
  readonly height: number;
}

/** The modules, true = dark, without the quiet zone. */
export function qrModules(text: string): boolean[][] {
  // Level M: still reads with a smudged or low-contrast screen, and a 60-character address
  // stays at version 4 (33 modules).
  const code = qrcode(0, 'M');
  code.addData(asciiOnly(text), 'Byte');
  code.make();
  const size = code.getModuleCount();
  return Array.from({ length: size }, (_, row) => Array.from({ length: size }, (_, col) => code.isDark(row, col)));
}

export function qrText(text: string): QrText {
  return halfBlocks(qrModules(text));
}

/** Two rows of modules per line; the quiet zone is light like the code's light modules. */
export function halfBlocks(modules: readonly (readonly boolean[])[]): QrText {
  const size = modules.length;
  const padded = size + 2 * QR_QUIET_MODULES;
  const light = (row: number, col: number): boolean => {
    const r = row - QR_QUIET_MODULES;
    const c = col - QR_QUIET_MODULES;
    if (r < 0 || c < 0 || r >= size || c >= size) return row < padded; // quiet zone; below the last row is the terminal's own
    return !modules[r]![c];
  };
  const lines: string[] = [];
  for (let row = 0; row < padded; row += 2) {
    let line = '';
    for (let col = 0; col < padded; col += 1) {
      const top = light(row, col);
      const bottom = light(row + 1, col);
      line += top && bottom ? '█' : top ? '▀' : bottom ? '▄' : ' ';
    }
    lines.push(line);
  }
  return { lines, width: padded, height: lines.length };
}

/**
 * qrcode-generator's byte mode takes each UTF-16 unit's low byte (Latin-1): a URL goes in as
 * its ASCII form (punycode host, percent-encoded path) so every character survives.
 */
export function asciiOnly(text: string): string {
  if (/^[\x00-\x7f]*$/.test(text)) return text;
  let ascii = text;
  try {
    ascii = new URL(text).href;
  } catch {
    // Not a URL: percent-encode what is not ASCII, below.
  }
  return ascii.replace(/[^\x00-\x7f]+/g, (run) => encodeURIComponent(run));
}
