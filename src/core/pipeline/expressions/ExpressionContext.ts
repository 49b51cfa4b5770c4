// The values visible to `${{ }}` expressions at run time. The runner builds one per step instance.
import type { CiContext } from '../ci/ciContext.js';

/** Run/dependency state consulted by success(), failure() and cancelled(). */
export interface ExpressionState {
  failed: boolean;
  cancelled: boolean;
  /** A dependency was skipped or cancelled: success() is false, failure() is not true (as in GitHub). */
  skipped?: boolean;
}

/** Everything an expression can read; see {@link evaluateExpression}. */
export interface ExpressionContext {
  params: Record<string, unknown>;
  env: Record<string, string>;
  secrets: Record<string, string>;
  /** `status` is the conclusion; `outcome` ignores continueOnError (see contracts/statusMapping). */
  steps: Record<string, { outputs: Record<string, string>; status: string; outcome?: string; conclusion?: string }>;
  matrix: Record<string, unknown>;
  run: { id: string; [k: string]: unknown };
  pipeline: { status: string; name?: string };
  /** For success()/failure()/cancelled(): state of this step's dependencies / the run. */
  state: ExpressionState;
  /** Branch, commit, tag, event, repository (pipeline/ci/ciContext.ts); absent reads as unknown. */
  ci?: CiContext;
  /** `services.<name>.host` / `.port` / `.ports`: the step's services once they run (runner/services). */
  services?: Record<string, { host: string; port: string; ports: Record<string, string> }>;
  /** `jobs.<job>.outputs.<name>` (pipeline/jobs/jobsContext.ts); a matrix job's value is a map by job instance key. */
  jobs?: Record<string, { outputs: Record<string, unknown> }>;
}

/** The context roots an expression may name, in the order completion lists them. */
export const CONTEXT_ROOTS = ['params', 'env', 'secrets', 'steps', 'matrix', 'run', 'pipeline', 'ci', 'jobs', 'services'] as const;

/** Why an expression could not be evaluated: bad syntax or a failing function call. */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly code: 'syntax' | 'evaluation',
    /** Offset inside the expression source where the problem is. */
    readonly start = 0,
    readonly end = 0,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}
