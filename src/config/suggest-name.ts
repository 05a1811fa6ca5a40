/**
 * "Did you mean …?" for misspelt field names, provider ids and token fields. A typo of a
 * known key is an error rather than an ignored unknown key, because an ignored `tokn_url`
 * would silently send real credentials to the real service instead of the intended one.
 */

/** The closest candidate when `word` is plausibly a misspelling of it, else undefined. */
export function suggestName(word: string, candidates: Iterable<string>): string | undefined {
  const plain = normalise(word);
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    if (candidate === word) return undefined;
    const distance = plain === normalise(candidate) ? 0 : editDistance(plain, normalise(candidate));
    if (distance <= allowedDistance(candidate) && (!best || distance < best.distance)) {
      best = { name: candidate, distance };
    }
  }
  return best?.name;
}

/** `Token-URL`, `tokenUrl` and `token_url` are the same intent. */
function normalise(name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, '');
}

function allowedDistance(candidate: string): number {
  if (candidate.length <= 3) return 0;
  if (candidate.length <= 6) return 1;
  return 2;
}

/** Damerau–Levenshtein (optimal string alignment): a swapped pair of letters counts once. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const prev = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = value;
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}
