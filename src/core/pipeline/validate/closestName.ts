// "Did you mean" suggestions, the one metric for the whole extension (diagnostics here, quick fixes in
// src/language/): optimal-string-alignment distance (a swap of two neighbours counts as one edit),
// case-insensitive, bounded by name length.

/** Optimal-string-alignment distance: insert, delete, substitute or swap two neighbours, each cost 1. */
export function nameDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev2: number[] = [];
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n]!;
}

function score(lower: string, candidate: string): number {
  const cl = candidate.toLowerCase();
  const d = nameDistance(lower, cl);
  // A name typed half-way (or missing a prefix/suffix) is close; a one-letter overlap is not, or a
  // one-letter id would be close to everything starting with that letter.
  const shorter = Math.min(lower.length, cl.length);
  if (shorter >= 2 && (cl.startsWith(lower) || lower.startsWith(cl) || cl.endsWith(lower))) return Math.min(d, 1.5);
  return d;
}

/**
 * Candidates close enough to `name` to be a plausible typo (or a prefix/suffix), best first; ties keep
 * the candidates' order. At most `limit` of them.
 */
export function closestNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const lower = name.toLowerCase();
  // Short names need a near match; a suggestion must share something with the name.
  const bound = name.length <= 3 ? 1 : Math.max(2, Math.ceil(name.length / 3));
  const scored: Array<[string, number]> = [];
  for (const c of new Set(candidates)) {
    const s = score(lower, c);
    if (s <= bound && s < name.length) scored.push([c, s]);
  }
  return scored
    .sort((x, y) => x[1] - y[1])
    .slice(0, limit)
    .map(([c]) => c);
}

/** The candidate closest to `name`, when close enough to be a plausible typo (or a prefix/suffix). */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  return closestNames(name, candidates, 1)[0];
}
