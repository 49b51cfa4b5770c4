// "Did you mean" suggestions: optimal-string-alignment distance (a swap of two neighbours counts
// as one edit), case-insensitive, bounded by name length.

function distance(a: string, b: string): number {
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

/** The candidate closest to `name`, when close enough to be a plausible typo (or a prefix/suffix). */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const cl = c.toLowerCase();
    let d = distance(lower, cl);
    if (cl.startsWith(lower) || lower.startsWith(cl) || cl.endsWith(lower)) d = Math.min(d, 1.5);
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  // Short names need a near match; a suggestion must share something with the name.
  const limit = name.length <= 3 ? 1 : Math.max(2, Math.ceil(name.length / 3));
  return best !== undefined && bestScore <= limit && bestScore < name.length ? best : undefined;
}
