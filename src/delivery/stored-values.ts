/**
 * What a profile's targets hold now — the one reader used by `refresh`, `status` and the
 * wizard's prefill. DESIGN.md: "Refresh reads the current refresh token (and client
 * credentials named in `keys`) from the first target that has them."
 */
import type { Target } from '../targets/types.js';
import { TOKEN_FIELDS, type FieldValues, type TokenField } from '../tokens/token-set.js';

export interface TargetReading {
  readonly target: Target;
  readonly values: FieldValues;
  readonly exists: boolean;
  readonly warnings: readonly string[];
}

export interface StoredTokens {
  /** Each field from the first target (in reauth.yaml order) that holds it. */
  readonly values: FieldValues;
  /** The target each value came from. */
  readonly from: Partial<Record<TokenField, Target>>;
  readonly warnings: readonly string[];
}

/**
 * Reads every target. By default the first one that cannot be read or parsed stops it (file
 * untouched); `skipUnreadable` (the wizard's prefill) leaves it out instead — it is reported
 * when it is planned.
 */
export async function readTargets(targets: readonly Target[], options: { skipUnreadable?: boolean } = {}): Promise<TargetReading[]> {
  const readings: TargetReading[] = [];
  for (const target of targets) {
    let result;
    try {
      result = await target.read();
    } catch (error) {
      if (options.skipUnreadable) continue;
      throw error;
    }
    readings.push({ target, values: result.values, exists: result.exists, warnings: result.warnings });
  }
  return readings;
}

/** Fields that must agree across targets: a difference means one of them is stale. */
const MUST_AGREE: ReadonlySet<TokenField> = new Set(['refresh_token', 'client_id', 'client_secret']);

export function storedTokens(readings: readonly TargetReading[]): StoredTokens {
  const values: FieldValues = {};
  const from: Partial<Record<TokenField, Target>> = {};
  const warnings: string[] = [];
  for (const reading of readings) {
    for (const field of TOKEN_FIELDS) {
      const value = reading.values[field];
      if (!value) continue;
      if (values[field] === undefined) {
        values[field] = value;
        from[field] = reading.target;
      } else if (values[field] !== value && MUST_AGREE.has(field)) {
        const first = from[field]!.label;
        warnings.push(`${first} and ${reading.target.label} hold different values for ${field}; reauth used the one in ${first} and writes the same to both.`);
      }
    }
  }
  return { values, from, warnings: [...new Set(warnings)] };
}

/** What the targets hold once `values` were written to each (its mapped keys only), without asking them again. */
export function afterWriting(readings: readonly TargetReading[], values: FieldValues): TargetReading[] {
  return readings.map((reading) => {
    const written: FieldValues = { ...reading.values };
    for (const field of Object.keys(reading.target.spec.keys) as TokenField[]) {
      if (values[field] !== undefined) written[field] = values[field];
    }
    return { ...reading, values: written };
  });
}
