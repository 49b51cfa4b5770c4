// What `ansflow plan` prints: instances in the order they could start, each with its dependencies,
// its condition, and its `with` resolved as far as parameters allow (step outputs are not known
// before a run, so expressions that need them are shown unevaluated).
import type { Pipeline } from '../pipeline/model.js';
import type { StepType } from '../contracts/StepType.js';
import { interpolate, type ExpressionContext } from './pipelineApi.js';
import { planInstances } from './planInstances.js';
import { resolveParams } from './stepContext.js';
import { parseExpression } from '../pipeline/expressions/parseExpression.js';
import { walkExpression } from '../pipeline/expressions/walkExpression.js';
import { STATUS_FUNCTIONS } from '../pipeline/expressions/statusFunctions.js';

/** Roots whose values exist only during a run. */
const RUN_TIME_ROOTS: ReadonlySet<string> = new Set(['steps', 'secrets', 'run', 'pipeline', 'ci', 'services']);

/**
 * True when the expression reads a run-time root or calls a status function. Names are
 * case-insensitive (the parser lower-cases roots), and a word inside a string literal is no
 * reference. An expression that does not parse counts as run-time: it is left as written.
 */
function needsRun(inner: string): boolean {
  const { ast, errors } = parseExpression(inner);
  if (!ast || errors.length) return true;
  let found = false;
  walkExpression(ast, (n) => {
    if ((n.kind === 'ident' && RUN_TIME_ROOTS.has(n.name)) || (n.kind === 'call' && STATUS_FUNCTIONS.includes(n.name.toLowerCase()))) found = true;
  });
  return found;
}

/** One line of a plan. */
export interface PlannedStep {
  key: string;
  stepId: string;
  type?: string;
  /** Zero-based wave: the earliest round in which the step could start. */
  wave: number;
  needs: string[];
  condition?: string;
  with: Record<string, unknown>;
  description?: string;
  isFinally: boolean;
  executor: string;
  cached: boolean;
}

/**
 * Evaluates the `${{ }}` that can be known before a run (params, env, matrix); expressions naming
 * step outputs, secrets or the run stay as written.
 */
function resolveKnown(value: unknown, ctx: ExpressionContext): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{\{([\s\S]*?)\}\}/g, (whole, inner: string) => {
      if (needsRun(inner)) return whole;
      try {
        return interpolate(whole, ctx);
      } catch {
        return whole;
      }
    });
  }
  if (Array.isArray(value)) return value.map((v) => resolveKnown(v, ctx));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveKnown(v, ctx)]));
  return value;
}

/** The plan of a pipeline for the given parameters; `problems` lists parameter errors. */
export function planPipeline(pipeline: Pipeline, params: Record<string, unknown>, stepTypes: ReadonlyMap<string, StepType>): { steps: PlannedStep[]; params: Record<string, unknown>; problems: string[] } {
  const resolved = resolveParams(pipeline, params);
  const wave = new Map<string, number>();
  const steps = planInstances(pipeline).map((inst): PlannedStep => {
    const w = inst.deps.length ? Math.max(...inst.deps.map((d) => wave.get(d) ?? 0)) + 1 : 0;
    wave.set(inst.key, w);
    const ctx: ExpressionContext = {
      params: resolved.params,
      env: pipeline.env,
      secrets: {},
      steps: {},
      matrix: inst.matrix,
      run: { id: '<run id>' },
      pipeline: { status: 'running', name: pipeline.name },
      state: { failed: false, cancelled: false },
    };
    const withParams = resolveKnown(inst.step.with, ctx) as Record<string, unknown>;
    const type = inst.step.type ? stepTypes.get(inst.step.type) : undefined;
    return {
      key: inst.key,
      stepId: inst.step.id,
      type: inst.step.type,
      wave: w,
      needs: inst.deps,
      condition: inst.step.if?.value,
      with: withParams,
      description: type?.describe?.(withParams),
      isFinally: inst.isFinally,
      executor: (inst.step.executor ?? pipeline.defaults.executor)?.kind ?? 'local',
      cached: !!inst.step.cache,
    };
  });
  return { steps, params: resolved.params, problems: resolved.problems };
}
