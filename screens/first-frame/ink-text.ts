/**
 * How Ink lays out one <Text> in a full-width column, without loading Ink: the same wrapping
 * module (Ink's own wrap-text, by path because Ink's package exports only its entry; the
 * bundle then holds one copy, shared with Ink) and the same chalk, so the frame drawn before
 * Ink loads has exactly the lines and colours Ink's first frame will have.
 */
import chalk from 'chalk';
import widestLine from 'widest-line';
import wrapText from '../../node_modules/ink/build/wrap-text.js';
import { trimWrappedLine } from '../trim-wrapped-line.js';

export const style = {
  // No name under NO_COLOR (theme.ts), as Ink draws a <Text> whose color is undefined.
  color: (name: 'cyan' | 'green' | 'yellow' | 'red' | undefined, text: string) => (name ? chalk[name](text) : text),
  dim: (text: string) => chalk.dim(text),
  bold: (text: string) => chalk.bold(text),
};

/**
 * A <Text> whose content (already styled, as Ink's nested texts are) is wrapped at the terminal
 * width — only when wider, as render-node-to-output.js does: wrap-ansi's string-width sets up
 * Intl.Segmenter and the emoji expression for any line that is not ASCII (tens of ms).
 */
export function textLines(text: string, columns: number, lineStyle: (line: string) => string = (line) => line): string[] {
  return (widestLine(text) > columns ? wrapText(text, columns, 'wrap') : text).split('\n').map(lineStyle);
}

/** Prose (prose.tsx): each source line its own <Text>, dim or coloured, continuation lines trimmed. */
export function proseLines(text: string, columns: number, styleText: (text: string) => string): string[] {
  return text.split('\n').flatMap((line) => textLines(styleText(line === '' ? ' ' : line), columns).map(trimWrappedLine));
}
