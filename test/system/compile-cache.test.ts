import { chmodSync, lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { enablePrivateCompileCache } from '../../src/system/compile-cache.js';

const homes: string[] = [];
afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

function fakeHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'reauth-cc-'));
  homes.push(home);
  return home;
}

/** Stands in for module.enableCompileCache (Node 22.1+; the tests run on Node 20 too). */
function recorder() {
  const asked: string[] = [];
  return { asked, enable: (directory: string) => (asked.push(directory), { directory }) };
}

const uid = process.getuid?.() ?? 0;

describe.skipIf(process.platform === 'win32')('enablePrivateCompileCache', () => {
  it('keeps the cache in an owner-only folder of the person’s cache folder', () => {
    const home = fakeHome();
    const { asked, enable } = recorder();
    const dir = enablePrivateCompileCache({ env: {}, enable, home: () => home, uid });
    expect(dir).toBe(join(home, '.cache', 'reauth', 'node-compile-cache'));
    expect(asked).toEqual([dir]);
    expect(lstatSync(dir!).mode & 0o777).toBe(0o700);
    expect(lstatSync(join(home, '.cache', 'reauth')).mode & 0o777).toBe(0o700);
  });

  it('uses XDG_CACHE_HOME when it is an absolute path, and ignores a relative one', () => {
    const home = fakeHome();
    const xdg = join(home, 'xdg');
    expect(enablePrivateCompileCache({ env: { XDG_CACHE_HOME: xdg }, enable: recorder().enable, home: () => home, uid })).toBe(join(xdg, 'reauth', 'node-compile-cache'));
    expect(enablePrivateCompileCache({ env: { XDG_CACHE_HOME: 'relative' }, enable: recorder().enable, home: () => home, uid })).toBe(join(home, '.cache', 'reauth', 'node-compile-cache'));
  });

  it('does not use a folder others may write to, a symlink, or someone else’s folder', () => {
    const open = fakeHome();
    mkdirSync(join(open, '.cache', 'reauth', 'node-compile-cache'), { recursive: true });
    chmodSync(join(open, '.cache', 'reauth'), 0o777);
    const first = recorder();
    expect(enablePrivateCompileCache({ env: {}, enable: first.enable, home: () => open, uid })).toBeUndefined();

    const linked = fakeHome();
    mkdirSync(join(linked, 'elsewhere'), { mode: 0o700 });
    mkdirSync(join(linked, '.cache', 'reauth'), { recursive: true, mode: 0o700 });
    symlinkSync(join(linked, 'elsewhere'), join(linked, '.cache', 'reauth', 'node-compile-cache'));
    const second = recorder();
    expect(enablePrivateCompileCache({ env: {}, enable: second.enable, home: () => linked, uid })).toBeUndefined();

    const third = recorder();
    expect(enablePrivateCompileCache({ env: {}, enable: third.enable, home: () => fakeHome(), uid: uid + 1 })).toBeUndefined();
    expect([...first.asked, ...second.asked, ...third.asked]).toEqual([]);
  });

  it('leaves the choice to the person: NODE_COMPILE_CACHE and NODE_DISABLE_COMPILE_CACHE, and does nothing before Node 22.1', () => {
    const home = fakeHome();
    const { asked, enable } = recorder();
    expect(enablePrivateCompileCache({ env: { NODE_COMPILE_CACHE: '/somewhere' }, enable, home: () => home, uid })).toBeUndefined();
    expect(enablePrivateCompileCache({ env: { NODE_DISABLE_COMPILE_CACHE: '1' }, enable, home: () => home, uid })).toBeUndefined();
    expect(enablePrivateCompileCache({ env: {}, enable: undefined, home: () => home, uid })).toBeUndefined();
    expect(asked).toEqual([]);
  });

  it('starts without the cache when the folder cannot be made (HOME is a file), without throwing', () => {
    const home = join(fakeHome(), 'not-a-folder');
    writeFileSync(home, '');
    const { asked, enable } = recorder();
    expect(enablePrivateCompileCache({ env: {}, enable, home: () => home, uid })).toBeUndefined();
    expect(asked).toEqual([]);
  });
});
