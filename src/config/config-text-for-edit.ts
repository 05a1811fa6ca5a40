/**
 * reauth.yaml opened for a line-level edit (saving a profile or a service): the person's
 * BOM and line endings are remembered so the saved file keeps them, and a file that is not
 * valid YAML is refused with its line, untouched.
 */
import { LineCounter, parseDocument, type Document } from 'yaml';
import { UserError } from '../errors.js';

export interface ConfigTextForEdit {
  readonly bom: string;
  readonly crlf: boolean;
  /** The text with `\n` line ends and no BOM. */
  readonly text: string;
  readonly doc: Document;
  readonly lineCounter: LineCounter;
  /** The lines of `text`, without the empty one after a final newline. */
  readonly lines: string[];
  readonly finalNewline: boolean;
}

export function openConfigTextForEdit(original: string, displayPath: string, notSaved: { what: string; next: string }): ConfigTextForEdit {
  const bom = original.startsWith('\uFEFF') ? '\uFEFF' : '';
  const crlf = original.includes('\r\n');
  const text = original.slice(bom.length).replace(/\r\n/g, '\n');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const firstError = doc.errors[0];
  if (firstError) {
    const line = lineCounter.linePos(firstError.pos[0]).line;
    throw new UserError(`${displayPath} line ${line} is not valid YAML, so ${notSaved.what} was not saved.`, `Fix line ${line} of ${displayPath}, then ${notSaved.next}.`);
  }
  const lines = text === '' ? [] : text.split('\n');
  const finalNewline = text.endsWith('\n');
  if (finalNewline) lines.pop();
  return { bom, crlf, text, doc, lineCounter, lines, finalNewline };
}

/** Puts the person's BOM and line endings back. */
export function restoreLineEnds(result: string, opened: Pick<ConfigTextForEdit, 'bom' | 'crlf'>): string {
  return opened.bom + (opened.crlf ? result.replace(/\n/g, '\r\n') : result);
}
