/**
 * reauth's lines in a crontab live in one marked block, so a second `reauth schedule` replaces
 * them and `--remove` takes them out, while every other line stays byte for byte as it was.
 * Inside the block each job is a comment naming its profile and reauth.yaml, then its line:
 * scheduling one profile replaces that job only, so `reauth schedule shop` keeps `weather`.
 */
export const BLOCK_END = '# <<< reauth <<<';
const BEGIN = /^# >>> reauth \(managed[^)]*\) >>>$/;
const JOB_LABEL = /^# refresh (\S+) \((.*)\)$/;

export interface CronJob {
  readonly profile: string;
  /** The reauth.yaml it reads, absolute: the same name in two projects is two jobs. */
  readonly configPath: string;
  readonly line: string;
}

export function blockBegin(profiles: readonly string[]): string {
  return `# >>> reauth (managed: ${profiles.join(' ')}) >>>`;
}

/** The block's lines for these jobs (undefined for none: the block goes). */
export function blockOf(jobs: readonly CronJob[]): string[] | undefined {
  if (jobs.length === 0) return undefined;
  return [blockBegin(jobs.map((j) => j.profile)), ...jobs.flatMap((j) => [`# refresh ${j.profile} (${j.configPath})`, j.line]), BLOCK_END];
}

/** The jobs in reauth's block; a line reauth did not label is kept as a job of its own, never dropped. */
export function jobsIn(crontab: string): CronJob[] {
  const lines = crontab.split('\n');
  const start = lines.findIndex((line) => BEGIN.test(line));
  const end = start === -1 ? -1 : lines.indexOf(BLOCK_END, start);
  if (start === -1 || end === -1) return [];
  const jobs: CronJob[] = [];
  for (let i = start + 1; i < end; i++) {
    const label = JOB_LABEL.exec(lines[i]!);
    if (label && i + 1 < end) {
      jobs.push({ profile: label[1]!, configPath: label[2]!, line: lines[++i]! });
    } else if (lines[i]!.trim() !== '') {
      jobs.push({ profile: '?', configPath: '', line: lines[i]! });
    }
  }
  return jobs;
}

const sameJob = (a: Pick<CronJob, 'profile' | 'configPath'>, b: Pick<CronJob, 'profile' | 'configPath'>) => a.profile === b.profile && a.configPath === b.configPath;

/** The block's jobs with `added` in place of the same profile and file (new ones last). */
export function withJobs(current: readonly CronJob[], added: readonly CronJob[]): CronJob[] {
  const kept = current.map((job) => added.find((a) => sameJob(a, job)) ?? job);
  return [...kept, ...added.filter((a) => !current.some((job) => sameJob(a, job)))];
}

/** The block's jobs without these profiles of this file. */
export function withoutJobs(current: readonly CronJob[], removed: readonly Pick<CronJob, 'profile' | 'configPath'>[]): CronJob[] {
  return current.filter((job) => !removed.some((r) => sameJob(r, job)));
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
