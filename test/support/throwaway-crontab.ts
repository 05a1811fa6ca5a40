/**
 * A real crontab to test `reauth schedule` against, never the developer's own: a throwaway
 * system user (created and deleted here, so only as root — CI runs as root), its crontab read
 * and written with the real `crontab -u`, and its jobs run the way cron runs them.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { crontabVariables, jobsIn } from '../../src/schedule/crontab-block.js';
import { recordOutput } from './secret-audit.js';

export const canUseCrontab = process.getuid?.() === 0 && existsSync('/usr/bin/crontab') && existsSync('/usr/sbin/useradd');

/** The heroku CLI's quiet switches, as a person would keep them at the top of a crontab (tests must not let it phone home). */
export const HEROKU_QUIET_CRONTAB = ['HEROKU_DISABLE_AUTOUPDATE=1', 'HEROKU_SKIP_ANALYTICS=1', 'DISABLE_TELEMETRY=true', 'HEROKU_SKIP_NEW_VERSION_CHECK=true'];

export interface ThrowawayCrontab {
  readonly user: string;
  read(): string;
  write(text: string): void;
  /** Removes the crontab and the user. */
  dispose(): void;
}

let created = 0;

export function throwawayCrontab(): ThrowawayCrontab {
  const user = `reauth-cron-${process.pid}-${++created}`;
  execFileSync('useradd', ['--no-create-home', '--shell', '/usr/sbin/nologin', user]);
  return {
    user,
    read() {
      try {
        return execFileSync('crontab', ['-u', user, '-l'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      } catch {
        return ''; // "no crontab for …"
      }
    },
    write(text) {
      execFileSync('crontab', ['-u', user, '-'], { input: text });
    },
    dispose() {
      try {
        execFileSync('crontab', ['-u', user, '-r'], { stdio: 'ignore' });
      } catch {
        // it had none
      }
      execFileSync('userdel', [user]);
    },
  };
}

/** Runs each job of reauth's block as cron does: `/bin/sh -c`, cron's few variables and the crontab's own. */
export async function runAsCron(crontab: string, home: string): Promise<{ code: number | null; output: string }[]> {
  const env = { HOME: home, LOGNAME: 'root', SHELL: '/bin/sh', PATH: '/usr/bin:/bin', ...crontabVariables(crontab) };
  const results: { code: number | null; output: string }[] = [];
  for (const job of jobsIn(crontab)) {
    // Five time fields, then the command; `\%` is cron's escape for a literal %.
    const command = job.line.replace(/^(\S+\s+){5}/, '').replace(/\\%/g, '%');
    results.push(
      await new Promise((done, fail) => {
        const child = spawn('/bin/sh', ['-c', command], { cwd: '/', env, stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (c: Buffer) => (output += c));
        child.stderr.on('data', (c: Buffer) => (output += c));
        const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
        child.once('error', fail);
        child.once('close', (code) => {
          clearTimeout(timer);
          recordOutput('a job run as cron runs it', output);
          done({ code, output });
        });
      }),
    );
  }
  return results;
}
