// What changed between two graph models, so the host sends a small edit's few nodes and edges instead of
// the whole model (a thousand-step model is hundreds of kilobytes to serialise, post and validate).
// Text ranges are left out of the comparison: an edit shifts the offsets of every step after it, and the
// webview never reads them (the host keeps its own model for cursor and reveal), so its copy's ranges
// are those of the version each node last changed in.
import type { GraphGroup, GraphGroupEdge, GraphModel, GraphModelEdge, GraphNode } from './graphModel.js';

export interface GraphPatch {
  /** Ids of nodes to drop, then nodes to put in: at `at` (index in the new list) when new, in place when changed. */
  removedNodes: string[];
  nodes: Array<{ at: number; node: GraphNode }>;
  /** Edges by `from>to`, the same way. */
  removedEdges: string[];
  edges: Array<{ at: number; edge: GraphModelEdge }>;
  /** Whole fields that changed; null for one that is gone. */
  set: { name?: string | null; layers?: string[][]; cycles?: string[][]; groups?: GraphGroup[] | null; groupEdges?: GraphGroupEdge[] | null };
}

/** Above this share of changed nodes the whole model is sent instead. */
const SMALL = 0.2;

const edgeKey = (e: Pick<GraphModelEdge, 'from' | 'to'>) => `${e.from}>${e.to}`;

const RANGE_KEYS = new Set(['range', 'idRange', 'nameRange']);

/**
 * Equal for drawing: the same JSON once text ranges (`range`, `idRange`, `nameRange`) are left out, key
 * order aside. Compared in place: serialising every node of a thousand-step model twice per edit took
 * most of the patch's time.
 */
function sameDrawn(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameDrawn(a[i] ?? null, b[i] ?? null)) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const k in x) {
    if (RANGE_KEYS.has(k) || x[k] === undefined) continue;
    count++;
    if (!(k in y) || !sameDrawn(x[k], y[k])) return false;
  }
  for (const k in y) if (!RANGE_KEYS.has(k) && y[k] !== undefined) count--;
  return count === 0;
}

/**
 * Removals and insertions by key that turn `before` into `after`, keeping its order; undefined when the
 * kept items changed their relative order or too much changed.
 */
function listPatch<T>(before: readonly T[], after: readonly T[], key: (x: T) => string, limit: number): { removed: string[]; put: Array<{ at: number; item: T }> } | undefined {
  const old = new Map(before.map((x) => [key(x), x]));
  const now = new Set(after.map(key));
  const removed = before.map(key).filter((k) => !now.has(k));
  const kept = before.map(key).filter((k) => now.has(k));
  const put: Array<{ at: number; item: T }> = [];
  let i = 0;
  for (let at = 0; at < after.length; at++) {
    const item = after[at]!;
    const k = key(item);
    const was = old.get(k);
    if (was === undefined) {
      put.push({ at, item });
      continue;
    }
    if (kept[i++] !== k) return undefined;
    if (!sameDrawn(was, item)) put.push({ at, item });
    if (put.length + removed.length > limit) return undefined;
  }
  return put.length + removed.length > limit ? undefined : { removed, put };
}

/** The patch from `before` to `after`, or undefined when sending `after` whole is the better choice. */
export function graphPatch(before: GraphModel, after: GraphModel): GraphPatch | undefined {
  const limit = Math.max(8, Math.ceil(after.nodes.length * SMALL));
  const nodes = listPatch(before.nodes, after.nodes, (n) => n.id, limit);
  const edges = nodes && listPatch(before.edges, after.edges, edgeKey, limit * 2);
  if (!nodes || !edges) return undefined;
  const set: GraphPatch['set'] = {};
  for (const k of ['name', 'layers', 'cycles', 'groups', 'groupEdges'] as const) {
    if (!sameDrawn(before[k] ?? null, after[k] ?? null)) (set as Record<string, unknown>)[k] = after[k] ?? null;
  }
  return {
    removedNodes: nodes.removed,
    nodes: nodes.put.map(({ at, item }) => ({ at, node: item })),
    removedEdges: edges.removed,
    edges: edges.put.map(({ at, item }) => ({ at, edge: item })),
    set,
  };
}

function applyList<T>(list: readonly T[], key: (x: T) => string, removed: readonly string[], put: ReadonlyArray<{ at: number; item: T }>): T[] {
  const gone = new Set(removed);
  const byKey = new Map(put.map((p) => [key(p.item), p.item]));
  const out = list.filter((x) => !gone.has(key(x))).map((x) => byKey.get(key(x)) ?? x);
  const present = new Set(out.map(key));
  // New items go in ascending order of their final index, so each lands where it is in the new list.
  for (const p of [...put].sort((a, b) => a.at - b.at)) if (!present.has(key(p.item))) out.splice(p.at, 0, p.item);
  return out;
}

/** `model` with `patch` applied (a new object; `model` is left as it was). */
export function applyGraphPatch(model: GraphModel, patch: GraphPatch): GraphModel {
  const next: GraphModel = {
    ...model,
    nodes: applyList(model.nodes, (n) => n.id, patch.removedNodes, patch.nodes.map((p) => ({ at: p.at, item: p.node }))),
    edges: applyList(model.edges, edgeKey, patch.removedEdges, patch.edges.map((p) => ({ at: p.at, item: p.edge }))),
  };
  for (const [k, v] of Object.entries(patch.set)) {
    if (v === null || v === undefined) delete (next as unknown as Record<string, unknown>)[k];
    else (next as unknown as Record<string, unknown>)[k] = v;
  }
  return next;
}
