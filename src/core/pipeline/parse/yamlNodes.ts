// Small helpers over the yaml Document API: ranges, alias resolution and map entries with merge
// keys (`<<`) expanded, so the model reader never has to special-case either.
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { TextRange } from '../../contracts/diagnostics.js';
import { resolveAlias } from './aliasBudget.js';
import { plainValue } from './plainValue.js';

/** One key of a mapping, with its nodes (aliases resolved) and ranges. */
export interface MapEntry {
  key: string;
  keyNode: Node | undefined;
  value: Node | undefined;
  keyRange: TextRange;
  /** The whole `key: value` pair. */
  range: TextRange;
  pair: Pair;
  /** True when the entry came in through a merge key. */
  merged: boolean;
}

/** Range of a node (value part, without trailing comments); empty range at `fallback` when unknown. */
export function rangeOf(node: Node | null | undefined, fallback = 0): TextRange {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : { start: fallback, end: fallback };
}

/** Follows an alias to its anchored node (one level is enough: anchors cannot point at aliases). */
export function deref(doc: Document, node: unknown): Node | undefined {
  if (node === null || node === undefined) return undefined;
  // Through the budgeted table: a cut alias (see aliasBudget.ts) reads as missing.
  if (isAlias(node)) return resolveAlias(doc, node);
  return node as Node;
}

/** A `<<` merge key. */
export function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  const v = (key as Scalar).value;
  return typeof v === 'symbol' && v.description === '<<';
}

/** The scalar text of a key node (numbers and booleans as written). */
export function keyText(key: unknown): string {
  if (isScalar(key)) {
    const v = key.value;
    if (typeof v === 'symbol') return v.description ?? '';
    return v === null ? '' : String(v);
  }
  return '';
}

/** Entries of a mapping in source order, merge-key entries after explicit ones (explicit keys win). */
export function entriesOf(doc: Document, mapNode: unknown): MapEntry[] {
  const map = deref(doc, mapNode);
  if (!isMap(map)) return [];
  const out: MapEntry[] = [];
  const merged: MapEntry[] = [];
  // Every map of a parse comes through here, mostly before the JIT has warmed up: an indexed loop and
  // ranges read straight from the nodes, so an entry allocates only what it keeps.
  const items = (map as YAMLMap).items as Pair[];
  for (let i = 0; i < items.length; i++) {
    const pair = items[i]!;
    const keyNode = pair.key as Node | undefined;
    if (isMergeKey(keyNode)) {
      const src = deref(doc, pair.value);
      const sources = isSeq(src) ? (src as YAMLSeq).items.map((i) => deref(doc, i)) : [src];
      for (const s of sources) for (const e of entriesOf(doc, s)) merged.push({ ...e, merged: true });
      continue;
    }
    // The key's range, or an empty one where the value starts; the pair runs to the value's end (an alias's own).
    const vr = (pair.value as Node | null | undefined)?.range;
    const kr = keyNode?.range;
    const keyRange = kr ? { start: kr[0], end: kr[1] } : { start: vr ? vr[0] : 0, end: vr ? vr[0] : 0 };
    const valueEnd = vr ? vr[1] : keyRange.end;
    out.push({ key: keyText(keyNode), keyNode, value: deref(doc, pair.value), keyRange, range: { start: keyRange.start, end: Math.max(keyRange.end, valueEnd) }, pair, merged: false });
  }
  if (merged.length) {
    const seen = new Set(out.map((e) => e.key));
    for (const e of merged) if (!seen.has(e.key)) {
      seen.add(e.key);
      out.push(e);
    }
  }
  return out;
}

/** The first entry named `key` (explicit before merged). */
export function entry(doc: Document, mapNode: unknown, key: string): MapEntry | undefined {
  return entriesOf(doc, mapNode).find((e) => e.key === key);
}

/** Converts a node to plain JS (aliases and merges resolved, cut aliases as null); undefined on failure. */
export function toJS(doc: Document, node: Node | undefined): unknown {
  if (!node) return undefined;
  if (isScalar(node)) return node.value; // the common case
  return plainValue(doc, node);
}

/** Items of a sequence node with aliases resolved. */
export function seqItems(doc: Document, node: unknown): Node[] {
  const n = deref(doc, node);
  if (!isSeq(n)) return [];
  return (n as YAMLSeq).items.map((i) => deref(doc, i)).filter((i): i is Node => i !== undefined);
}

/** A scalar's value, or undefined for non-scalars. */
export function scalarValue(doc: Document, node: unknown): unknown {
  const n = deref(doc, node);
  return isScalar(n) ? n.value : undefined;
}

/** A scalar as a string (numbers/booleans stringified), or undefined. */
export function scalarString(doc: Document, node: unknown): string | undefined {
  const v = scalarValue(doc, node);
  if (v === undefined || v === null || typeof v === 'symbol') return undefined;
  return typeof v === 'object' ? undefined : String(v);
}

/** Offset where a scalar's content starts (after an opening quote), for positions inside strings. */
export function contentStart(node: Node | undefined): number {
  if (!node?.range) return 0;
  const t = isScalar(node) ? node.type : undefined;
  return t === 'QUOTE_DOUBLE' || t === 'QUOTE_SINGLE' ? node.range[0] + 1 : node.range[0];
}
