// YAML duplicate keys. The document is parsed with `uniqueKeys: false` so we can report them with
// both locations: step/template ids get `duplicate-id` (checked elsewhere, across `steps` and
// `finally`), any other mapping `yaml-syntax`.
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { Diagnostic } from '../../contracts/diagnostics.js';
import type { StepCache } from '../parse/stepCache.js';
import { keyText, rangeOf } from '../parse/yamlNodes.js';

function walk(node: unknown, idMaps: Set<unknown>, out: Diagnostic[], depth: number, cache?: StepCache): void {
  if (depth > 200 || isAlias(node)) return;
  if (isMap(node)) {
    const check = !idMaps.has(node) && node.items.length > 1;
    const seen = check ? new Map<string, Node>() : undefined;
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      if (seen && isScalar(pair.key) && typeof pair.key.value !== 'symbol') {
        const k = keyText(pair.key);
        const prev = seen.get(k);
        if (!prev) seen.set(k, pair.key as Node);
        else out.push({ severity: 'error', code: 'yaml-syntax', message: `duplicate key '${k}'`, range: rangeOf(pair.key as Node), related: [{ message: `'${k}' first set here`, range: rangeOf(prev) }], data: { key: k } });
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
    for (const item of node.items) walk(item, idMaps, out, depth + 1, cache);
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
