// "Did you mean" for quick fixes: the candidate with the smallest edit distance, if it is close enough.

/** Levenshtein distance between two strings (insert, delete, substitute each cost 1). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * Candidates ordered by closeness to `word`, keeping those within a distance that scales with the length
 * (a prefix or case-insensitive match always counts).
 */
export function closestMatches(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const lw = word.toLowerCase();
  const scored: Array<[string, number]> = [];
  for (const c of new Set(candidates)) {
    if (c === word) continue;
    const lc = c.toLowerCase();
    let d = editDistance(lw, lc);
    // A word that is the start of a longer name (typed half-way) counts as close; not the reverse,
    // or every one-letter id would match everything starting with that letter.
    if (lw.length >= 2 && lc.startsWith(lw)) d = Math.min(d, 1);
    if (d <= Math.max(2, Math.floor(Math.max(word.length, c.length) / 3))) scored.push([c, d]);
  }
  scored.sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]));
  return scored.slice(0, limit).map(([c]) => c);
}
