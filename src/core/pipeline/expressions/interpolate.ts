// String interpolation and `if:` conditions on top of the evaluator.
import { toDisplayString, truthy } from './coerce.js';
import { evaluateExpression } from './evaluateExpression.js';
import { ExpressionError, type ExpressionContext } from './ExpressionContext.js';
import { findExpressions } from './findExpressions.js';
import { FUNCTIONS } from './functions.js';
import { callsStatusFunction } from './statusFunctions.js';

/** Replaces every `${{ }}` in text with its value (null → '', objects → JSON). Throws {@link ExpressionError}. */
export function interpolate(text: string, ctx: ExpressionContext): string {
  if (!text.includes('${{')) return text;
  const found = findExpressions(text, 0);
  let out = '';
  let last = 0;
  for (const f of found) {
    if (f.unterminated) throw new ExpressionError(`unterminated '\${{' in '${text}'`, 'syntax', f.start, f.end);
    out += text.slice(last, f.start) + toDisplayString(evaluateExpression(f.source, ctx));
    last = f.end;
  }
  return out + text.slice(last);
}

/**
 * Like {@link interpolate} for every string inside objects and arrays. A string that is exactly one
 * `${{ }}` keeps the value's type (a number stays a number, `fromJSON(...)` gives a list).
 */
export function interpolateDeep<T>(value: T, ctx: ExpressionContext): T {
  if (typeof value === 'string') {
    const found = value.includes('${{') ? findExpressions(value, 0) : [];
    if (found.length === 1 && !found[0]!.unterminated && found[0]!.start === 0 && found[0]!.end === value.length) {
      const v = evaluateExpression(found[0]!.source, ctx);
      return (v === null || v === undefined ? '' : v) as T;
    }
    return interpolate(value, ctx) as T;
  }
  if (Array.isArray(value)) return value.map((v) => interpolateDeep(v, ctx)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = interpolateDeep(v, ctx);
    return out as T;
  }
  return value;
}

/** The expression of an `if:` value: the inside of a lone `${{ }}`, else the text itself. */
export function conditionSource(source: string): string {
  const m = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(source);
  return m && !m[1]!.includes('}}') ? m[1]! : source;
}

/**
 * Evaluates an `if:` condition written with or without `${{ }}`. Text mixing literals and `${{ }}`
 * is interpolated first and then tested for truthiness ('false' and '0' count as false).
 *
 * As in GitHub Actions, a condition that calls no status function (success(), failure(), always(),
 * cancelled()) is evaluated as `success() && (…)`, so `if: params.deploy == 'yes'` does not run
 * after a failed or skipped dependency. `implicit: 'always'` (for `finally` steps, which run
 * whatever the outcome) evaluates such a condition as written.
 */
export function evaluateCondition(source: string, ctx: ExpressionContext, implicit: 'success' | 'always' = 'success'): boolean {
  const trimmed = source.trim();
  const implicitHolds = implicit === 'always' || truthy(FUNCTIONS.success!.call([], ctx.state));
  if (trimmed === '') return implicitHolds;
  // Short-circuits like `success() && (…)`: the condition is not evaluated when success() is false.
  if (!implicitHolds && !callsStatusFunction(trimmed)) return false;
  const inner = conditionSource(trimmed);
  if (inner !== trimmed || !trimmed.includes('${{')) return truthy(evaluateExpression(inner, ctx));
  const text = interpolate(trimmed, ctx).trim().toLowerCase();
  return text !== '' && text !== 'false' && text !== '0';
}
