// Layout for the graph editor. A quick column layout from the host's layers draws at once; ELK's layered
// layout (in a worker) then refines it. The host's layers are pinned as ELK partitions (one component, so a
// lone step stays in its layer) and ELK weighs source order, so a small edit leaves other steps in place.
// Jobs are boxes around their steps: ELK lays them out as compound nodes; the quick layout gives each job
// a lane of its own so boxes never overlap.
import ELK from 'elkjs/lib/elk-api.js';
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import type { GraphModel, GraphModelEdge } from '../shared/graphMessages.js';

export const NODE_W = 184;
export const NODE_H = 56;
const GAP_X = 72;
const GAP_Y = 22;
/** Room inside a job's box: around its steps, and above them for the label. */
const GROUP_PAD = 12;
const GROUP_TOP = 30;

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

export interface Box extends Point {
  width: number;
  height: number;
}

/** The ELK id of a job's box (':' never occurs in a step id). */
const groupKey = (id: string) => `job:${id}`;

export interface Layout {
  nodes: Record<string, Point>;
  /** Job id → its box. */
  groups?: Record<string, Box>;
  /** Edge key `from>to` → polyline points (start, bends, end). */
  edges: Record<string, Point[]>;
  width: number;
  height: number;
  engine: 'columns' | 'elk';
  dir: Direction;
}

/** An edge drawn on the canvas: written needs, job order, and needs written with a job's name (once, between boxes). */
export type DrawnEdge = Pick<GraphModelEdge, 'from' | 'to'> & { onCycle?: boolean; group?: boolean };

/** What the canvas draws and ELK routes: step edges that a group edge stands for are left out. */
export function drawnEdges(model: GraphModel): DrawnEdge[] {
  if (!model.groups?.length) return model.edges;
  return [...model.edges.filter((e) => e.via !== 'job'), ...(model.groupEdges ?? []).map((e) => ({ from: e.from, to: e.to, group: true }))];
}

/** Where an edge end sits: a step's box, else a job's box. */
export function endBox(layout: Layout, id: string): Box | undefined {
  const p = layout.nodes[id];
  return p ? { ...p, width: NODE_W, height: NODE_H } : layout.groups?.[id];
}

/** A straight edge from one box's out side to the other's in side (before ELK routes it). */
export function portToPort(layout: Layout, from: string, to: string): Point[] | undefined {
  const a = endBox(layout, from);
  const b = endBox(layout, to);
  if (!a || !b) return undefined;
  return layout.dir === 'DOWN'
    ? [{ x: a.x + a.width / 2, y: a.y + a.height }, { x: b.x + b.width / 2, y: b.y }]
    : [{ x: a.x + a.width, y: a.y + a.height / 2 }, { x: b.x, y: b.y + b.height / 2 }];
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
  if (model.groups?.length) return laneLayout(model, dir);
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

/**
 * Columns by layer as {@link columnLayout}, with the steps outside jobs in the first lane and each job in
 * a lane of its own after it, boxed.
 */
function laneLayout(model: GraphModel, dir: Direction): Layout {
  const col = columnOf(model);
  const lanes = [undefined, ...model.groups!.map((g) => g.id)];
  const laneOf = new Map(lanes.map((id, i) => [id, i]));
  // Rows used per lane and column, then each lane's start on the cross axis.
  const rowOf = new Map<string, number>();
  const used = new Map<string, number>();
  const depth = new Array<number>(lanes.length).fill(0);
  for (const n of model.nodes) {
    const lane = laneOf.get(n.job) ?? 0;
    const k = `${lane}:${col(n.id)}`;
    const r = used.get(k) ?? 0;
    used.set(k, r + 1);
    rowOf.set(n.id, r);
    depth[lane] = Math.max(depth[lane]!, r + 1);
  }
  const cross = dir === 'DOWN' ? NODE_W : NODE_H;
  const step = (dir === 'DOWN' ? NODE_H : NODE_W) + GAP_X;
  const laneStart: number[] = [];
  let at = 0;
  lanes.forEach((id, i) => {
    if (!depth[i]) return;
    laneStart[i] = at + (id === undefined ? 0 : GROUP_TOP);
    at = laneStart[i]! + depth[i]! * (cross + GAP_Y) - GAP_Y + (id === undefined ? GAP_Y : GROUP_PAD + GAP_Y);
  });
  const nodes: Record<string, Point> = {};
  const groups: Record<string, Box> = {};
  let width = 0;
  let height = 0;
  for (const n of model.nodes) {
    const lane = laneOf.get(n.job) ?? 0;
    const main = col(n.id) * step + GROUP_PAD;
    const c = laneStart[lane]! + rowOf.get(n.id)! * (cross + GAP_Y);
    const p = dir === 'DOWN' ? { x: c, y: main } : { x: main, y: c };
    nodes[n.id] = p;
    width = Math.max(width, p.x + NODE_W + GROUP_PAD);
    height = Math.max(height, p.y + NODE_H + GROUP_PAD);
  }
  for (const g of model.groups!) {
    const box = boxAround(g.steps.map((id) => nodes[id]).filter((p): p is Point => p !== undefined));
    if (box) groups[g.id] = box;
  }
  const layout: Layout = { nodes, groups, edges: {}, width, height, engine: 'columns', dir };
  for (const e of drawnEdges(model)) {
    const pts = portToPort(layout, e.from, e.to);
    if (pts) layout.edges[`${e.from}>${e.to}`] = pts;
  }
  return layout;
}

/** A job's box around its steps' positions, with room for its label. */
function boxAround(points: Point[]): Box | undefined {
  if (!points.length) return undefined;
  const x0 = Math.min(...points.map((p) => p.x)) - GROUP_PAD;
  const y0 = Math.min(...points.map((p) => p.y)) - GROUP_TOP;
  const x1 = Math.max(...points.map((p) => p.x + NODE_W)) + GROUP_PAD;
  const y1 = Math.max(...points.map((p) => p.y + NODE_H)) + GROUP_PAD;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** The ELK input for a model. */
export function elkInput(model: GraphModel, dir: Direction = 'RIGHT'): ElkNode {
  const col = columnOf(model);
  const leaf = (n: GraphModel['nodes'][number]): ElkNode => ({ id: n.id, width: NODE_W, height: NODE_H, layoutOptions: { 'elk.partitioning.partition': String(col(n.id)) } });
  const grouped = model.groups?.length ? model.groups : undefined;
  const endId = (id: string) => (grouped?.some((g) => g.id === id) ? groupKey(id) : id);
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
      // Edges into and out of a job's box are laid out with the steps inside it.
      ...(grouped ? { 'elk.hierarchyHandling': 'INCLUDE_CHILDREN' } : {}),
    },
    children: grouped
      ? [
          ...model.nodes.filter((n) => n.job === undefined || !grouped.some((g) => g.id === n.job)).map(leaf),
          ...grouped.map((g) => ({
            id: groupKey(g.id),
            layoutOptions: {
              'elk.padding': `[top=${GROUP_TOP},left=${GROUP_PAD},bottom=${GROUP_PAD},right=${GROUP_PAD}]`,
              // Spacing is set per level: inside a box as between the boxes.
              'elk.layered.spacing.nodeNodeBetweenLayers': String(GAP_X),
              'elk.spacing.nodeNode': String(GAP_Y),
            },
            children: model.nodes.filter((n) => n.job === g.id).map(leaf),
          })),
        ]
      : model.nodes.map(leaf),
    edges: drawnEdges(model).map((e) => ({ id: `${e.from}>${e.to}`, sources: [endId(e.from)], targets: [endId(e.to)] })),
  };
}

/** Reads ELK's answer into a {@link Layout}: positions made absolute (a job's steps and edges are relative to its box). */
export function fromElk(out: ElkNode, dir: Direction = 'RIGHT'): Layout {
  const nodes: Record<string, Point> = {};
  const groups: Record<string, Box> = {};
  const origin = new Map<string, Point>([[out.id, { x: 0, y: 0 }]]);
  for (const c of out.children ?? []) {
    const p = { x: c.x ?? 0, y: c.y ?? 0 };
    if (!c.id.startsWith('job:')) {
      nodes[c.id] = p;
      continue;
    }
    origin.set(c.id, p);
    groups[c.id.slice(4)] = { ...p, width: c.width ?? 0, height: c.height ?? 0 };
    for (const k of c.children ?? []) nodes[k.id] = { x: p.x + (k.x ?? 0), y: p.y + (k.y ?? 0) };
  }
  const edges: Record<string, Point[]> = {};
  for (const e of out.edges ?? []) {
    const s = e.sections?.[0];
    if (!s) continue;
    const o = origin.get((e as { container?: string }).container ?? out.id) ?? { x: 0, y: 0 };
    edges[e.id] = [s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map((q) => ({ x: q.x + o.x, y: q.y + o.y }));
  }
  return { nodes, ...(Object.keys(groups).length ? { groups } : {}), edges, width: out.width ?? 0, height: out.height ?? 0, engine: 'elk', dir };
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
  // A job's box would have to grow around a step placed at the end of a column: jobs are laid out again.
  if (prev.dir !== dir || before.groups?.length || after.groups?.length) return undefined;
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
