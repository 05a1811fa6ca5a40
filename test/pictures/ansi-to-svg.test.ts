import { describe, expect, it } from 'vitest';
import { applySgr, DEFAULT_BG, DEFAULT_FG, paletteColour, parseAnsi, renderSvg, runColours, trimBottom } from './ansi-to-svg.js';

const ESC = '\x1b';

describe('applySgr', () => {
  it('reads the 16 colours as palette indexes, bright ones as 8–15', () => {
    expect(applySgr({}, '32')).toEqual({ fg: { index: 2 } });
    expect(applySgr({}, '94')).toEqual({ fg: { index: 12 } });
    expect(applySgr({}, '41')).toEqual({ bg: { index: 1 } });
    expect(applySgr({}, '103')).toEqual({ bg: { index: 11 } });
  });

  it('reads 256-colour and truecolour foreground and background, with ; or : separators', () => {
    expect(applySgr({}, '38;5;208')).toEqual({ fg: { index: 208 } });
    expect(applySgr({}, '48;5;17')).toEqual({ bg: { index: 17 } });
    expect(applySgr({}, '38;2;255;128;0')).toEqual({ fg: { rgb: '#ff8000' } });
    expect(applySgr({}, '48;2;1;2;3')).toEqual({ bg: { rgb: '#010203' } });
    expect(applySgr({}, '38:2:255:128:0')).toEqual({ fg: { rgb: '#ff8000' } });
  });

  it('keeps reading parameters after an extended colour', () => {
    expect(applySgr({}, '38;5;1;1;4')).toEqual({ fg: { index: 1 }, bold: true, underline: true });
    expect(applySgr({}, '38;2;0;0;0;7')).toEqual({ fg: { rgb: '#000000' }, inverse: true });
  });

  it('sets and clears bold, dim and inverse; 22 clears both bold and dim', () => {
    const s = applySgr({}, '1;2;7');
    expect(s).toEqual({ bold: true, dim: true, inverse: true });
    expect(applySgr(s, '22')).toEqual({ bold: false, dim: false, inverse: true });
    expect(applySgr(s, '27').inverse).toBe(false);
  });

  it('resets on 0 and on an empty parameter list; 39 and 49 drop only the colour', () => {
    const s = applySgr({}, '1;31;42');
    expect(applySgr(s, '0')).toEqual({});
    expect(applySgr(s, '')).toEqual({});
    expect(applySgr(s, '39')).toEqual({ bold: true, bg: { index: 2 } });
    expect(applySgr(s, '49')).toEqual({ bold: true, fg: { index: 1 } });
  });
});

describe('parseAnsi', () => {
  it('splits a line into runs at each style change and carries the style over line ends', () => {
    const lines = parseAnsi(`${ESC}[32m✔${ESC}[39m ${ESC}[2mService${ESC}[0m Netatmo\n${ESC}[1mAll\nstill bold${ESC}[0m\n`);
    expect(lines).toEqual([
      [
        { text: '✔', style: { fg: { index: 2 } } },
        { text: ' ', style: {} },
        { text: 'Service', style: { dim: true } },
        { text: ' Netatmo', style: {} },
      ],
      [{ text: 'All', style: { bold: true } }],
      [{ text: 'still bold', style: { bold: true } }],
    ]);
  });

  it('drops cursor moves, OSC titles and other escapes without leaving bytes behind', () => {
    const lines = parseAnsi(`${ESC}[?25l${ESC}]0;title${ESC}\\a${ESC}[2Kb${ESC}]8;;https://x${ESC}\\c`);
    expect(lines.map((l) => l.map((r) => r.text).join(''))).toEqual(['abc']);
  });
});

describe('colours', () => {
  it('maps the 256-colour cube and the grey ramp as xterm does', () => {
    expect(paletteColour(16)).toBe('#000000');
    expect(paletteColour(196)).toBe('#ff0000');
    expect(paletteColour(231)).toBe('#ffffff');
    expect(paletteColour(232)).toBe('#080808');
    expect(paletteColour(255)).toBe('#eeeeee');
  });

  it('inverse swaps foreground and background, the defaults included', () => {
    expect(runColours({ inverse: true })).toEqual({ fg: DEFAULT_BG, bg: DEFAULT_FG });
    expect(runColours({ fg: { rgb: '#123456' }, bg: { index: 15 }, inverse: true })).toEqual({ fg: '#ffffff', bg: '#123456' });
    expect(runColours({})).toEqual({ fg: DEFAULT_FG, bg: undefined });
  });
});

describe('renderSvg', () => {
  it('places every non-ASCII character at its own column and escapes XML', () => {
    const svg = renderSvg(parseAnsi(`${ESC}[32m✔${ESC}[0m a<b & c`), { columns: 20, title: 't', fontSize: 10 });
    const cell = 10 * (1233 / 2048);
    expect(svg).toContain(`<text x="14.00" y=`);
    expect(svg).toMatch(/fill="#98c379">✔<\/text>/);
    expect(svg).toContain(`<text x="${(14 + 2 * cell).toFixed(2)}"`);
    expect(svg).toContain('>a&lt;b &amp; c</text>');
  });

  it('draws a background rectangle only where a background is set, and bold/dim as attributes', () => {
    const svg = renderSvg(parseAnsi(`plain ${ESC}[7mshown inverted${ESC}[0m ${ESC}[1;2mboth${ESC}[0m`), { columns: 40, title: 't' });
    expect(svg.match(/<rect x="[\d.]+" y="\d+" width="[\d.]+" height="\d+" fill="#d7dae0"\/>/g)).toHaveLength(1);
    expect(svg).toMatch(/font-weight="bold" fill-opacity="0.62">both</);
  });

  it('trims the empty rows at the bottom but keeps one', () => {
    expect(trimBottom(parseAnsi('a\n\n\n\n'))).toHaveLength(2);
    expect(trimBottom(parseAnsi(`a\n${ESC}[41m  ${ESC}[0m\n\n`))).toHaveLength(3);
  });
});
