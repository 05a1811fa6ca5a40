/**
 * Issue 8, "Room before spending" and "Exit codes that tell the truth", on a real full disk: a
 * 512 KB tmpfs holding reauth.yaml, the .env target and reauth's own .reauth/ folder, driven
 * through the built binary against the rotating Netatmo-like token server.
 *
 * A — the disk fills while the refresh request is out (the service has already rotated: the old
 *     pair is dead): the safety copy was created and sized before the token was spent, so the
 *     new pair survives in it; exit 5 naming it; the .env is untouched; `reauth status` then
 *     says so (exit 5, never 0 "working"); once there is room again, `reauth refresh` heals.
 * B — the disk is full before refresh starts: nothing is spent (the service sees no request),
 *     exit 2 with a plain sentence, files untouched.
 *
 * Needs root (CI runs as root) to mount the tmpfs; skipped with the reason otherwise.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { STACK_OR_CRASH, expectTargetsHold, readEnvTarget, rescueFiles, tempFilesLeft, writeProject, PROFILE, type Project } from '../support/fault-project.js';
import { killOwned, spawnReauth, type Ended } from '../support/fault-process.js';
import { fillDisk, isRoot, mountTmpfs, removeFiller, type Filled, type SmallDisk } from '../support/fault-tmpfs.js';
import { startFaultTokenServer, type FaultTokenServer } from '../support/fault-token-server.js';

const disks: SmallDisk[] = [];
const servers: FaultTokenServer[] = [];
let skipReason: string | undefined = isRoot ? undefined : 'the disk-full tests need root to mount a tmpfs (CI runs as root); skipped';

/** A fresh 512 KB tmpfs, or undefined (with `skipReason` set) when none can be mounted here. */
function smallDisk(): SmallDisk | undefined {
  const disk = mountTmpfs(512);
  if ('error' in disk) {
    skipReason = `skipped: ${disk.error}`;
    console.warn(`disk-full: ${skipReason}`);
    return undefined;
  }
  disks.push(disk);
  return disk;
}

function describeEnd(name: string, e: Ended): string {
  return `${name}: exit ${e.code ?? `by ${e.signal}`}\n--- stdout ---\n${e.stdout}--- stderr ---\n${e.stderr}`;
}

async function project(disk: SmallDisk): Promise<Project> {
  const server = await startFaultTokenServer();
  servers.push(server);
  return writeProject(disk.dir, server, { targets: 'env' });
}

const tokenCallsAtEmulator = (server: FaultTokenServer) => server.emulator.requests.filter((r) => r.url.pathname === '/oauth2/token' && r.form.get('grant_type') === 'refresh_token').length;

beforeAll(() => {
  if (skipReason) console.warn(`disk-full: ${skipReason}`);
});

afterEach(async (context) => {
  await killOwned(context.task.id);
});

afterAll(async () => {
  // Unmount even when a test failed half-way (a filler, a rescue file, anything left on it).
  for (const disk of disks.splice(0)) disk.unmount();
  for (const server of servers.splice(0)) await server.close();
});

interface CaseA {
  readonly p: Project;
  readonly disk: SmallDisk;
  readonly end: Ended;
  readonly out: string;
  readonly filled: Filled;
  /** Rescue files (name, size) at the moment the service spent the token. */
  readonly reservedAtSpend: readonly { name: string; size: number }[];
}

/**
 * The service rotates (the old pair dies), then holds its answer; the disk is filled meanwhile
 * (synchronously, at the moment of rotation, before reauth can run another line); then the
 * answer goes out.
 */
async function refreshWhileTheDiskFills(disk: SmallDisk, owner: string, fill: 'bytes' | 'bytes-and-inodes'): Promise<CaseA> {
  const p = await project(disk);
  const { server } = p;
  const rescueDir = join(disk.dir, '.reauth', 'rescue');
  server.stall = { at: 'answer' };
  let reservedAtSpend: { name: string; size: number }[] = [];
  let filled: Filled = { bytes: 0, files: 0 };
  server.onStage((stage, call) => {
    if (stage !== 'processed' || call.index !== 0) return;
    try {
      reservedAtSpend = readdirSync(rescueDir)
        .filter((n) => n.endsWith('.json'))
        .map((name) => ({ name, size: statSync(join(rescueDir, name)).size }));
    } catch {
      reservedAtSpend = [];
    }
    filled = fillDisk(disk.dir, fill);
    server.stall = undefined;
    server.release();
  });
  const end = await spawnReauth(['refresh', PROFILE, '-c', 'reauth.yaml'], { cwd: disk.dir, env: p.env, owner }).ended;
  const out = describeEnd('refresh', end);
  expect(server.calls.length, `the request went out:\n${out}`).toBe(1);
  expect(server.calls[0]!.processedAt, 'the token was spent').toBeDefined();
  expect(filled.bytes, 'the filler took the rest of the disk').toBeGreaterThan(0);
  expect(end.stdout + end.stderr, out).not.toMatch(STACK_OR_CRASH);
  expect(end.code, `never exit 1\n${out}`).not.toBe(1);
  return { p, disk, end, out, filled, reservedAtSpend };
}

/** The live pair is in a rescue file that existed, already big enough, when the token was spent. */
function expectKeptInReservedRescue(a: CaseA): void {
  const { p, disk, end, out, reservedAtSpend } = a;
  const live = p.server.livePair();
  const all = rescueFiles(disk.dir);
  const holding = all.filter((r) => r.json?.values?.refresh_token === live.refresh);
  expect(
    holding.map((r) => basename(r.path)),
    `a rescue file holds the live refresh token; rescue files: ${JSON.stringify(all.map((r) => ({ name: basename(r.path), size: r.size, error: r.error, values: Object.keys(r.json?.values ?? {}) })))}\n${out}`,
  ).toHaveLength(1);
  const rescue = holding[0]!;
  expect(rescue.json!.values!.access_token, 'the rescue file holds the access token of the same set').toBe(live.access);
  const before = reservedAtSpend.find((r) => r.name === basename(rescue.path));
  expect(before, `the rescue file existed when the token was spent (then: ${JSON.stringify(reservedAtSpend)})`).toBeDefined();
  const content = Buffer.byteLength(readFileSync(rescue.path, 'utf8').trimEnd());
  expect(before!.size, `it already had room for the tokens (${content} bytes) before they were spent`).toBeGreaterThanOrEqual(content);
  expect(end.stderr, `stderr names the rescue file\n${out}`).toContain(basename(rescue.path));
}

async function expectHealsOnceThereIsRoom(a: CaseA, owner: string): Promise<void> {
  removeFiller(a.disk.dir);
  const healed = await spawnReauth(['refresh', PROFILE, '-c', 'reauth.yaml'], { cwd: a.disk.dir, env: a.p.env, owner }).ended;
  expect(healed.code, describeEnd('the refresh after freeing the disk', healed)).toBe(0);
  expect(healed.stdout + healed.stderr).not.toMatch(STACK_OR_CRASH);
  expectTargetsHold(a.p, a.p.server.livePair());
  expect(tempFilesLeft(a.disk.dir)).toEqual([]);
}

describe.skipIf(!isRoot)('reauth refresh on a full disk (512 KB tmpfs)', () => {
  it('A: no room left at all while the request is out: the new pair stays in the safety copy made beforehand (exit 5), status says so, the next refresh heals', { timeout: 30_000 }, async (context) => {
    const disk = smallDisk();
    if (!disk) {
      context.skip(skipReason);
      return;
    }
    const a = await refreshWhileTheDiskFills(disk, context.task.id, 'bytes-and-inodes');
    expect(a.filled.files, 'the inode table was filled too').toBeGreaterThan(0);
    expect(a.end.code, `exit 5: a target could not be written, tokens kept in a rescue file\n${a.out}`).toBe(5);
    expectKeptInReservedRescue(a);

    // The target is untouched and parses; no temp file is left on the full disk.
    expect(readFileSync(join(disk.dir, '.env'), 'utf8'), '.env unchanged').toBe(a.p.before.env);
    readEnvTarget(disk.dir);
    expect(tempFilesLeft(disk.dir)).toEqual([]);

    // Status (disk still full) must not call this working. (Soft: the healing below is checked too.)
    const status = await spawnReauth(['status', '-c', 'reauth.yaml'], { cwd: disk.dir, env: a.p.env, owner: context.task.id }).ended;
    expect.soft(status.code, `status with rescued tokens waiting: exit 5\n${describeEnd('status', status)}`).toBe(5);
    expect(status.stdout + status.stderr).not.toMatch(STACK_OR_CRASH);

    await expectHealsOnceThereIsRoom(a, context.task.id);
  });

  it('A, bytes only: the disk fills while the request is out: the live pair ends up in the .env, or (exit 5) in the safety copy made beforehand', { timeout: 30_000 }, async (context) => {
    // Inodes are left free: reauth may use the bytes its filled safety copy no longer needs.
    const disk = smallDisk();
    if (!disk) {
      context.skip(skipReason);
      return;
    }
    const a = await refreshWhileTheDiskFills(disk, context.task.id, 'bytes');
    expect([0, 5], `exit 0 (written after all) or 5 (kept in a rescue file)\n${a.out}`).toContain(a.end.code);
    readEnvTarget(disk.dir);
    expect(tempFilesLeft(disk.dir)).toEqual([]);
    if (a.end.code === 0) {
      expectTargetsHold(a.p, a.p.server.livePair());
    } else {
      expectKeptInReservedRescue(a);
      expect(readFileSync(join(disk.dir, '.env'), 'utf8'), '.env unchanged').toBe(a.p.before.env);
      const status = await spawnReauth(['status', '-c', 'reauth.yaml'], { cwd: disk.dir, env: a.p.env, owner: context.task.id }).ended;
      expect.soft(status.code, `status with rescued tokens waiting: exit 5\n${describeEnd('status', status)}`).toBe(5);
    }
    await expectHealsOnceThereIsRoom(a, context.task.id);
  });

  it('B: the disk is already full: nothing is spent, exit 2 with a plain sentence, files unchanged', { timeout: 30_000 }, async (context) => {
    const disk = smallDisk();
    if (!disk) {
      context.skip(skipReason);
      return;
    }
    const p = await project(disk);
    const { server } = p;
    const reauthYaml = readFileSync(join(disk.dir, 'reauth.yaml'), 'utf8');
    const filled = fillDisk(disk.dir);
    expect(filled.bytes).toBeGreaterThan(0);

    const end = await spawnReauth(['refresh', PROFILE, '-c', 'reauth.yaml'], { cwd: disk.dir, env: p.env, owner: context.task.id }).ended;
    const out = describeEnd('refresh', end);
    expect(server.calls, `no refresh request reached the service:\n${out}`).toHaveLength(0);
    expect(tokenCallsAtEmulator(server)).toBe(0);
    expect(server.emulator.liveRefreshTokens(), 'the stored pair is still the live one').toEqual([p.seed.refresh]);

    expect(end.code, `exit 2 (an environment problem found before spending)\n${out}`).toBe(2);
    expect(end.stdout + end.stderr, out).not.toMatch(STACK_OR_CRASH);
    expect(end.stderr.trim(), 'a sentence on stderr').not.toBe('');
    expect(end.stderr, `the sentence says the disk is full\n${out}`).toMatch(/space|full/i);

    expect(readFileSync(join(disk.dir, '.env'), 'utf8'), '.env unchanged').toBe(p.before.env);
    expect(readFileSync(join(disk.dir, 'reauth.yaml'), 'utf8'), 'reauth.yaml unchanged').toBe(reauthYaml);
    expect(tempFilesLeft(disk.dir)).toEqual([]);
  });
});

if (!isRoot) {
  describe('reauth refresh on a full disk', () => {
    it.skip('skipped: the disk-full tests need root to mount a tmpfs (CI runs as root)', () => undefined);
  });
}
