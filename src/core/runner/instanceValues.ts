// Values of a step instance that may hold `${{ }}` besides `with`: matrix values and the display
// name. They are evaluated when the instance starts, like `with`; callers mask what they show.
import type { StepInstance } from './planInstances.js';
import { interpolate, interpolateDeep, type ExpressionContext } from './pipelineApi.js';

type MatrixValue = string | number | boolean;

/**
 * The instance's matrix values with `${{ }}` evaluated (a lone expression keeps its type; lists and
 * maps become JSON text). Matrix values cannot read `matrix` themselves. Throws ExpressionError.
 */
export function evaluateMatrix(inst: StepInstance, ctx: ExpressionContext): Record<string, MatrixValue> {
  const out: Record<string, MatrixValue> = {};
  const c = { ...ctx, matrix: {} };
  for (const [k, v] of Object.entries(inst.matrix)) {
    if (typeof v !== 'string' || !v.includes('${{')) {
      out[k] = v;
      continue;
    }
    const value: unknown = interpolateDeep(v, c);
    out[k] = typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}

/** Whether any matrix value holds `${{ }}` ({@link evaluateMatrix} returns the others as they are). */
export function matrixHasExpressions(matrix: Readonly<Record<string, MatrixValue>>): boolean {
  for (const k in matrix) {
    const v = matrix[k];
    if (typeof v === 'string' && v.includes('${{')) return true;
  }
  return false;
}

/** The step's `name` with `${{ }}` evaluated, or undefined when it has none. Throws ExpressionError. */
export function displayName(inst: StepInstance, ctx: ExpressionContext): string | undefined {
  return inst.step.name === undefined ? undefined : interpolate(inst.step.name, ctx);
}
