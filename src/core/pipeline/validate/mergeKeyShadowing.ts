// `<<: [*a, *b]`: YAML gives a key both maps hold the value of the first one, silently. This warns
// at the later alias for each of its keys that an earlier map shadows (keys written in the mapping
// itself override every merged map, which is the point of merging, so they are not reported).
import { isAlias, isMap, isScalar, isSeq, visit, type Document, type Node } from 'yaml';
import type { Diagnostic } from '../../contracts/diagnostics.js';

function keyText(k: unknown): string | undefined {
  return isScalar(k) && (typeof k.value === 'string' || typeof k.value === 'number' || typeof k.value === 'boolean') ? String(k.value) : undefined;
}

function isMergeKey(k: unknown, text: string): boolean {
  if (!isScalar(k)) return false;
  if (typeof k.value === 'symbol') return true;
  return k.value === '<<' && !!k.range && text.slice(k.range[0], k.range[1]) === '<<';
}

/** Warnings for values of a later merged map that an earlier map in the same `<<:` list hides. */
export function mergeKeyShadowing(doc: Document, text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  visit(doc, {
    Map(_, map) {
      const merges = map.items.filter((p) => isMergeKey(p.key, text) && isSeq(p.value));
      if (!merges.length) return;
      const own = new Set(map.items.filter((p) => !isMergeKey(p.key, text)).map((p) => keyText(p.key)));
      for (const merge of merges) {
        const from = new Map<string, string>();
        for (const item of (merge.value as { items: Node[] }).items) {
          const target = isAlias(item) ? item.resolve(doc) : item;
          if (!isMap(target)) continue;
          const name = isAlias(item) ? `*${item.source}` : 'a merged map';
          for (const p of target.items) {
            const k = keyText(p.key);
            if (k === undefined || own.has(k)) continue;
            const earlier = from.get(k);
            if (earlier === undefined) from.set(k, name);
            else if (item.range) {
              out.push({ severity: 'warning', code: 'merge-key-ignored', message: `'${k}' from ${name} is ignored: ${earlier}, earlier in the merge list, sets it first (write '${k}' in the mapping to choose)`, range: { start: item.range[0], end: item.range[1] }, data: { key: k } });
            }
          }
        }
      }
    },
  });
  return out;
}
