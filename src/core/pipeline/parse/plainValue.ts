// A node as plain JS, like yaml's `toJS` (maps as objects, merge keys applied, an anchored node's
// value shared by its aliases) but following aliases through the budgeted table of aliasBudget.ts:
// yaml's own `toJS` re-visits the whole document on each call that meets an alias and counts its
// limit per call, so it is quadratic on long pipelines and cannot see the document-wide budget.
// Deliberate differences, both for input the schema rejects anyway: a cut alias or a merge source
// that is not a mapping reads as empty instead of throwing, and a collection used as a key becomes
// its JSON text instead of yaml's flow text.
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';
import { resolveAlias } from './aliasBudget.js';

function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  const v = key.value;
  if (typeof v === 'symbol') return v.description === '<<';
  return v === '<<' && (!key.type || key.type === 'PLAIN');
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty, not assignment: a `__proto__` key must stay data, never a prototype.
  if (key in target) Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

/**
 * The plain value of `node` within `doc`; see the file comment for how it differs from yaml's. Map
 * pairs in `omit` are left out (the schema check skips steps it already found clean; only for
 * documents without aliases or merge keys, where leaving a pair out changes nothing else).
 */
export function plainValue(doc: Document, node: unknown, omit?: ReadonlySet<object>): unknown {
  const shared = new Map<unknown, unknown>();
  const follow = (n: unknown): unknown => (isAlias(n) ? resolveAlias(doc, n) : n);

  const mergeInto = (target: Record<string, unknown>, value: unknown): void => {
    const src = follow(value);
    const sources = isSeq(src) ? src.items.map(follow) : [src];
    for (const s of sources) {
      if (!isMap(s)) continue;
      const v = conv(s) as Record<string, unknown>;
      for (const k of Object.keys(v)) if (!Object.prototype.hasOwnProperty.call(target, k)) Object.defineProperty(target, k, { value: v[k], writable: true, enumerable: true, configurable: true });
    }
  };

  const conv = (n0: unknown): unknown => {
    if (n0 === null || n0 === undefined) return null;
    if (isAlias(n0)) {
      const target = resolveAlias(doc, n0);
      return target ? conv(target) : null;
    }
    const n = n0 as Node;
    if (isScalar(n)) return n.value;
    if (shared.has(n)) return shared.get(n);
    const anchored = !!(n as { anchor?: string }).anchor;
    if (isSeq(n)) {
      const out: unknown[] = [];
      if (anchored) shared.set(n, out);
      for (const item of n.items) out.push(conv(item));
      return out;
    }
    if (isMap(n)) {
      const out: Record<string, unknown> = {};
      if (anchored) shared.set(n, out);
      for (const pair of n.items as Pair[]) {
        if (omit?.has(pair)) continue;
        if (isMergeKey(pair.key)) {
          mergeInto(out, pair.value);
          continue;
        }
        const k = conv(pair.key);
        const key = k === null ? '' : typeof k === 'object' ? JSON.stringify(k) : String(k);
        define(out, key, conv(pair.value));
      }
      return out;
    }
    return n0;
  };

  try {
    return conv(node);
  } catch {
    return undefined;
  }
}
