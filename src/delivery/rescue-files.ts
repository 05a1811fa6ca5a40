/**
 * Safety copies of tokens reauth obtained: `.reauth/rescue/NAME-TIMESTAMP.json`, 0600, in a
 * folder git ignores (DESIGN.md). One file has one life:
 *
 *   reserved → kept → (removed once every target holds the tokens)
 *          ↘ lost   (the answer came but could not be kept: a person must sign in again)
 *
 * A file is RESERVED — created, sized and fsynced — before a refresh token or a code is
 * spent, so a disk that fills while the request is in flight still has room for the answer:
 * overwriting bytes a file already owns needs no new blocks (true on ext4, xfs and tmpfs; a
 * copy-on-write file system such as btrfs or ZFS may still refuse). A reserved file left
 * behind marks a run that died with a request in flight.
 *
 * Each file says whose tokens these are (profile, or service + client id for a connection not
 * saved as a profile) and when they were obtained, so the newest set always wins.
 */
import { open, readdir, readFile, rm, rmdir, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { inertJson } from '../system/inert-json.js';
import { processAlive } from '../system/process-alive.js';
import type { FieldValues } from '../tokens/token-set.js';
import { ensureReauthFolder, reauthFolder, safeName } from './reauth-folder.js';

/** Room for the answer: token answers are a few KB; OIDC ones with id tokens stay well under this. */
export const RESERVED_BYTES = 64 * 1024;

export interface RescueOwner {
  /** The saved profile; absent for a new connection not (yet) saved as one. */
  readonly profile?: string;
  /** The provider id. */
  readonly service?: string;
  readonly clientId?: string;
}

export type RescueState = 'reserved' | 'kept' | 'lost';

export interface RescueFile extends RescueOwner {
  readonly path: string;
  readonly state: RescueState;
  /** `reserved` only: the run that made it has ended (same machine), so its request died in flight. */
  readonly abandoned?: boolean;
  /** ISO 8601 UTC: when the file was written. */
  readonly savedAt: string;
  /** ISO 8601 UTC: when the service handed out these tokens (ordering: newest wins). */
  readonly obtainedAt: string;
  readonly values: FieldValues;
}

/** A kept set of tokens, ready to be written. */
export type RescuedTokens = RescueFile & { readonly state: 'kept' };

interface RescueJson {
  readonly reauth_rescue?: number;
  readonly state?: RescueState;
  readonly profile?: string | null;
  readonly service?: string | null;
  readonly client_id?: string | null;
  readonly saved_at?: string;
  readonly obtained_at?: string;
  /** The run that reserved it: a reservation whose run is gone marks a request that died in flight. */
  readonly pid?: number;
  readonly host?: string;
  readonly values?: FieldValues;
}

export function rescueFolder(baseDir: string): string {
  return join(reauthFolder(baseDir), 'rescue');
}

/** The file reserved before a request, and whether the answer is in it (`holds`). */
export interface SafetyCopy {
  readonly path: string;
  readonly holds: boolean;
}

/** A reserved safety copy: fill it when the answer arrives, or discard it when none came. */
export interface Reservation {
  readonly path: string;
  /** Writes the tokens into the reserved bytes (fsynced). Throws when even that fails. */
  fill(values: FieldValues, obtainedAt: string): Promise<void>;
  /**
   * Writes tokens in, keeping the file open and all its reserved room: the answer as it came,
   * before it is read — `fill` (the answer as read) or `close` follows.
   */
  hold(values: FieldValues, obtainedAt: string): Promise<void>;
  /** Leaves what `hold` wrote as the kept copy. */
  close(): Promise<void>;
  /** No answer came (the request failed): nothing to keep. */
  discard(): Promise<void>;
}

export async function reserveRescue(baseDir: string, owner: RescueOwner, now: number): Promise<Reservation> {
  const folder = await ensureReauthFolder(baseDir, 'rescue');
  const savedAt = new Date(now).toISOString();
  const { path, handle } = await createUnique(folder, owner, savedAt);
  const record = (state: RescueState, extra: Partial<RescueJson>): RescueJson => ({
    reauth_rescue: 1,
    state,
    profile: owner.profile ?? null,
    service: owner.service ?? null,
    client_id: owner.clientId ?? null,
    saved_at: savedAt,
    pid: process.pid,
    host: hostname(),
    ...extra,
  });
  let open_: FileHandle | undefined = handle;
  try {
    await writeInPlace(handle, record('reserved', {}), RESERVED_BYTES);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await removeRescue(path);
    throw error;
  }
  const close = async () => {
    const h = open_;
    open_ = undefined;
    await h?.close().catch(() => undefined);
  };
  return {
    path,
    async fill(values, obtainedAt) {
      if (!open_) throw new Error('this safety copy is already closed');
      try {
        await writeInPlace(open_, record('kept', { obtained_at: obtainedAt, values }), RESERVED_BYTES);
      } finally {
        await close();
      }
    },
    async hold(values, obtainedAt) {
      if (!open_) throw new Error('this safety copy is already closed');
      await writeInPlace(open_, record('kept', { obtained_at: obtainedAt, values }), RESERVED_BYTES, { keepRoom: true });
    },
    close,
    async discard() {
      await close();
      await removeRescue(path);
    },
  };
}

/**
 * The answer to the request a reserved file was made for arrived but could not be kept
 * anywhere: the file now says so (in place: it needs no new room), for `reauth status`.
 * Best effort: there is nothing left to fall back on.
 */
export async function markRescueLost(path: string, obtainedAt: string): Promise<void> {
  const handle = await open(path, 'r+').catch(() => undefined);
  if (!handle) return;
  try {
    const before = JSON.parse((await handle.readFile('utf8')).trim() || '{}') as RescueJson;
    const { values: _values, ...header } = before;
    void _values;
    await writeInPlace(handle, { ...header, state: 'lost', obtained_at: obtainedAt }, RESERVED_BYTES);
  } catch {
    // Nothing else can be done with it.
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Reserve and fill at once: tokens already in hand that must not be lost. */
export async function keepTokens(baseDir: string, owner: RescueOwner, values: FieldValues, obtainedAt: string, now: number): Promise<string> {
  const reservation = await reserveRescue(baseDir, owner, now);
  try {
    await reservation.fill(values, obtainedAt);
  } catch (error) {
    await reservation.discard();
    throw error;
  }
  return reservation.path;
}

/**
 * Overwrites the file from byte 0 with `record`, padded with spaces to `size` (JSON allows
 * trailing white space) so no write ever needs a block the file does not own yet; then
 * trims the padding (shrinking needs no space either) and fsyncs.
 */
async function writeInPlace(handle: FileHandle, record: RescueJson, size: number, options: { keepRoom?: boolean } = {}): Promise<void> {
  // The service's values byte for byte, but nothing in the file can steer a terminal that shows it.
  const body = Buffer.from(`${inertJson(record, 2)}\n`, 'utf8');
  const { size: current } = await handle.stat();
  const room = Math.max(size, current);
  const bytes = body.length >= room ? body : Buffer.concat([body, Buffer.alloc(room - body.length, 0x20)]);
  await handle.write(bytes, 0, bytes.length, 0);
  // The reservation itself keeps its padding (those bytes must stay the file's); a filled one sheds it.
  if (current > 0 && !options.keepRoom) await handle.truncate(body.length);
  await handle.sync();
}

async function createUnique(folder: string, owner: RescueOwner, savedAt: string): Promise<{ path: string; handle: FileHandle }> {
  const stamp = savedAt.replace(/[:.]/g, '-');
  const base = safeName(owner.profile ?? owner.service ?? 'reauth');
  // Two rescues in the same millisecond (a refresh and a setup side by side) get distinct names.
  for (let attempt = 1; ; attempt++) {
    const path = join(folder, attempt === 1 ? `${base}-${stamp}.json` : `${base}-${stamp}-${attempt}.json`);
    try {
      return { path, handle: await open(path, 'wx', 0o600) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 50) throw error;
    }
  }
}

/**
 * Orders two ISO 8601 times by the instant they name: services' times come with and without
 * milliseconds (`…:19Z` is earlier than `…:19.500Z`, though it sorts later as text). An
 * unreadable time counts as the oldest.
 */
export function compareTimes(a: string, b: string): number {
  const at = (iso: string) => {
    const ms = Date.parse(iso);
    return Number.isFinite(ms) ? ms : -Infinity;
  };
  const d = at(a) - at(b);
  return Number.isNaN(d) ? 0 : Math.sign(d);
}

/** Which files belong to a profile, or to a not-yet-saved connection of a service and client. */
export interface RescueQuery {
  readonly profile?: string;
  readonly service?: string;
  readonly clientId?: string;
}

export function belongsTo(file: RescueOwner, query: RescueQuery): boolean {
  if (query.profile !== undefined && file.profile === query.profile) return true;
  // A connection never saved as a profile is found again by its service and app.
  return file.profile === undefined && !!query.service && file.service === query.service && !!query.clientId && file.clientId === query.clientId;
}

/** Every rescue file that belongs to `query`, newest obtained first. Unreadable files are skipped, never deleted. */
export async function listRescueFiles(baseDir: string, query?: RescueQuery): Promise<RescueFile[]> {
  const folder = rescueFolder(baseDir);
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const found: RescueFile[] = [];
  for (const name of names.filter((n) => n.endsWith('.json') && !n.startsWith('.'))) {
    const file = await readRescueFile(join(folder, name));
    if (file && (!query || belongsTo(file, query))) found.push(file);
  }
  // Same millisecond: the `-N` suffix marks the later file.
  return found.sort(
    (a, b) => compareTimes(b.obtainedAt, a.obtainedAt) || compareTimes(b.savedAt, a.savedAt) || b.path.length - a.path.length || b.path.localeCompare(a.path),
  );
}

/** Kept token sets of `query`, newest obtained first: what `setup` offers and `refresh` writes first. */
export async function findRescues(baseDir: string, query: RescueQuery): Promise<RescuedTokens[]> {
  return (await listRescueFiles(baseDir, query)).filter((f): f is RescuedTokens => f.state === 'kept');
}

async function readRescueFile(path: string): Promise<RescueFile | undefined> {
  let parsed: RescueJson;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8')) as RescueJson;
  } catch {
    return undefined; // a damaged file is left for the person to look at
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  const state: RescueState = parsed.state === 'reserved' || parsed.state === 'lost' ? parsed.state : 'kept';
  const values = parsed.values && typeof parsed.values === 'object' ? parsed.values : {};
  if (state === 'kept' && !values.access_token && !values.refresh_token) return undefined;
  const savedAt = String(parsed.saved_at ?? '');
  const abandoned = state === 'reserved' && typeof parsed.pid === 'number' && parsed.host === hostname() && !processAlive(parsed.pid);
  return {
    path,
    state,
    ...(abandoned ? { abandoned } : {}),
    ...(parsed.profile ? { profile: parsed.profile } : {}),
    ...(parsed.service ? { service: parsed.service } : {}),
    ...(parsed.client_id ? { clientId: parsed.client_id } : {}),
    savedAt,
    // Files from before issue 8 have no obtained_at: they were written the moment the tokens came.
    obtainedAt: String(parsed.obtained_at ?? savedAt),
    values,
  };
}

/**
 * Removes a rescue file. A `.reauth/` folder that then holds nothing but its own .gitignore
 * goes too: a run that succeeded leaves the project as it was.
 */
export async function removeRescue(path: string): Promise<void> {
  await rm(path, { force: true });
  const rescueDir = dirname(path);
  const reauthDir = dirname(rescueDir);
  try {
    await rmdir(rescueDir); // only when empty
    const left = await readdir(reauthDir);
    if (left.length === 1 && left[0] === '.gitignore') await rm(reauthDir, { recursive: true, force: true });
  } catch {
    // Other rescue files, locks or records are still there: keep the folder.
  }
}

/**
 * A set obtained at `obtainedAt` now sits in every target: kept files of the same owner that
 * are not newer are superseded (issue 8: a stale rescue must never be written over it later).
 */
export async function removeSuperseded(baseDir: string, owner: RescueQuery, obtainedAt: string): Promise<string[]> {
  const removed: string[] = [];
  for (const file of await listRescueFiles(baseDir, owner)) {
    if (file.state === 'reserved') continue; // another run's request may be in flight
    if (compareTimes(file.obtainedAt, obtainedAt) <= 0) {
      await removeRescue(file.path);
      removed.push(file.path);
    }
  }
  return removed;
}

/**
 * Reservations whose run died with its request in flight (same machine, process gone). They
 * hold no tokens; once a person or the next refresh has been told, they go.
 */
export async function removeAbandoned(baseDir: string, owner: RescueQuery): Promise<RescueFile[]> {
  const abandoned = (await listRescueFiles(baseDir, owner)).filter((file) => file.state === 'reserved' && file.abandoned);
  for (const file of abandoned) await removeRescue(file.path);
  return abandoned;
}
