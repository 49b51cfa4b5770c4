// strategy.matrix → our matrix (same include/exclude rules, camel-cased options), and the number of
// jobs GitHub starts for it, computed by GitHub's rules independently of our planner so the
// round-trip check compares two readings.
import type { DraftPath } from '../draft';
import type { ImportScope } from './scope';
import { translateValue } from './expressions';
import { isRecord } from '../../util/isRecord';

type Combo = Record<string, unknown>;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** How many jobs GitHub runs for a (static) matrix. */
export function githubMatrixSize(matrix: Record<string, unknown>): number {
  const axes = Object.entries(matrix).filter(([k, v]) => k !== 'include' && k !== 'exclude' && Array.isArray(v)) as [string, unknown[]][];
  let combos: Combo[] = axes.length ? [{}] : [];
  for (const [key, values] of axes) combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  const excludes = Array.isArray(matrix.exclude) ? matrix.exclude.filter(isRecord) : [];
  combos = combos.filter((c) => !excludes.some((e) => Object.entries(e).every(([k, v]) => same(c[k], v))));
  const axisKeys = new Set(axes.map(([k]) => k));
  let added = 0;
  for (const inc of Array.isArray(matrix.include) ? matrix.include.filter(isRecord) : []) {
    const matches = combos.some((c) => Object.entries(inc).every(([k, v]) => !axisKeys.has(k) || same(c[k], v)));
    if (!matches) added++;
  }
  return combos.length + added;
}

function shown(m: unknown): string {
  return typeof m === 'string' ? m : JSON.stringify(m);
}

export interface MappedMatrix {
  matrix?: Record<string, unknown>;
  /** Jobs GitHub runs; 1 without a matrix or when the matrix is computed at run time. */
  size: number;
  /** Keys whose every value is one plain word (safe to leave inline in a script). */
  plainKeys: Set<string>;
}

export function mapStrategy(strategy: unknown, scope: ImportScope, at: DraftPath): MappedMatrix {
  scope.matrixDropped = false;
  if (!isRecord(strategy) || strategy.matrix === undefined) return { size: 1, plainKeys: new Set() };
  const m = strategy.matrix;
  const computed = !isRecord(m) || Object.entries(m).some(([k, v]) => !Array.isArray(v) && !(k === 'include' || k === 'exclude') ) || (m.include !== undefined && !Array.isArray(m.include)) || (m.exclude !== undefined && !Array.isArray(m.exclude));
  if (computed) {
    scope.warn('changed-meaning', at, `a matrix computed at run time (${shown(m)}) cannot be read before the run: the job runs once; write the combinations under matrix:`);
    scope.comment(at, `strategy.matrix: ${shown(m)} — computed at run time on GitHub; not translated (the job runs once)`);
    scope.matrixDropped = true;
    return { size: 1, plainKeys: new Set() };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(m)) out[k] = translateValue(v, scope, [...at, 'matrix', k]);
  if (strategy['fail-fast'] !== undefined) out.failFast = strategy['fail-fast'];
  if (strategy['max-parallel'] !== undefined) out.maxParallel = strategy['max-parallel'];
  const values = new Map<string, unknown[]>();
  for (const [k, v] of Object.entries(m)) if (k !== 'include' && k !== 'exclude' && Array.isArray(v)) values.set(k, [...v]);
  for (const inc of Array.isArray(m.include) ? m.include.filter(isRecord) : []) for (const [k, v] of Object.entries(inc)) values.set(k, [...(values.get(k) ?? []), v]);
  const plainKeys = new Set([...values].filter(([, vs]) => vs.every((v) => (typeof v === 'string' || typeof v === 'number') && /^[\w.+-]+$/.test(String(v)))).map(([k]) => k));
  return { matrix: out, size: githubMatrixSize(m), plainKeys };
}
