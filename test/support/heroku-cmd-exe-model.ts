/**
 * A model of how Windows turns the line Node hands to `cmd.exe /d /s /c "…"` (spawn with
 * `shell: true`) into the argv of node.exe running heroku's `heroku.cmd` shim — so the
 * cmd.exe quoting can be checked on Linux. It follows the documented parsing phases:
 * 1. cmd.exe reads the /c line: `%NAME%` expands when NAME is defined (left alone when not),
 *    then `^` escapes the next character and `"` toggles quoting; an unescaped `&`, `|`, `<`
 *    or `>` outside quotes would end the command or redirect it (the model throws).
 * 2. the batch file's `%*` is that line after the first token, substituted without being
 *    expanded again, and the batch line is read by the same caret/quote rules once more.
 * 3. node.exe splits its command line by the C runtime rules (backslashes before quotes).
 */

export class CmdInjection extends Error {}

/** Phase 1 on the command line: only defined variables expand. */
function expandPercents(line: string, env: Readonly<Record<string, string>>): string {
  const names = new Map(Object.entries(env).map(([k, v]) => [k.toUpperCase(), v]));
  let out = '';
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === '%') {
      const end = line.indexOf('%', i + 1);
      if (end > i) {
        const value = names.get(line.slice(i + 1, end).toUpperCase());
        if (value !== undefined) {
          out += value;
          i = end + 1;
          continue;
        }
      }
    }
    out += ch;
    i += 1;
  }
  return out;
}

/**
 * Phase 2: carets and quotes; throws where cmd.exe would see an operator. `commandEnd` is
 * where the first token (the program) ends in the output: the first space neither quoted nor
 * escaped.
 */
function readCarets(line: string): { text: string; commandEnd: number } {
  let out = '';
  let quoted = false;
  let commandEnd = -1;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i]!;
    if (ch === ' ' && !quoted && commandEnd < 0) {
      commandEnd = out.length;
      out += ch;
    } else if (ch === '"') {
      quoted = !quoted;
      out += ch;
    } else if (!quoted && ch === '^') {
      i += 1;
      if (i < line.length) out += line[i]!;
    } else if (!quoted && '&|<>'.includes(ch)) {
      throw new CmdInjection(`cmd.exe would treat "${ch}" as an operator in: ${line}`);
    } else {
      out += ch;
    }
  }
  return { text: out, commandEnd: commandEnd < 0 ? out.length : commandEnd };
}

/** The C runtime's split of a command line into argv (CommandLineToArgvW rules). */
export function splitLikeMsvcrt(line: string): string[] {
  const args: string[] = [];
  let current = '';
  let inArg = false;
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i]!;
    if (ch === '\\') {
      let count = 0;
      while (line[i] === '\\') {
        count += 1;
        i += 1;
      }
      if (line[i] === '"') {
        current += '\\'.repeat(Math.floor(count / 2));
        if (count % 2 === 1) current += '"';
        else quoted = !quoted;
      } else {
        current += '\\'.repeat(count);
        i -= 1;
      }
      inArg = true;
    } else if (ch === '"') {
      if (quoted && line[i + 1] === '"') {
        current += '"';
        i += 1;
      } else {
        quoted = !quoted;
      }
      inArg = true;
    } else if ((ch === ' ' || ch === '\t') && !quoted) {
      if (inArg) args.push(current);
      current = '';
      inArg = false;
    } else {
      current += ch;
      inArg = true;
    }
  }
  if (inArg) args.push(current);
  return args;
}

/**
 * The arguments node.exe would see after `heroku.cmd` ran with `commandLine` (the command and
 * its already-quoted arguments joined by spaces, as Node builds it for `shell: true`).
 */
export function argsReachingHerokuCmd(commandLine: string, env: Readonly<Record<string, string>> = {}): string[] {
  const firstPass = readCarets(expandPercents(commandLine, env));
  const percentStar = firstPass.text.slice(firstPass.commandEnd).replace(/^ +/, '');
  // heroku.cmd (npm's shim): "%_prog%" "%dp0%\node_modules\heroku\bin\run.js" %*
  const batchLine = `"node.exe" "C:\\npm\\node_modules\\heroku\\bin\\run.js" ${percentStar}`;
  return splitLikeMsvcrt(readCarets(batchLine).text).slice(2);
}
