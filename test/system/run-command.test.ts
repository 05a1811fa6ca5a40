import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/system/run-command.js';

const node = process.execPath;

describe('runCommand', () => {
  it('collects stdout, stderr and the exit code of a real program', async () => {
    const result = await runCommand(node, ['-e', 'process.stdout.write("out"); process.stderr.write("err"); process.exit(3)']);
    expect(result).toEqual({ code: 3, stdout: 'out', stderr: 'err' });
  });

  it('passes arguments exactly as given, with no shell in between', async () => {
    const awkward = ['a b', 'x&y', '$HOME', '`id`', '"quoted"', "it's", '*', 'K=V=W'];
    const result = await runCommand(node, ['-e', 'console.log(JSON.stringify(process.argv.slice(1)))', ...awkward]);
    expect(JSON.parse(result.stdout)).toEqual(awkward);
  });

  it('reports a program that is not installed as spawnError ENOENT instead of throwing', async () => {
    const result = await runCommand('/nonexistent/reauth-no-such-program', ['--version']);
    expect(result.code).toBeNull();
    expect(result.spawnError?.code).toBe('ENOENT');
  });

  it('stops a program that runs past its timeout and says so', async () => {
    const started = Date.now();
    const result = await runCommand(node, ['-e', 'setTimeout(() => {}, 60_000)'], { timeoutMs: 300 });
    expect(result.timedOut).toBe(true);
    expect(result.code).toBeNull();
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('writes the given input to the program and closes stdin', async () => {
    const script = 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(s.toUpperCase()))';
    const result = await runCommand(node, ['-e', script], { input: 'fake-input-0001' });
    expect(result.stdout.trim()).toBe('FAKE-INPUT-0001');
  });

  it('gives a program without input an already-closed stdin, so a prompt cannot wait forever', async () => {
    const script = 'process.stdin.on("data", () => {}).on("end", () => console.log("eof"))';
    const result = await runCommand(node, ['-e', script], { timeoutMs: 5_000 });
    expect(result.stdout.trim()).toBe('eof');
  });

  it('runs with exactly the environment it is given and in the given folder', async () => {
    const script = 'console.log(JSON.stringify({ v: process.env.REAUTH_PROBE ?? null, home: process.env.HOME ?? null, cwd: process.cwd() }))';
    const result = await runCommand(node, ['-e', script], { env: { REAUTH_PROBE: 'yes' }, cwd: '/' });
    expect(JSON.parse(result.stdout)).toEqual({ v: 'yes', home: null, cwd: '/' });
  });

  it('runs through the shell only when asked', async () => {
    const result = await runCommand('echo "$REAUTH_PROBE"', [], { shell: true, env: { REAUTH_PROBE: 'via-shell', PATH: process.env.PATH } });
    expect(result.stdout.trim()).toBe('via-shell');
  });
});
