/** The pure parts of `reauth schedule`: the crontab block, the interval, the unit files. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cronScheduleOf, onCalendarOf, refreshInterval } from '../../src/flow/cron-line.js';
import { accessTokenLifetime } from '../../src/schedule/access-token-lifetime.js';
import { blockBegin, BLOCK_END, crontabVariables, hasBlock, replaceBlock } from '../../src/schedule/crontab-block.js';
import { schtasksLine, unitFiles } from '../../src/schedule/systemd-units.js';

const OTHERS = '# my jobs\r\nMAILTO=""\n0 0 * * * /usr/bin/backup --all  \n\n# trailing comment';

describe('the crontab block', () => {
  const block = [blockBegin(['weather']), '7 * * * * reauth refresh weather', BLOCK_END];

  it('is added after every other line, which stay byte for byte', () => {
    const added = replaceBlock(OTHERS, block);
    expect(added).toBe(`${OTHERS}\n${block.join('\n')}\n`);
    expect(hasBlock(added)).toBe(true);
  });

  it('is replaced in place by a second run, and removed leaving the rest as it was', () => {
    const withBlock = `${OTHERS.split('\n').slice(0, 2).join('\n')}\n${block.join('\n')}\n${OTHERS.split('\n').slice(2).join('\n')}\n`;
    const second = [blockBegin(['weather', 'shop']), '7 * * * * reauth refresh weather', '*/30 * * * * reauth refresh shop', BLOCK_END];
    const replaced = replaceBlock(withBlock, second);
    expect(replaced.match(/# >>> reauth/g)).toHaveLength(1);
    expect(replaced).toContain('reauth refresh shop');
    expect(replaced.split('\n').indexOf(second[0]!)).toBe(2);
    expect(replaceBlock(replaced, undefined)).toBe(`${OTHERS}\n`);
  });

  it('starts an empty crontab, and removing the only block leaves it empty', () => {
    expect(replaceBlock('', block)).toBe(`${block.join('\n')}\n`);
    expect(replaceBlock(`${block.join('\n')}\n`, undefined)).toBe('');
  });

  it("reads the crontab's NAME=value lines, not the block's", () => {
    const text = replaceBlock('NETATMO_CLIENT_SECRET="fake-secret-1"\nA = b\n* * * * * x=1 cmd\n', [blockBegin(['w']), 'INSIDE=1', BLOCK_END]);
    expect(crontabVariables(text)).toEqual({ NETATMO_CLIENT_SECRET: 'fake-secret-1', A: 'b' });
  });
});

describe('the interval', () => {
  it.each([
    ['netatmo', '7 * * * *', '*-*-* *:07:00'],
    ['tiktok', '7 */12 * * *', '*-*-* 00/12:07:00'],
    ['zoho-desk', '*/30 * * * *', '*-*-* *:00/30:00'],
    ['ttlock', '17 4 * * *', '*-*-* 04:17:00'],
  ])('%s: about half the access token lifetime', (provider, cron, calendar) => {
    const interval = refreshInterval(accessTokenLifetime(provider)!.seconds);
    expect(cronScheduleOf(interval)).toBe(cron);
    expect(onCalendarOf(interval)).toBe(calendar);
  });

  it('an unknown service gets once a day', () => {
    expect(accessTokenLifetime('my-custom')).toBeUndefined();
    expect(refreshInterval(undefined)).toEqual({ every: 'day' });
  });
});

describe('systemd units and schtasks', () => {
  const argv = ['/usr/bin/node', '/opt/reauth dir/reauth.js', 'refresh', 'weather', '-c', '/srv/app/reauth.yaml'];
  const units = unitFiles('weather', argv, { PATH: '/opt/heroku/bin:/usr/bin:/bin', HEROKU_HOST: 'api.example.com' }, refreshInterval(3 * 3600));

  it('carry the command and the environment, quoted for systemd', () => {
    expect(units.serviceName).toBe('reauth-weather.service');
    expect(units.service).toContain('ExecStart="/usr/bin/node" "/opt/reauth dir/reauth.js" "refresh" "weather" "-c" "/srv/app/reauth.yaml"');
    expect(units.service).toContain('Environment="PATH=/opt/heroku/bin:/usr/bin:/bin"');
    expect(units.timer).toContain('OnCalendar=*-*-* *:07:00');
  });

  it.skipIf(!existsSync('/usr/bin/systemd-analyze'))('pass systemd-analyze verify', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reauth-units-'));
    try {
      // verify checks that ExecStart's program exists: point it at node, which does.
      const real = unitFiles('weather', [process.execPath, '--version'], { PATH: '/usr/bin:/bin' }, refreshInterval(3600));
      await writeFile(join(dir, real.serviceName), real.service);
      await writeFile(join(dir, real.timerName), real.timer);
      const output = execFileSync('/usr/bin/systemd-analyze', ['verify', '--man=no', join(dir, real.serviceName), join(dir, real.timerName)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      expect(output).toBe('');
      const calendar = execFileSync('/usr/bin/systemd-analyze', ['calendar', onCalendarOf(refreshInterval(3600))], { encoding: 'utf8' });
      expect(calendar).toMatch(/Next elapse/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('schtasks gets the same interval', () => {
    expect(schtasksLine('weather', 'node reauth.js', refreshInterval(3600))).toBe('schtasks /Create /F /TN "reauth-weather" /SC MINUTE /MO 30 /TR "node reauth.js"');
    expect(schtasksLine('w', 'x', refreshInterval(undefined))).toContain('/SC DAILY /ST 04:17');
  });
});
