// A line-based unified diff (Myers' O(ND) algorithm) of two revisions' manifests, computed here so
// "what changed between revision 3 and 5" needs neither helm-diff nor a cluster round-trip.
import type { HelmRelease } from './decodeRelease.js';

type Op = { t: ' ' | '-' | '+'; line: string };

/** Shortest edit script between two line arrays. */
export function diffLines(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  const off = max + 1;
  outer: for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1]! < v[off + k + 1]!) ? v[off + k + 1]! : v[off + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[off + k] = x;
      if (x >= n && y >= m) break outer;
    }
  }
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const vv = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && vv[off + k - 1]! < vv[off + k + 1]!) ? k + 1 : k - 1;
    const px = vv[off + prevK]!;
    const py = px - prevK;
    while (x > px && y > py) {
      y--;
      ops.push({ t: ' ', line: a[--x]! });
    }
    if (x === px) ops.push({ t: '+', line: b[--y]! });
    else ops.push({ t: '-', line: a[--x]! });
  }
  while (x > 0 && y > 0) {
    y--;
    ops.push({ t: ' ', line: a[--x]! });
  }
  return ops.reverse();
}

/** A unified diff (`---`/`+++` headers, `@@` hunks with `context` lines); empty when equal. */
export function unifiedDiff(oldText: string, newText: string, oldName = 'a', newName = 'b', context = 3): string {
  const split = (s: string) => (s === '' ? [] : s.replace(/\n$/, '').split('\n'));
  const a = split(oldText);
  const b = split(newText);
  const ops = diffLines(a, b);
  if (!ops.some((o) => o.t !== ' ')) return '';
  const out = [`--- ${oldName}`, `+++ ${newName}`];
  let ai = 0;
  let bi = 0;
  const pos: Array<[number, number]> = [];
  for (const o of ops) {
    pos.push([ai, bi]);
    if (o.t !== '+') ai++;
    if (o.t !== '-') bi++;
  }
  // Changes closer than 2*context unchanged lines share one hunk.
  const changes = ops.flatMap((o, idx) => (o.t === ' ' ? [] : [idx]));
  const groups: Array<[number, number]> = [];
  for (const c of changes) {
    const g = groups.at(-1);
    if (g && c - g[1] <= 2 * context + 1) g[1] = c;
    else groups.push([c, c]);
  }
  for (const [first, last] of groups) {
    const start = Math.max(0, first - context);
    const stop = Math.min(ops.length, last + context + 1);
    const [as, bs] = pos[start]!;
    const hunk = ops.slice(start, stop);
    const ac = hunk.filter((o) => o.t !== '+').length;
    const bc = hunk.filter((o) => o.t !== '-').length;
    out.push(`@@ -${ac ? as + 1 : as},${ac} +${bc ? bs + 1 : bs},${bc} @@`);
    for (const o of hunk) out.push(o.t + o.line);
  }
  return out.join('\n') + '\n';
}

/** The manifest diff between two revisions of a release. */
export function diffReleaseRevisions(from: HelmRelease, to: HelmRelease, context = 3): string {
  return unifiedDiff(from.manifest, to.manifest, `${from.name} revision ${from.revision}`, `${to.name} revision ${to.revision}`, context);
}
