// Tree-walking evaluator. Reading a property of null/undefined yields null (never a throw), so
// `steps.build.outputs.tag` is simply empty before `build` ran; only function misuse throws.
import type { Expr } from './ast.js';
import { compare, looseEquals, toNumber, truthy } from './coerce.js';
import { ExpressionError, type ExpressionContext, type ExpressionState } from './ExpressionContext.js';
import { FUNCTIONS } from './functions.js';
import { parseExpression } from './parseExpression.js';

function member(obj: unknown, key: unknown): unknown {
  if (obj === null || obj === undefined) return null;
  if (Array.isArray(obj)) {
    if (typeof key === 'number' || (typeof key === 'string' && /^\d+$/.test(key))) return obj[Number(key)] ?? null;
    if (key === 'length') return obj.length;
    return null;
  }
  if (typeof obj === 'object') {
    const k = String(key);
    if (Object.prototype.hasOwnProperty.call(obj, k)) return (obj as Record<string, unknown>)[k] ?? null;
    return null;
  }
  return null;
}

/** Evaluates a parsed tree against values; `roots` maps context names (params, env, …) to objects. */
export function evaluateAst(e: Expr, roots: Record<string, unknown>, state: ExpressionState): unknown {
  switch (e.kind) {
    case 'literal':
      return e.value;
    case 'ident':
      return Object.prototype.hasOwnProperty.call(roots, e.name) ? roots[e.name] ?? null : null;
    case 'member':
      return member(evaluateAst(e.object, roots, state), e.property);
    case 'index':
      return member(evaluateAst(e.object, roots, state), evaluateAst(e.index, roots, state));
    case 'unary': {
      const v = evaluateAst(e.operand, roots, state);
      return e.op === '!' ? !truthy(v) : -toNumber(v);
    }
    case 'binary': {
      const l = evaluateAst(e.left, roots, state);
      // && and || return an operand (like Actions), so `params.tag || 'latest'` gives a default.
      if (e.op === '&&') return truthy(l) ? evaluateAst(e.right, roots, state) : l;
      if (e.op === '||') return truthy(l) ? l : evaluateAst(e.right, roots, state);
      const r = evaluateAst(e.right, roots, state);
      switch (e.op) {
        case '==':
          return looseEquals(l, r);
        case '!=':
          return !looseEquals(l, r);
        case '<':
          return compare(l, r) < 0;
        case '<=':
          return compare(l, r) <= 0;
        case '>':
          return compare(l, r) > 0;
        case '>=':
          return compare(l, r) >= 0;
      }
      return null;
    }
    case 'call': {
      const fn = FUNCTIONS[e.name];
      if (!fn) throw new ExpressionError(`unknown function '${e.name}'`, 'evaluation', e.start, e.end);
      const args = e.args.map((a) => evaluateAst(a, roots, state));
      try {
        return fn.call(args, state);
      } catch (err) {
        throw new ExpressionError((err as Error).message, 'evaluation', e.start, e.end);
      }
    }
  }
}

/** The roots visible to expressions, taken from a context. */
export function contextRoots(ctx: ExpressionContext): Record<string, unknown> {
  return { params: ctx.params, env: ctx.env, secrets: ctx.secrets, steps: ctx.steps, matrix: ctx.matrix, run: ctx.run, pipeline: ctx.pipeline };
}

/** Parses (cached) and evaluates one expression source; throws {@link ExpressionError} on bad syntax or a failing call. */
export function evaluateExpression(source: string, ctx: ExpressionContext): unknown {
  const parsed = parseExpression(source);
  if (!parsed.ast || parsed.errors.length) {
    const er = parsed.errors[0] ?? { message: 'invalid expression', start: 0, end: source.length };
    throw new ExpressionError(`${er.message} in '${source.trim()}'`, 'syntax', er.start, er.end);
  }
  return evaluateAst(parsed.ast, contextRoots(ctx), ctx.state);
}
