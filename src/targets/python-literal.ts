/**
 * Just enough of Python's string literal syntax to read and write one plain `'…'` / `"…"`
 * value on a settings line, and to name what a value is when it is anything else.
 */

const STRING_PREFIXES = 'rRuUbBfF';

export type ParsedPythonValue =
  | { readonly length: number; readonly prefix: string; readonly quote: "'" | '"'; readonly value: string }
  | { readonly unsafe: string; readonly readsKey?: boolean };

/**
 * The value expression at the start of `source`. `key` is the variable being assigned, so
 * `K = os.getenv('K')` (reading the environment back into a variable) can be told apart.
 */
export function parsePythonValue(source: string, key: string): ParsedPythonValue {
  // /^([rRuUbBfF]{0,2})(['"])/ by hand: a settings file runs this on every line.
  let opening = 0;
  while (opening < 2 && STRING_PREFIXES.includes(source[opening] ?? '-')) opening++;
  const quote = source[opening];
  if (quote !== "'" && quote !== '"') return { unsafe: describeExpression(source, key), readsKey: readsKey(source, key) };
  const prefix = source.slice(0, opening);
  if (source[opening + 1] === quote && source[opening + 2] === quote) return { unsafe: 'a triple-quoted string' };
  if (/[fF]/.test(prefix)) return { unsafe: 'an f-string' };
  if (/[bB]/.test(prefix)) return { unsafe: 'a bytes value' };
  const start = prefix.length + 1;
  for (let i = start; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch !== quote) continue;
    const body = source.slice(start, i);
    const raw = /[rR]/.test(prefix);
    return { length: i + 1, prefix, quote, value: raw ? body : unescapePython(body) };
  }
  return { unsafe: 'a string that does not end on its line' };
}

/** A Python string literal holding `value`, in the given quotes. */
export function pythonStringLiteral(value: string, quote: "'" | '"'): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(new RegExp(quote, 'g'), `\\${quote}`)
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r');
  return `${quote}${escaped}${quote}`;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\', "'": "'", '"': '"', n: '\n', r: '\r', t: '\t', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0',
};

function unescapePython(body: string): string {
  if (!body.includes('\\')) return body;
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/gs, (whole, code: string) => {
    if (/^[xuU]/.test(code) && code.length > 1) return String.fromCodePoint(parseInt(code.slice(1), 16));
    // Python keeps the backslash of an escape it does not know (`'\d'` is two characters).
    return SIMPLE_ESCAPES[code] ?? whole;
  });
}

function describeExpression(source: string, key: string): string {
  const code = source.replace(/\s*#.*$/, '').trim();
  if (code === '' || code.endsWith('\\') || code.endsWith('(')) return 'a value split over several lines';
  if (readsKey(source, key) || /^[A-Za-z_][\w.]*\s*\(/.test(code)) return 'a call';
  if (/^(None|True|False)$/.test(code) || /^[-+]?\d/.test(code)) return 'a value that is not a string';
  if (/^[A-Za-z_][\w.]*$/.test(code)) return 'a variable';
  return 'an expression';
}

/** `os.getenv('K'…)`, `os.environ.get('K'…)` or `os.environ['K']` for the same K. */
function readsKey(source: string, key: string): boolean {
  const quoted = `(['"])${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1`;
  return [`getenv\\(\\s*${quoted}`, `environ\\.get\\(\\s*${quoted}`, `environ\\[\\s*${quoted}\\s*\\]`].some((call) =>
    new RegExp(`^(?:os\\.)?${call}`).test(source),
  );
}
