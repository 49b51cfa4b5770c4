// Tree-walking evaluator. Reading a property of null/undefined yields null (never a throw), so
// `steps.build.outputs.tag` is simply empty before `build` ran; only function misuse throws.
// Lookups follow GitHub: property names ignore case (except under `env`, case-sensitive as on
// Linux runners), lists are indexed by any value that converts to a whole number, and `.*`/`[*]`
// produce filtered lists whose further `.x`/`[i]` apply to every item.
import type { CallExpr, Expr } from './ast.js';
import { compare, isPrimitive, looseEquals, toDisplayString, toNumber, truthy } from './coerce.js';
import { ExpressionError, type ExpressionContext, type ExpressionState } from './ExpressionContext.js';
import { FUNCTIONS, casePredicate } from './functions.js';
import { parseExpression } from './parseExpression.js';

const hasOwn = Object.prototype.hasOwnProperty;

// Lists produced by a filter; a property or index read on one maps over its items.
const filtered = new WeakSet<unknown[]>();

function filteredList(items: unknown[]): unknown[] {
  filtered.add(items);
  return items;
}

function objectGet(obj: Record<string, unknown>, key: string, caseSensitive: boolean): unknown {
  // Exact spelling first: the common case costs one lookup.
  if (hasOwn.call(obj, key)) return obj[key];
  if (caseSensitive) return undefined;
  const folded = key.toLowerCase();
  for (const k in obj) if (hasOwn.call(obj, k) && k.toLowerCase() === folded) return obj[k];
  return undefined;
}

// A list index: any value converting to a finite number ≥ 0, rounded down (so `[false]` is 0).
function listIndex(key: unknown): number {
  const n = Math.floor(toNumber(key));
  return Number.isFinite(n) && n >= 0 ? n : -1;
}

function lookup(obj: unknown, key: unknown, caseSensitive: boolean): unknown {
  if (obj === null || typeof obj !== 'object') return undefined;
  if (Array.isArray(obj)) {
    const i = listIndex(key);
    return i >= 0 && i < obj.length ? obj[i] : undefined;
  }
  if (!isPrimitive(key)) return undefined;
  return objectGet(obj as Record<string, unknown>, typeof key === 'string' ? key : toDisplayString(key), caseSensitive);
}

function member(obj: unknown, key: unknown, caseSensitive = false): unknown {
  if (obj !== null && typeof obj === 'object' && Array.isArray(obj) && filtered.has(obj)) {
    const out: unknown[] = [];
    for (const item of obj) {
      const v = lookup(item, key, caseSensitive);
      if (v !== undefined) out.push(v);
    }
    return filteredList(out);
  }
  return lookup(obj, key, caseSensitive) ?? null;
}

function filter(obj: unknown): unknown[] {
  if (obj === null || typeof obj !== 'object') return filteredList([]);
  if (!Array.isArray(obj)) return filteredList(Object.values(obj));
  if (!filtered.has(obj)) return filteredList(obj.slice());
  const out: unknown[] = [];
  for (const item of obj) {
    if (item === null || typeof item !== 'object') continue;
    if (Array.isArray(item)) out.push(...item);
    else out.push(...Object.values(item));
  }
  return filteredList(out);
}

// The root an access starts from, when it is `env` or `secrets` (which read differently).
function rootName(e: Expr): string | undefined {
  return e.kind === 'ident' ? e.name : undefined;
}

function evaluateCase(e: CallExpr, roots: Record<string, unknown>, state: ExpressionState): unknown {
  // Lazy like GitHub: only the predicates up to the first true one and its value are evaluated.
  const args = e.args;
  for (let i = 0; i + 1 < args.length; i += 2) {
    if (casePredicate(evaluateAst(args[i]!, roots, state), i)) return evaluateAst(args[i + 1]!, roots, state);
  }
  return evaluateAst(args[args.length - 1]!, roots, state);
}

/** Evaluates a parsed tree against values; `roots` maps context names (params, env, …) to objects. */
export function evaluateAst(e: Expr, roots: Record<string, unknown>, state: ExpressionState): unknown {
  switch (e.kind) {
    case 'literal':
      return e.value;
    case 'ident':
      return hasOwn.call(roots, e.name) ? roots[e.name] ?? null : null;
    case 'member':
    case 'index': {
      const key = e.kind === 'member' ? e.property : evaluateAst(e.index, roots, state);
      const root = rootName(e.object);
      const v = member(evaluateAst(e.object, roots, state), key, root === 'env');
      // An unset secret reads as '' (GitHub documents this), not null.
      return v === null && root === 'secrets' ? '' : v;
    }
    case 'filter':
      return filter(evaluateAst(e.object, roots, state));
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
      const fn = hasOwn.call(FUNCTIONS, e.name) ? FUNCTIONS[e.name] : undefined;
      if (!fn) throw new ExpressionError(`unknown function '${e.name}'`, 'evaluation', e.start, e.end);
      try {
        if (e.name === 'case') return evaluateCase(e, roots, state);
        return fn.call(
          e.args.map((a) => evaluateAst(a, roots, state)),
          state,
          roots,
        );
      } catch (err) {
        if (err instanceof ExpressionError) throw err;
        throw new ExpressionError((err as Error).message, 'evaluation', e.start, e.end);
      }
    }
  }
}

/** The roots visible to expressions, taken from a context. */
export function contextRoots(ctx: ExpressionContext): Record<string, unknown> {
  return { params: ctx.params, env: ctx.env, secrets: ctx.secrets, steps: ctx.steps, matrix: ctx.matrix, run: ctx.run, pipeline: ctx.pipeline, ci: ctx.ci ?? {}, services: ctx.services ?? {}, jobs: ctx.jobs ?? {} };
}

/** Parses (cached) and evaluates one expression source; throws {@link ExpressionError} on bad syntax or a failing call. */
export function evaluateExpression(source: string, ctx: ExpressionContext): unknown {
  const parsed = parseExpression(source);
  if (!parsed.ast || parsed.errors.length) {
    const er = parsed.errors[0] ?? { message: 'invalid expression', start: 0, end: source.length };
    throw new ExpressionError(`${er.message} in '${clip(source.trim())}'`, 'syntax', er.start, er.end);
  }
  return evaluateAst(parsed.ast, contextRoots(ctx), ctx.state);
}

// Error messages quote the expression, but never a whole 20 KB of it.
function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 120 ? `${line.slice(0, 120)}…` : line;
}
