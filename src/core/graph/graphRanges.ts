// A model's text ranges as one flat array, in model order: what a graph patch leaves out (an edit shifts the
// offsets of every step after it) travels beside it this way, so a copy kept up to date by patches still
// knows where each step is written. A typed array crosses a thread as one copy, not an object per range.
import type { TextRange } from '../contracts/diagnostics.js';
import type { GraphModel } from './graphModel.js';

/** Numbers per item: nodes (range, idRange), edges (range), groups (range, nameRange), group edges (range). */
const NODE = 4;
const EDGE = 2;
const GROUP = 4;

/** The ranges of `model`: nodes, then edges, groups and group edges, each as start/end pairs. */
export function graphRanges(model: GraphModel): Int32Array {
  const groups = model.groups ?? [];
  const groupEdges = model.groupEdges ?? [];
  const out = new Int32Array(model.nodes.length * NODE + model.edges.length * EDGE + groups.length * GROUP + groupEdges.length * EDGE);
  let i = 0;
  const put = (r: TextRange) => {
    out[i++] = r.start;
    out[i++] = r.end;
  };
  for (const n of model.nodes) {
    put(n.range);
    put(n.idRange);
  }
  for (const e of model.edges) put(e.range);
  for (const g of groups) {
    put(g.range);
    put(g.nameRange);
  }
  for (const e of groupEdges) put(e.range);
  return out;
}

/** `model` with the ranges of {@link graphRanges} of the same shape; undefined when the shapes differ. */
export function withGraphRanges(model: GraphModel, ranges: Int32Array): GraphModel | undefined {
  const groups = model.groups ?? [];
  const groupEdges = model.groupEdges ?? [];
  if (ranges.length !== model.nodes.length * NODE + model.edges.length * EDGE + groups.length * GROUP + groupEdges.length * EDGE) return undefined;
  let i = 0;
  const take = (): TextRange => {
    const start = ranges[i++]!;
    return { start, end: ranges[i++]! };
  };
  const next: GraphModel = {
    ...model,
    nodes: model.nodes.map((n) => ({ ...n, range: take(), idRange: take() })),
    edges: model.edges.map((e) => ({ ...e, range: take() })),
  };
  if (model.groups) next.groups = model.groups.map((g) => ({ ...g, range: take(), nameRange: take() }));
  if (model.groupEdges) next.groupEdges = model.groupEdges.map((e) => ({ ...e, range: take() }));
  return next;
}
