// `${{ services.<name>.host }}`, `.port` and `.ports['<port>']`: known only once the services run
// (a local step's port is the one the engine published), so the `with` values and `env:` entries that
// read them are evaluated again at that point. Before, the context has no services and they read empty.
import type { StepContext, StepType } from '../../contracts/StepType.js';
import type { ExpressionContext } from '../../pipeline/expressions/ExpressionContext.js';
import { interpolate } from '../pipelineApi.js';
import type { Step } from '../../pipeline/model.js';
import { interpolateWith } from '../interpolateWith.js';
import type { ServiceEndpoint } from './servicePlan.js';

/** What the re-evaluation reads: the instance's expression context and the step as written. */
export interface ServicesExpressionInput {
  ctx: ExpressionContext;
  step: Pick<Step, 'with' | 'env'>;
  pipelineEnv: Record<string, string>;
  /** Where values for scripts are written (the run's output folder), as for the first evaluation. */
  outputDir: string;
  shell?: string;
}

const READS_SERVICES = /\bservices\s*[.[]/;

function readsServices(v: unknown): boolean {
  return READS_SERVICES.test(typeof v === 'string' ? v : JSON.stringify(v) ?? '');
}

/** Puts `endpoints` into the expression context and re-evaluates the `with` values and env entries reading `services`. */
export function applyServicesContext(type: StepType, ctx: StepContext, input: ServicesExpressionInput, endpoints: Record<string, ServiceEndpoint>): void {
  input.ctx.services = endpoints;
  const expr: ExpressionContext = { ...input.ctx, env: ctx.env };
  for (const [k, v] of Object.entries({ ...input.pipelineEnv, ...input.step.env })) {
    if (readsServices(v)) ctx.env[k] = interpolate(String(v), expr);
  }
  if (readsServices(input.step.with)) {
    const again = interpolateWith(type, input.step.with, expr, input.outputDir, input.shell);
    ctx.with = again.with;
    Object.assign(ctx.env, again.injected?.env);
  }
}
