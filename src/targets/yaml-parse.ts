/**
 * Parsing a YAML target file, with errors a person can act on: the file and line, never the
 * file's contents (yaml's messages quote the source, and a config file holds secrets).
 */
import { isScalar, parseDocument, visit, type Document } from 'yaml';
import { UserError } from '../errors.js';
import { lineNumberAt } from './text-lines.js';

/** The document, or UserError naming file, line and column (duplicate keys included). */
export function parseYaml(text: string, fileName: string): Document.Parsed {
  // yaml's own unique-key check compares every key with every other: 15 s for a 20 000-key
  // mapping. findDuplicateKey() does the same job in one pass.
  const doc = parseDocument(text, { uniqueKeys: false });
  const problem = doc.errors[0];
  if (problem) {
    const [line, column] = problem.linePos?.[0] ? [problem.linePos[0].line, problem.linePos[0].col] : [1, 1];
    // The first line only: later lines of yaml's message quote the file, which may hold secrets.
    const reason = (problem.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw unparseable(fileName, line, column, reason);
  }
  const duplicate = findDuplicateKey(doc);
  if (duplicate !== null) {
    throw unparseable(fileName, lineNumberAt(text, duplicate), duplicate - text.lastIndexOf('\n', duplicate - 1), 'Map keys must be unique');
  }
  return doc;
}

function unparseable(fileName: string, line: number, column: number, reason: string): UserError {
  return new UserError(
    `${fileName} could not be read as YAML (line ${line}, column ${column}: ${reason}), so reauth left it untouched.`,
    `fix line ${line} (or point the target at another file) and run reauth again`,
  );
}

/** Offset of the first key repeated within one mapping, or null. */
function findDuplicateKey(doc: Document.Parsed): number | null {
  let found: number | null = null;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const identity = `${typeof pair.key.value}:${String(pair.key.value)}`;
        if (seen.has(identity)) {
          found = pair.key.range?.[0] ?? 0;
          return visit.BREAK;
        }
        seen.add(identity);
      }
      return undefined;
    },
  });
  return found;
}
