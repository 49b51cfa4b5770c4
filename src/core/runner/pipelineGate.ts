// Before any step: the run's `ci` context (read only when the pipeline names `ci`, since it costs
// a few git calls) and the pipeline-level `if:` that can skip the whole run.
import { readCiContext, type CiContext } from '../pipeline/ci/ciContext.js';
import type { Pipeline } from '../pipeline/model.js';
import { runToolCommand } from '../process/runToolCommand.js';
import { evaluateCondition } from './pipelineApi.js';

const NAMES_CI = /(^|[^\w.-])ci\s*(\.|\[)/i;

/** True when an expression of the pipeline (or of one of its steps) reads `ci`. */
export function usesCi(pipeline: Pipeline): boolean {
  const all = [pipeline.expressions, ...pipeline.steps.map((s) => s.expressions), ...pipeline.finally.map((s) => s.expressions)];
  return all.some((list) => list.some((e) => NAMES_CI.test(e.source)));
}

/** The `ci` context for a run in `cwd`, or undefined when the pipeline never reads it. */
export async function ciForRun(pipeline: Pipeline, env: Readonly<Record<string, string | undefined>>, cwd: string, given?: CiContext): Promise<CiContext | undefined> {
  if (given) return given;
  if (!usesCi(pipeline)) return undefined;
  return readCiContext(env, cwd, (cmd) => runToolCommand(cmd));
}

/**
 * Why the run is skipped (the pipeline's `if:` is false), or undefined when it runs. Throws when the
 * condition cannot be evaluated: the run then fails to start, with that message.
 */
export function pipelineSkipReason(pipeline: Pipeline, params: Record<string, unknown>, ci: CiContext | undefined): string | undefined {
  const condition = pipeline.if?.value;
  if (condition === undefined) return undefined;
  const ctx = {
    params,
    env: pipeline.env,
    secrets: {},
    steps: {},
    matrix: {},
    run: { id: '' },
    pipeline: { status: 'running', name: pipeline.name },
    state: { failed: false, cancelled: false },
    ...(ci ? { ci } : {}),
  };
  try {
    return evaluateCondition(condition, ctx) ? undefined : `the pipeline's condition was false: ${condition}`;
  } catch (e) {
    throw new Error(`cannot evaluate the pipeline's if: ${e instanceof Error ? e.message : String(e)}`);
  }
}
