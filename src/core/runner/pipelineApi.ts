// The pipeline-core functions the runner uses, in one place. FIXME: while src/core/pipeline/index.ts
// has not landed this holds a minimal stand-in; replace the bodies with re-exports from
// '../pipeline/index.js' once it exists (same names and signatures as agreed in TEAM.md).
import type { Step } from '../pipeline/model.js';

/** Values visible to `${{ }}` expressions; see the pipeline core's ExpressionContext. */
export interface ExpressionContext {
  params: Record<string, unknown>;
  env: Record<string, string>;
  secrets: Record<string, string>;
  steps: Record<string, { outputs: Record<string, string>; status: string }>;
  matrix: Record<string, unknown>;
  run: { id: string; [k: string]: unknown };
  pipeline: { status: string; name?: string };
  state: { failed: boolean; cancelled: boolean };
}

function lookup(path: string, ctx: ExpressionContext): unknown {
  let cur: unknown = ctx;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function evalSimple(src: string, ctx: ExpressionContext): unknown {
  const s = src.trim();
  if (s === 'success()') return !ctx.state.failed && !ctx.state.cancelled;
  if (s === 'failure()') return ctx.state.failed;
  if (s === 'always()') return true;
  if (s === 'cancelled()') return ctx.state.cancelled;
  if (s === 'true' || s === 'false') return s === 'true';
  const lit = /^'(.*)'$/.exec(s);
  if (lit) return lit[1];
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  const eq = /^(.+?)\s*(==|!=)\s*(.+)$/.exec(s);
  if (eq) {
    const a = evalSimple(eq[1]!, ctx);
    const b = evalSimple(eq[3]!, ctx);
    return eq[2] === '==' ? String(a) == String(b) : String(a) != String(b);
  }
  return lookup(s, ctx);
}

/** Replaces every `${{ }}` in text. */
export function interpolate(text: string, ctx: ExpressionContext): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_m, src: string) => {
    const v = evalSimple(src, ctx);
    if (v === undefined || v === null) return '';
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  });
}

/** Interpolates strings inside objects and arrays. */
export function interpolateDeep<T>(value: T, ctx: ExpressionContext): T {
  if (typeof value === 'string') return interpolate(value, ctx) as T;
  if (Array.isArray(value)) return value.map((v) => interpolateDeep(v, ctx)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateDeep(v, ctx)])) as T;
  return value;
}

/** Evaluates an `if:` condition, with or without `${{ }}`. */
export function evaluateCondition(source: string, ctx: ExpressionContext): boolean {
  const m = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(source);
  return Boolean(evalSimple(m ? m[1]! : source, ctx));
}

/** Matrix instances of a step (one for a non-matrix step). */
export function expandMatrix(step: Step): Array<{ key: string; values: Record<string, string | number | boolean> }> {
  if (!step.matrix) return [{ key: step.id, values: {} }];
  let combos: Array<Record<string, string | number | boolean>> = [{}];
  for (const [axis, values] of Object.entries(step.matrix.axes)) combos = combos.flatMap((c) => values.map((v) => ({ ...c, [axis]: v })));
  const matches = (c: Record<string, unknown>, pat: Record<string, unknown>) => Object.entries(pat).every(([k, v]) => c[k] === v);
  combos = combos.filter((c) => !step.matrix!.exclude.some((x) => matches(c, x)));
  combos.push(...step.matrix.include);
  return combos.map((values) => ({ key: `${step.id}[${Object.entries(values).map(([k, v]) => `${k}=${v}`).join(',')}]`, values }));
}
