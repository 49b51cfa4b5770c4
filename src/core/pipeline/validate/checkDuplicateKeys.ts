// YAML duplicate keys. The document is parsed with `uniqueKeys: false` so we can report them with
// both locations: step/template ids get `duplicate-id` (checked elsewhere, across `steps` and
// `finally`), any other mapping `yaml-syntax`.
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { Diagnostic } from '../../contracts/diagnostics.js';
import type { StepCache } from '../parse/stepCache.js';
import { keyText, rangeOf } from '../parse/yamlNodes.js';

/** Keys compared pairwise up to this many pairs in a map; a Map above (most maps have a few keys). */
const PAIRWISE = 8;

/** Index of an earlier pair of `items[0 .. i)` with key text `k`, or -1. */
function earlierKey(keys: (string | undefined)[] | undefined, i: number, k: string, seen: Map<string, number> | undefined): number {
  if (seen) {
    const at = seen.get(k);
    if (at === undefined) seen.set(k, i);
    return at ?? -1;
  }
  for (let j = 0; j < i; j++) if (keys![j] === k) return j;
  keys![i] = k;
  return -1;
}

function walk(node: unknown, idMaps: Set<unknown>, out: Diagnostic[], depth: number, cache?: StepCache): void {
  if (depth > 200 || isAlias(node)) return;
  if (isMap(node)) {
    const items = node.items;
    const check = !idMaps.has(node) && items.length > 1;
    // Indexed loops and no Map for small maps: each map is walked once per parse, mostly by code the
    // JIT has not optimized yet, where iterators and a Map per map cost more than the comparisons.
    const seen = check && items.length > PAIRWISE ? new Map<string, number>() : undefined;
    // Key texts by pair index for the pairwise comparison (a duplicate's stays unset: the first one is named).
    const keys: (string | undefined)[] | undefined = check && !seen ? new Array<string | undefined>(items.length) : undefined;
    for (let i = 0; i < items.length; i++) {
      const pair = items[i];
      if (!isPair(pair)) continue;
      if (check && isScalar(pair.key) && typeof pair.key.value !== 'symbol') {
        const k = keyText(pair.key);
        const prev = earlierKey(keys, i, k, seen);
        if (prev >= 0) {
          const first = (items[prev] as { key: Node }).key;
          out.push({ severity: 'error', code: 'yaml-syntax', message: `duplicate key '${k}'`, range: rangeOf(pair.key as Node), related: [{ message: `'${k}' first set here`, range: rangeOf(first) }], data: { key: k } });
        }
      }
      // A step entry's subtree is its text's alone (and always at the same depth): walked once per text.
      const source = cache?.sources.get(pair);
      if (source) {
        for (const d of cache!.sourceFindings(source, 'duplicate-keys', () => {
          const found: Diagnostic[] = [];
          walk(pair.value, idMaps, found, depth + 1);
          return found;
        })) out.push(d);
      } else walk(pair.value, idMaps, out, depth + 1, cache);
    }
  } else if (isSeq(node)) {
    const items = node.items;
    for (let i = 0; i < items.length; i++) walk(items[i], idMaps, out, depth + 1, cache);
  }
}

/**
 * Duplicate keys anywhere except the step sections (those are checked across `steps` and `finally`).
 * With an editor's step cache, the steps it noted this parse are walked once per step text.
 */
export function checkDuplicateKeys(doc: Document, idMaps: Set<unknown>, cache?: StepCache): Diagnostic[] {
  const out: Diagnostic[] = [];
  walk(doc.contents, idMaps, out, 0, cache);
  return out;
}
