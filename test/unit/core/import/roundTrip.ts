// The check every imported pipeline goes through, whatever the source format: emit the draft, read
// it back with the real parser and validator (no errors; warnings only for placeholder steps), plan
// it with the planner `ansflow plan` uses, and compare the plan's graph with the source's job graph
// (nodes, edges, matrix sizes). Then compare the text with the golden file beside the source
// (UPDATE_GOLDEN=1 rewrites it).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { ImportDraft, SourceGraph } from '../../../../src/core/import/draft.js';
import { emitDraft } from '../../../../src/core/import/emitDraft.js';
import { parsePipeline, type ParsedPipeline } from '../../../../src/core/pipeline/index.js';
import { loadBuiltinStepTypes, planPipeline } from '../../../../src/core/runner/index.js';

export interface RoundTripOptions {
  /** The expected pipeline text; compared (or written with UPDATE_GOLDEN=1). */
  golden?: string;
  /** Values for params that are required and have no default. */
  params?: Record<string, unknown>;
}

export interface RoundTrip {
  text: string;
  parsed: ParsedPipeline;
  graph: SourceGraph;
}

/** The pipeline's graph as the plan has it: one node per job (or per step outside jobs). */
async function plannedGraph(parsed: ParsedPipeline, params: Record<string, unknown>): Promise<SourceGraph> {
  const plan = planPipeline(parsed.pipeline, params, await loadBuiltinStepTypes());
  assert.deepEqual(plan.problems, [], 'the plan has no problems');
  const steps = new Map([...parsed.pipeline.steps, ...parsed.pipeline.finally].map((s) => [s.id, s]));
  const nodeOf = (stepId: string) => steps.get(stepId)?.job ?? stepId;
  const byKey = new Map(plan.steps.map((p) => [p.key, p]));
  const instances = new Map<string, Set<string>>();
  const firstStep = new Map<string, string>();
  const edges = new Set<string>();
  for (const p of plan.steps) {
    const node = nodeOf(p.stepId);
    if (!firstStep.has(node)) firstStep.set(node, p.stepId);
    if (firstStep.get(node) === p.stepId) instances.set(node, (instances.get(node) ?? new Set()).add(p.key));
    for (const need of p.needs) {
      const from = nodeOf(byKey.get(need)?.stepId ?? need);
      if (from !== node) edges.add(JSON.stringify([from, node]));
    }
  }
  return {
    nodes: [...instances].map(([id, keys]) => ({ id, matrixSize: keys.size })),
    edges: [...edges].map((e) => JSON.parse(e) as [string, string]).map(([from, to]) => ({ from, to })),
  };
}

function sorted(graph: SourceGraph): SourceGraph {
  const dedupe = [...new Set(graph.edges.map((e) => `${e.from}→${e.to}`))].sort();
  return { nodes: [...graph.nodes].sort((a, b) => a.id.localeCompare(b.id)), edges: dedupe.map((e) => ({ from: e.split('→')[0]!, to: e.split('→')[1]! })) };
}

export async function roundTrip(draft: ImportDraft, options: RoundTripOptions = {}): Promise<RoundTrip> {
  const { text, unplaced } = emitDraft(draft);
  assert.deepEqual(unplaced, [], 'every comment finds its place');
  const parsed = parsePipeline(text);
  const unexpected = parsed.diagnostics.filter((d) => d.severity === 'error' || (d.severity === 'warning' && d.code !== 'placeholder-step'));
  assert.deepEqual(unexpected.map((d) => `${d.severity} ${d.code}: ${d.message}`), [], `the imported pipeline validates:\n${text}`);
  const graph = await plannedGraph(parsed, options.params ?? {});
  assert.deepEqual(sorted(graph), sorted(draft.sourceGraph), 'the plan has the source job graph');
  if (options.golden !== undefined) {
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(options.golden, text);
    assert.ok(existsSync(options.golden), `golden ${options.golden} is missing (UPDATE_GOLDEN=1 writes it)`);
    assert.equal(text, readFileSync(options.golden, 'utf8'), `golden ${options.golden} (UPDATE_GOLDEN=1 rewrites it)`);
  }
  return { text, parsed, graph };
}
