// What expressions see of jobs. Inside a matrix job, `steps.<sibling>` is the sibling's instance
// for the same matrix values (each job instance is its own chain). `jobs.<job>.outputs.<name>` is
// the job's output expression evaluated over its steps; for a matrix job it is a map keyed by the
// job instance key (`test[node=20]`), one value per instance, never "last one wins".
import { instanceKey } from '../graph/expandMatrix.js';
import { expandMatrix } from '../graph/expandMatrix.js';
import { interpolate } from '../expressions/interpolate.js';
import type { ExpressionContext } from '../expressions/ExpressionContext.js';
import type { Job, Pipeline } from '../model.js';

type Steps = ExpressionContext['steps'];
type Values = Record<string, string | number | boolean>;

/** `steps` as a step of `job` sees it in the instance with matrix `values`. */
export function jobScopedSteps(job: Job | undefined, values: Values, steps: Steps): Steps {
  if (!job?.matrix || !Object.keys(values).length) return steps;
  const scoped: Steps = { ...steps };
  for (const id of job.steps) {
    const own = steps[instanceKey(id, values)];
    if (own) scoped[id] = own;
    else delete scoped[id];
  }
  return scoped;
}

function evaluateOutputs(job: Job, ctx: ExpressionContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, expr] of Object.entries(job.outputs)) {
    try {
      out[name] = interpolate(expr, ctx);
    } catch {
      out[name] = '';
    }
  }
  return out;
}

/** The `jobs` context: each job with declared outputs, evaluated over the steps that have ended. */
export function jobsContext(pipeline: Pipeline, ctx: ExpressionContext): NonNullable<ExpressionContext['jobs']> {
  const out: NonNullable<ExpressionContext['jobs']> = {};
  for (const job of pipeline.jobs ?? []) {
    if (!Object.keys(job.outputs).length) continue;
    const first = pipeline.steps.find((s) => s.id === job.steps[0]);
    if (!job.matrix || !first) {
      out[job.name] = { outputs: evaluateOutputs(job, ctx) };
      continue;
    }
    const perInstance: Record<string, Record<string, string>> = {};
    for (const inst of expandMatrix(first)) perInstance[instanceKey(job.name, inst.values)] = evaluateOutputs(job, { ...ctx, steps: jobScopedSteps(job, inst.values, ctx.steps) });
    const outputs: Record<string, Record<string, string>> = {};
    for (const name of Object.keys(job.outputs)) outputs[name] = Object.fromEntries(Object.entries(perInstance).map(([k, v]) => [k, v[name]!]));
    out[job.name] = { outputs };
  }
  return out;
}
