// The graph the visual editor draws, computed on the host from one parse: every node carries what the
// webview needs (type, name, status, source range, origin template, matrix size, diagnostics count), so
// the webview never parses YAML and the text stays the only source of truth.
import type { Diagnostic, TextRange } from '../contracts/diagnostics.js';
import { buildGraph } from '../pipeline/graph/buildGraph.js';
import { expandMatrix } from '../pipeline/graph/expandMatrix.js';
import type { Job, ParsedPipeline, Pipeline, Step } from '../pipeline/model.js';

export { upstreamOf } from './upstream.js';

/**
 * What the live overlay shows on a node (the run's step statuses, plus `idle` before any run); `paused`:
 * held by a debug session, before it starts or after it failed.
 */
export type GraphNodeStatus = 'idle' | 'queued' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'waiting' | 'cancelled' | 'paused';

export interface GraphNode {
  id: string;
  /** `name:` when written, else the id. */
  name: string;
  /** Resolved type (a `uses:` step gets its template's type); null when unknown. */
  type: string | null;
  status: GraphNodeStatus;
  section: 'steps' | 'finally';
  /** The whole `id: {…}` pair, and the id alone, as offsets into the text. */
  range: TextRange;
  idRange: TextRange;
  /** The template a `uses:` step comes from (its body is edited there); `file` when it lives in an included file. */
  origin?: { template: string; file?: string };
  /** Matrix instances collapsed into this node: their count and keys. */
  matrix?: { count: number; instances: string[] };
  /** Topological layer (column); -1 for a step on a cycle. */
  layer: number;
  /** Position inside its layer, in source order. */
  order: number;
  /** Language-service diagnostics inside the step's range. */
  errors: number;
  warnings: number;
  /** First few diagnostic messages, for the badge's tooltip. */
  problems: string[];
  /** The job (`jobs.<name>.steps`) the step belongs to. */
  job?: string;
}

/** A job, drawn as a labelled box around its steps. Job names never clash with step ids. */
export interface GraphGroup {
  id: string;
  /** `name:` when written, else the job's name. */
  label: string;
  /** Its steps in written order. */
  steps: string[];
  /** Instances of a matrix job. */
  matrix?: { count: number };
  range: TextRange;
  nameRange: TextRange;
}

/** A need written with a job's name (a job's `needs`, or `needs: <job>` on a step), drawn once between the boxes. */
export interface GraphGroupEdge {
  /** A job or a step. */
  from: string;
  /** A job or a step. */
  to: string;
  /** Range of the `needs` entry. */
  range: TextRange;
}

export interface GraphModelEdge {
  from: string;
  to: string;
  /** Range of the `needs` entry in the `to` step. */
  range: TextRange;
  /** True when this edge lies on a cycle. */
  onCycle: boolean;
  /**
   * Why a need not written on `to` exists: `order`, the step written before it in its job; `job`, a
   * need written with a job's name (drawn as a group edge instead).
   */
  via?: 'order' | 'job';
}

export interface GraphModel {
  /** Pipeline name (or undefined). */
  name?: string;
  nodes: GraphNode[];
  edges: GraphModelEdge[];
  /** Step ids per layer; finally steps come in layers after every normal step. */
  layers: string[][];
  cycles: string[][];
  /** Jobs, when the pipeline has any, and the needs written with their names. */
  groups?: GraphGroup[];
  groupEdges?: GraphGroupEdge[];
}

const MAX_PROBLEMS = 3;

function inside(r: TextRange, outer: TextRange): boolean {
  return r.start >= outer.start && r.end <= outer.end;
}

function diagnosticsFor(step: Step, diagnostics: readonly Diagnostic[]): Pick<GraphNode, 'errors' | 'warnings' | 'problems'> {
  let errors = 0;
  let warnings = 0;
  const problems: string[] = [];
  for (const d of diagnostics) {
    if (!inside(d.range, step.range)) continue;
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
    else continue;
    if (problems.length < MAX_PROBLEMS) problems.push(d.message);
  }
  return { errors, warnings, problems };
}

/** The editor's graph of a parsed pipeline; `diagnostics` defaults to the parse's own. */
export function buildGraphModel(parsed: ParsedPipeline, diagnostics: readonly Diagnostic[] = parsed.diagnostics): GraphModel {
  const g = buildGraph(parsed.pipeline);
  const where = new Map<string, { layer: number; order: number }>();
  g.layers.forEach((ids, layer) => ids.forEach((id, order) => where.set(id, { layer, order })));
  const onCycle = new Set(g.cycles.flatMap((c) => c.map((id, i) => `${c[(i + 1) % c.length]}->${id}`)));
  const cyclic = new Set(g.cycles.flat());
  const seen = new Set<string>();
  const nodes: GraphNode[] = [];
  let cycleOrder = 0;
  for (const { id, step } of g.nodes) {
    // Duplicate ids are a diagnostic of their own; the graph keeps the first, as the runner does.
    if (seen.has(id)) continue;
    seen.add(id);
    const pos = where.get(id) ?? { layer: -1, order: cyclic.has(id) ? cycleOrder++ : 0 };
    const instances = step.matrix ? expandMatrix(step).map((i) => i.key) : undefined;
    nodes.push({
      id,
      name: step.name ?? id,
      type: step.type ?? null,
      status: 'idle',
      section: step.isFinally ? 'finally' : 'steps',
      range: step.range,
      idRange: step.idRange,
      ...(step.origin ? { origin: { template: step.origin.template, ...(step.origin.file ? { file: step.origin.file } : {}) } } : {}),
      ...(instances ? { matrix: { count: instances.length, instances } } : {}),
      layer: pos.layer,
      order: pos.order,
      ...diagnosticsFor(step, diagnostics),
      ...(step.job !== undefined ? { job: step.job } : {}),
    });
  }
  const jobs = parsed.pipeline.jobs ?? [];
  const byId = new Map(g.nodes.map((n) => [n.id, n.step]));
  return {
    ...(parsed.pipeline.name ? { name: parsed.pipeline.name } : {}),
    nodes,
    edges: g.edges.map((e) => {
      const via = viaOf(byId.get(e.to), e.from, jobs);
      return { from: e.from, to: e.to, range: e.range, onCycle: onCycle.has(`${e.from}->${e.to}`), ...(via ? { via } : {}) };
    }),
    layers: g.layers,
    cycles: g.cycles,
    ...(jobs.length ? { groups: jobs.map((j) => groupOf(j, byId)), groupEdges: groupEdgesOf(parsed.pipeline, byId) } : {}),
  };
}

/** Why `to` waits for `from` when it does not write it (see linkJobs). */
function viaOf(to: Step | undefined, from: string, jobs: readonly Job[]): GraphModelEdge['via'] {
  if (!to || to.needs.some((n) => n.value === from)) return undefined;
  const job = to.job !== undefined ? jobs.find((j) => j.name === to.job) : undefined;
  const written = !!to.keyRanges?.needs || to.needs.length > 0;
  if (job && !written && job.steps[job.steps.indexOf(to.id) - 1] === from) return 'order';
  return 'job';
}

function groupOf(job: Job, byId: ReadonlyMap<string, Step>): GraphGroup {
  const first = job.steps.map((id) => byId.get(id)).find((s) => s?.matrix);
  const count = job.matrix && first ? expandMatrix(first).length : undefined;
  return {
    id: job.name,
    label: job.displayName ?? job.name,
    steps: job.steps.filter((id) => byId.has(id)),
    ...(count !== undefined ? { matrix: { count } } : {}),
    range: job.range,
    nameRange: job.nameRange,
  };
}

/** Needs written with a job's name, or written on a job: one edge each, between boxes (or a box and a step). */
function groupEdgesOf(pipeline: Pipeline, byId: ReadonlyMap<string, Step>): GraphGroupEdge[] {
  const jobNames = new Set((pipeline.jobs ?? []).map((j) => j.name));
  const known = (name: string) => byId.has(name) || jobNames.has(name);
  const out: GraphGroupEdge[] = [];
  for (const job of pipeline.jobs ?? []) for (const n of job.needs) if (known(n.value) && n.value !== job.name) out.push({ from: n.value, to: job.name, range: n.range });
  for (const step of [...pipeline.steps, ...pipeline.finally]) {
    for (const n of step.needs) if (!byId.has(n.value) && jobNames.has(n.value) && n.value !== step.job) out.push({ from: n.value, to: step.id, range: n.range });
  }
  return out;
}

/** The model with the live run's statuses laid over it (steps the run does not mention stay as they were). */
export function withStatuses(model: GraphModel, statuses: Readonly<Record<string, GraphNodeStatus>>): GraphModel {
  return { ...model, nodes: model.nodes.map((n) => (statuses[n.id] ? { ...n, status: statuses[n.id]! } : n)) };
}

/** The step at a text offset (for "cursor moves highlight the node"); the innermost range wins. */
export function nodeAtOffset(model: GraphModel, offset: number): GraphNode | undefined {
  let best: GraphNode | undefined;
  for (const n of model.nodes) {
    if (n.range.start <= offset && offset <= n.range.end && (!best || n.range.end - n.range.start < best.range.end - best.range.start)) best = n;
  }
  return best;
}
