// YAML duplicate keys. The document is parsed with `uniqueKeys: false` so we can report them with
// both locations: step/template ids get `duplicate-id`, any other mapping `yaml-syntax`.
import { isPair, isScalar, visit, type Document, type Node } from 'yaml';
import type { Diagnostic } from '../../contracts/diagnostics.js';
import { keyText, rangeOf } from '../parse/yamlNodes.js';

/** Duplicate keys anywhere except the step sections (those are checked across `steps` and `finally`). */
export function checkDuplicateKeys(doc: Document, idMaps: Set<unknown>): Diagnostic[] {
  const out: Diagnostic[] = [];
  visit(doc, {
    Map(_key, map) {
      if (idMaps.has(map) || map.items.length < 2) return;
      const seen = new Map<string, Node>();
      for (const pair of map.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const k = keyText(pair.key);
        if (typeof pair.key.value === 'symbol') continue; // merge keys may repeat
        const prev = seen.get(k);
        if (!prev) {
          seen.set(k, pair.key as Node);
          continue;
        }
        out.push({ severity: 'error', code: 'yaml-syntax', message: `duplicate key '${k}'`, range: rangeOf(pair.key as Node), related: [{ message: `'${k}' first set here`, range: rangeOf(prev) }], data: { key: k } });
      }
    },
  });
  return out;
}

