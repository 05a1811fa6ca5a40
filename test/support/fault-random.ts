/**
 * A small seeded PRNG (mulberry32) for fault-injection runs: the same seed draws the same
 * runs, so a failure printed with its seed can be replayed with `REAUTH_FAULT_SEED=<seed>`.
 */

export type Random = {
  /** [0, 1) */
  (): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  shuffle<T>(items: readonly T[]): T[];
};

export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  const next = (() => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }) as Random;
  next.int = (min, max) => min + Math.floor(next() * (max - min + 1));
  next.pick = (items) => items[Math.floor(next() * items.length)]!;
  next.shuffle = (items) => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  return next;
}

/** The seed for this run: REAUTH_FAULT_SEED when set (a replay), else a fresh one. */
export function faultSeed(): number {
  const given = process.env.REAUTH_FAULT_SEED;
  if (given !== undefined && given !== '') {
    const n = Number(given);
    if (!Number.isInteger(n) || n < 0) throw new Error(`REAUTH_FAULT_SEED must be a non-negative integer, not ${JSON.stringify(given)}`);
    return n >>> 0;
  }
  return Math.floor(Math.random() * 2 ** 31);
}

/** A limit of `n` things at a time (runs of the built binary share two cores). */
export function semaphore(n: number): <T>(work: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (work) => {
    // A finishing run hands its slot straight to the next waiting one.
    if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    else active += 1;
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active -= 1;
    }
  };
}
