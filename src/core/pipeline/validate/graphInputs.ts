// What the graph-level checks (expression references, needs cycles) read of a pipeline besides one step's
// own text, as one string: an editor's step cache reuses a step's findings while its text and this string
// are unchanged (a keystroke in a script changes neither). A name left out here is a stale diagnostic.
import type { Pipeline, Step } from '../model.js';

const names = (o: Record<string, unknown>): string[] => Object.keys(o);

/**
 * For each step, `steps` and `finally` apart (a step's section): its id, written and implicit needs, output
 * names and matrix keys; the pipeline's params, secrets and template names; each job's name, output names,
 * steps and needs. Order is kept: suggestions and spellings pick the first match. (Implicit needs, matrix
 * keys from a job and the jobs' part matter once pipelines with jobs are read through the cache, which
 * parse/readPipeline.ts does not do today.)
 */
export function graphInputs(pipeline: Pipeline): string {
  const step = (s: Step): unknown[] => [s.id, s.needs.map((n) => n.value), s.implicitNeeds ?? null, names(s.outputs), s.matrix ? (s.matrixKeys ?? []) : null];
  return JSON.stringify([
    pipeline.params.map((p) => p.name),
    pipeline.secrets.map((s) => s.name),
    pipeline.templates.map((t) => t.name),
    (pipeline.jobs ?? []).map((j) => [j.name, names(j.outputs), j.steps, j.needs.map((n) => n.value)]),
    pipeline.steps.map(step),
    pipeline.finally.map(step),
  ]);
}
