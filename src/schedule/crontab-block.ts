/**
 * reauth's lines in a crontab live in one marked block, so a second `reauth schedule` replaces
 * them and `--remove` takes them out, while every other line stays byte for byte as it was.
 */
export const BLOCK_END = '# <<< reauth <<<';
const BEGIN = /^# >>> reauth \(managed[^)]*\) >>>$/;

export function blockBegin(profiles: readonly string[]): string {
  return `# >>> reauth (managed: ${profiles.join(' ')}) >>>`;
}

/** The crontab without reauth's block (and with the block's lines replaced by `block`, if given). */
export function replaceBlock(crontab: string, block: readonly string[] | undefined): string {
  const lines = crontab === '' ? [] : crontab.split('\n');
  // A text ending in "\n" splits into a last empty element: keep it out of the line logic.
  const trailingNewline = lines.length > 0 && lines[lines.length - 1] === '';
  if (trailingNewline) lines.pop();
  const start = lines.findIndex((line) => BEGIN.test(line));
  const end = start === -1 ? -1 : lines.indexOf(BLOCK_END, start);
  let kept: string[];
  let at: number;
  if (start === -1 || end === -1) {
    kept = lines;
    at = lines.length;
  } else {
    kept = [...lines.slice(0, start), ...lines.slice(end + 1)];
    at = start;
  }
  const result = block ? [...kept.slice(0, at), ...block, ...kept.slice(at)] : kept;
  if (result.length === 0) return '';
  // cron ignores a last line without a newline on some systems: always end with one.
  return `${result.join('\n')}\n`;
}

export function hasBlock(crontab: string): boolean {
  return crontab.split('\n').some((line) => BEGIN.test(line));
}

/**
 * `NAME=value` lines outside the block: cron puts them in every job's environment, so the
 * environment check must see them too (a person may keep NETATMO_CLIENT_SECRET there).
 */
export function crontabVariables(crontab: string): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const line of replaceBlock(crontab, undefined).split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    const raw = match[2]!;
    const quoted = /^(['"])(.*)\1$/.exec(raw);
    variables[match[1]!] = quoted ? quoted[2]! : raw;
  }
  return variables;
}
