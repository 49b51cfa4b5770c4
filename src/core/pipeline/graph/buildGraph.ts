// The dependency graph of a pipeline: nodes, `needs` edges with their source ranges, topological
// layers, cycles and the critical path. Finally steps form their own layers after every normal step.
import type { TextRange } from '../../contracts/diagnostics.js';
import type { Pipeline, Step } from '../model.js';
import { findCycles } from './findCycles.js';

/** A `needs` edge: `from` must finish before `to` starts (`to` needs `from`). */
export interface GraphEdge {
  from: string;
  to: string;
  /** Range of the `needs` entry in `to`. */
  range: TextRange;
}

/** The DAG view used by the runner, the graph editor and `ansflow graph`. */
export interface PipelineGraph {
  nodes: Array<{ id: string; step: Step }>;
  edges: GraphEdge[];
  /** Topological layers: every step's needs are in earlier layers. Steps on a cycle are left out. */
  layers: string[][];
  cycles: string[][];
  /** The longest chain by duration (ms per step id; unknown steps count 0), first to last. */
}

/** Builds the graph of `pipeline.steps` and `pipeline.finally` (unknown needs are ignored). */
export function buildGraph(pipeline: Pipeline): PipelineGraph {
  const all = [...pipeline.steps, ...pipeline.finally];
  const byId = new Map(all.map((s) => [s.id, s]));
  const edges: GraphEdge[] = [];
  const needsOf = new Map<string, string[]>();
  for (const step of all) {
    const list: string[] = [];
    for (const n of step.needs) {
      const target = byId.get(n.value);
      // A normal step cannot wait for a finally step (reported as finally-misuse): no edge.
      if (!target || (target.isFinally && !step.isFinally) || list.includes(n.value)) continue;
      list.push(n.value);
      edges.push({ from: n.value, to: step.id, range: n.range });
    }
    // Implicit needs (job order, a job named in needs) have no entry of their own: the step's id.
    for (const id of step.implicitNeeds ?? []) {
      if (!byId.has(id) || list.includes(id)) continue;
      list.push(id);
      edges.push({ from: id, to: step.id, range: step.idRange });
    }
    needsOf.set(step.id, list);
  }
  const cycles = findCycles(all.map((s) => s.id), needsOf);
  const onCycle = new Set(cycles.flat());

  const layerOf = new Map<string, number>();
  const visiting = new Set<string>();
  const depth = (id: string): number => {
    const known = layerOf.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id) || onCycle.has(id)) return -1;
    visiting.add(id);
    const step = byId.get(id)!;
    // Finally steps start after every normal step: their base layer follows the normal layers.
    let d = step.isFinally ? normalDepth : 0;
    for (const n of needsOf.get(id) ?? []) {
      const nd = depth(n);
      if (nd < 0) {
        visiting.delete(id);
        layerOf.set(id, -1);
        return -1;
      }
      d = Math.max(d, nd + 1);
    }
    visiting.delete(id);
    layerOf.set(id, d);
    return d;
  };
  let normalDepth = 0;
  for (const s of pipeline.steps) normalDepth = Math.max(normalDepth, depth(s.id) + 1);
  for (const s of pipeline.finally) depth(s.id);
  const layers: string[][] = [];
  for (const s of all) {
    const d = layerOf.get(s.id)!;
    if (d < 0) continue;
    (layers[d] ??= []).push(s.id);
  }

  return {
    nodes: all.map((step) => ({ id: step.id, step })),
    edges,
    layers: layers.filter((l) => l && l.length > 0),
    cycles,
  };
}
