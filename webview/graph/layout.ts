// Layout for the graph editor. A quick column layout from the host's layers draws at once; ELK's layered
// layout (in a worker) then refines it. The host's layers are pinned as ELK partitions (one component, so a
// lone step stays in its layer) and ELK weighs source order, so a small edit leaves other steps in place.
import ELK from 'elkjs/lib/elk-api.js';
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import type { GraphModel } from '../shared/graphMessages.js';

export const NODE_W = 184;
export const NODE_H = 56;
const GAP_X = 72;
const GAP_Y = 22;

export interface Point {
  x: number;
  y: number;
}

/** Left to right in wide panes, top to bottom in tall ones (an editor split beside the text). */
export type Direction = 'RIGHT' | 'DOWN';

/** Where a node's edges leave (its port) and arrive. */
export function portOut(p: Point, dir: Direction): Point {
  return dir === 'DOWN' ? { x: p.x + NODE_W / 2, y: p.y + NODE_H } : { x: p.x + NODE_W, y: p.y + NODE_H / 2 };
}

export function portIn(p: Point, dir: Direction): Point {
  return dir === 'DOWN' ? { x: p.x + NODE_W / 2, y: p.y } : { x: p.x, y: p.y + NODE_H / 2 };
}

export interface Layout {
  nodes: Record<string, Point>;
  /** Edge key `from>to` → polyline points (start, bends, end). */
  edges: Record<string, Point[]>;
  width: number;
  height: number;
  engine: 'columns' | 'elk';
  dir: Direction;
}

/** Layer of a node for layout; steps on a cycle go into one column after the rest. */
function columnOf(model: GraphModel): (id: string) => number {
  const last = model.layers.length;
  const byId = new Map(model.nodes.map((n) => [n.id, n.layer]));
  return (id) => {
    const l = byId.get(id) ?? -1;
    return l < 0 ? last : l;
  };
}

/** Columns (or rows, top to bottom) by layer, order within: instant and stable. */
export function columnLayout(model: GraphModel, dir: Direction = 'RIGHT'): Layout {
  const col = columnOf(model);
  const rows = new Map<number, number>();
  const nodes: Record<string, Point> = {};
  let width = 0;
  let height = 0;
  for (const n of model.nodes) {
    const c = col(n.id);
    const r = rows.get(c) ?? 0;
    rows.set(c, r + 1);
    nodes[n.id] = dir === 'DOWN' ? { x: r * (NODE_W + GAP_Y), y: c * (NODE_H + GAP_X) } : { x: c * (NODE_W + GAP_X), y: r * (NODE_H + GAP_Y) };
    width = Math.max(width, nodes[n.id]!.x + NODE_W);
    height = Math.max(height, nodes[n.id]!.y + NODE_H);
  }
  const edges: Record<string, Point[]> = {};
  for (const e of model.edges) if (nodes[e.from] && nodes[e.to]) edges[`${e.from}>${e.to}`] = [portOut(nodes[e.from]!, dir), portIn(nodes[e.to]!, dir)];
  return { nodes, edges, width, height, engine: 'columns', dir };
}

/** The ELK input for a model. */
export function elkInput(model: GraphModel, dir: Direction = 'RIGHT'): ElkNode {
  const col = columnOf(model);
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': dir,
      'elk.partitioning.activate': 'true',
      // One component: otherwise unconnected steps (a lone finally step) are laid out apart, outside their layer.
      'elk.separateConnectedComponents': 'false',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.layered.spacing.nodeNodeBetweenLayers': String(GAP_X),
      'elk.spacing.nodeNode': String(GAP_Y),
      'elk.edgeRouting': 'ORTHOGONAL',
    },
    children: model.nodes.map((n) => ({ id: n.id, width: NODE_W, height: NODE_H, layoutOptions: { 'elk.partitioning.partition': String(col(n.id)) } })),
    edges: model.edges.map((e) => ({ id: `${e.from}>${e.to}`, sources: [e.from], targets: [e.to] })),
  };
}

/** Reads ELK's answer into a {@link Layout}. */
export function fromElk(out: ElkNode, dir: Direction = 'RIGHT'): Layout {
  const nodes: Record<string, Point> = {};
  for (const c of out.children ?? []) nodes[c.id] = { x: c.x ?? 0, y: c.y ?? 0 };
  const edges: Record<string, Point[]> = {};
  for (const e of out.edges ?? []) {
    const s = e.sections?.[0];
    if (s) edges[e.id] = [s.startPoint, ...(s.bendPoints ?? []), s.endPoint];
  }
  return { nodes, edges, width: out.width ?? 0, height: out.height ?? 0, engine: 'elk', dir };
}

/** An ELK instance whose work runs in a worker built from `workerUrl` (a blob: URL, so the CSP can stay strict). */
export function createElk(workerUrl: string): InstanceType<typeof ELK> {
  return new ELK({ workerFactory: () => new Worker(workerUrl) as never });
}

/** Fetches the worker bundle and returns a blob: URL for it (webview resources are another origin). */
export async function workerBlobUrl(scriptUrl: string): Promise<string> {
  const res = await fetch(scriptUrl);
  if (!res.ok) throw new Error(`layout worker: HTTP ${res.status}`);
  return URL.createObjectURL(new Blob([await res.text()], { type: 'text/javascript' }));
}

/**
 * The previous layout carried over an edit: steps that kept their layer keep their place (and edges
 * between them their route); a new step, or one whose layer changed, goes to the end of its layer's
 * column; new edges are drawn port to port. Undefined when too much changed for that to read well (the
 * caller lays everything out again), or when the direction changed.
 */
export function incrementalLayout(prev: Layout, before: GraphModel, after: GraphModel, dir: Direction): Layout | undefined {
  if (prev.dir !== dir) return undefined;
  const oldLayer = new Map(before.nodes.map((n) => [n.id, n.layer]));
  const colAfter = columnOf(after);
  const colBefore = columnOf(before);
  const main = (p: Point) => (dir === 'DOWN' ? p.y : p.x);
  const cross = (p: Point) => (dir === 'DOWN' ? p.x : p.y);
  const nodes: Record<string, Point> = {};
  const placed: string[] = [];
  // Where each column sits on the main axis and where its next free slot is on the cross axis.
  const colMain = new Map<number, number>();
  const colEnd = new Map<number, number>();
  for (const n of after.nodes) {
    const p = prev.nodes[n.id];
    if (!p || oldLayer.get(n.id) !== n.layer) {
      placed.push(n.id);
      continue;
    }
    nodes[n.id] = p;
    const c = colBefore(n.id);
    colMain.set(c, Math.min(colMain.get(c) ?? Infinity, main(p)));
    colEnd.set(c, Math.max(colEnd.get(c) ?? 0, cross(p) + (dir === 'DOWN' ? NODE_W : NODE_H) + GAP_Y));
  }
  // Small graphs lay out fast anyway; in big ones a tenth of the steps moving is no longer a small edit.
  if (placed.length > Math.max(2, after.nodes.length / 10) || (placed.length > 0 && placed.length === after.nodes.length)) return undefined;
  const step = (dir === 'DOWN' ? NODE_H : NODE_W) + GAP_X;
  for (const id of placed) {
    const c = colAfter(id);
    // A column nobody kept: after the furthest known one, one step per layer.
    let m = colMain.get(c);
    if (m === undefined) {
      const known = [...colMain].filter(([k]) => k < c).sort((a, b) => b[0] - a[0])[0];
      m = known ? known[1] + (c - known[0]) * step : c * step;
      colMain.set(c, m);
    }
    const x = colEnd.get(c) ?? 0;
    colEnd.set(c, x + (dir === 'DOWN' ? NODE_W : NODE_H) + GAP_Y);
    nodes[id] = dir === 'DOWN' ? { x, y: m } : { x: m, y: x };
  }
  const moved = new Set(placed);
  const edges: Record<string, Point[]> = {};
  for (const e of after.edges) {
    const key = `${e.from}>${e.to}`;
    const a = nodes[e.from];
    const b = nodes[e.to];
    if (!a || !b) continue;
    const kept = prev.edges[key];
    edges[key] = kept && !moved.has(e.from) && !moved.has(e.to) ? kept : [portOut(a, dir), portIn(b, dir)];
  }
  let width = 0;
  let height = 0;
  for (const p of Object.values(nodes)) {
    width = Math.max(width, p.x + NODE_W);
    height = Math.max(height, p.y + NODE_H);
  }
  return { nodes, edges, width: Math.max(width, prev.width), height: Math.max(height, prev.height), engine: prev.engine, dir };
}
