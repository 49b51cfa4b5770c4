// Readers for the small structured values shared by steps and `defaults`: retry, executor, matrix,
// approval, cache. Lenient: they take what is well-formed and leave the rest to the schema check.
import { isMap, isSeq, type Document, type Node } from 'yaml';
import type { ApprovalSpec, CacheSpec, DependencyCacheSpec, ExecutorSpec, MatrixSpec, RetrySpec } from '../model.js';
import { parseDuration } from './durations.js';
import { deref, entriesOf, rangeOf, toJS } from './yamlNodes.js';

type Scalar = string | number | boolean;

function isScalarValue(v: unknown): v is Scalar {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** Strings from a string-or-list value. */
export function stringList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.filter(isScalarValue).map(String);
  return isScalarValue(v) ? [String(v)] : [];
}

/** `retry: 3` or `retry: {max, backoff, exponential, onExitCodes}`. */
export function readRetry(v: unknown): RetrySpec | undefined {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return { max: v, backoffMs: 1000, exponential: false, onExitCodes: [] };
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  const max = typeof o.max === 'number' && o.max >= 0 ? Math.floor(o.max) : 0;
  return {
    max,
    backoffMs: parseDuration(o.backoff) ?? 1000,
    exponential: o.exponential === true,
    onExitCodes: Array.isArray(o.onExitCodes) ? o.onExitCodes.filter((x): x is number => typeof x === 'number') : [],
  };
}

/** `executor: local` or `{kind, image, …}`. */
export function readExecutor(v: unknown): ExecutorSpec | undefined {
  if (v === 'local') return { kind: 'local' };
  if (typeof v === 'string') return undefined;
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  const str = (k: string): string | undefined => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
  const kind = o.kind ?? (o.image ? 'container' : 'local');
  if (kind === 'local') return { kind: 'local' };
  if (kind === 'container') {
    const pull = str('pull') as 'always' | 'missing' | 'never' | undefined;
    return { kind: 'container', image: str('image') ?? '', ...(pull ? { pull } : {}), ...(Array.isArray(o.options) ? { options: stringList(o.options) } : {}) };
  }
  if (kind === 'kubernetes') {
    return {
      kind: 'kubernetes',
      image: str('image') ?? '',
      ...(str('namespace') ? { namespace: str('namespace') } : {}),
      ...(str('context') ? { context: str('context') } : {}),
      ...(str('serviceAccount') ? { serviceAccount: str('serviceAccount') } : {}),
      ...(workspaceOption(o.workspace) !== undefined ? { workspace: workspaceOption(o.workspace) } : {}),
      ...(typeof o.startTimeout === 'string' || typeof o.startTimeout === 'number' ? { startTimeout: o.startTimeout } : {}),
    };
  }
  return undefined;
}

/** The kubernetes executor's `workspace:`: true/false, or which files travel. */
function workspaceOption(v: unknown): boolean | { include?: string[]; exclude?: string[] } | undefined {
  if (typeof v === 'boolean') return v;
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  return { ...(Array.isArray(o.include) ? { include: stringList(o.include) } : {}), ...(Array.isArray(o.exclude) ? { exclude: stringList(o.exclude) } : {}) };
}

const MATRIX_RESERVED = new Set(['include', 'exclude', 'maxParallel', 'failFast']);

function combos(v: unknown): Array<Record<string, Scalar>> {
  if (!Array.isArray(v)) return [];
  return v
    .filter((x): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x))
    .map((x) => Object.fromEntries(Object.entries(x).filter(([, val]) => isScalarValue(val))) as Record<string, Scalar>);
}

/** `matrix:` — every non-reserved key with a list value is an axis (source order kept). */
export function readMatrix(doc: Document, node: Node | undefined): MatrixSpec | undefined {
  const n = deref(doc, node);
  if (!isMap(n)) return undefined;
  const axes: Record<string, Scalar[]> = {};
  let include: Array<Record<string, Scalar>> = [];
  let exclude: Array<Record<string, Scalar>> = [];
  let maxParallel: number | undefined;
  let failFast = true;
  for (const e of entriesOf(doc, n)) {
    const v = toJS(doc, e.value);
    if (e.key === 'include') include = combos(v);
    else if (e.key === 'exclude') exclude = combos(v);
    else if (e.key === 'maxParallel') maxParallel = typeof v === 'number' && v >= 1 ? Math.floor(v) : undefined;
    else if (e.key === 'failFast') failFast = v !== false;
    else if (!MATRIX_RESERVED.has(e.key) && isSeq(e.value)) axes[e.key] = (v as unknown[]).filter(isScalarValue);
  }
  return { axes, include, exclude, ...(maxParallel !== undefined ? { maxParallel } : {}), failFast, range: rangeOf(n) };
}

/** The names of matrix values an instance sees: the axes, plus keys only an `include` adds. */
export function matrixKeysOf(m: MatrixSpec): string[] {
  const keys = new Set(Object.keys(m.axes));
  for (const inc of m.include) for (const k of Object.keys(inc)) keys.add(k);
  return [...keys];
}

/** A matrix given as a plain value (a template's body, which has no ranges in this file). */
export function matrixFromValue(v: unknown, range: MatrixSpec['range']): MatrixSpec | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const axes: Record<string, Scalar[]> = {};
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) if (!MATRIX_RESERVED.has(k) && Array.isArray(val)) axes[k] = val.filter(isScalarValue);
  const o = v as Record<string, unknown>;
  const maxParallel = typeof o.maxParallel === 'number' && o.maxParallel >= 1 ? Math.floor(o.maxParallel) : undefined;
  return { axes, include: combos(o.include), exclude: combos(o.exclude), ...(maxParallel !== undefined ? { maxParallel } : {}), failFast: o.failFast !== false, range };
}

/** `approval: {message, approvers, timeout}`. */
export function readApproval(v: unknown): ApprovalSpec | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  const timeoutMs = parseDuration(o.timeout);
  return { message: typeof o.message === 'string' ? o.message : 'Approve this step?', approvers: stringList(o.approvers), ...(timeoutMs !== undefined ? { timeoutMs } : {}) };
}

/** True for the old up-to-date form of `cache:` (`sources`/`generates`, no `key`). */
export function isUpToDateCacheForm(v: unknown): boolean {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return !('key' in o) && ('sources' in o || 'generates' in o);
}

/** `cache: {key, paths, restoreKeys}` (the dependency cache). */
export function readDependencyCache(v: unknown): DependencyCacheSpec | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v) || isUpToDateCacheForm(v)) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.key !== 'string' || !o.key) return undefined;
  return { key: o.key, paths: stringList(o.paths), restoreKeys: stringList(o.restoreKeys) };
}

/** `upToDate: {sources, generates}` (or the deprecated `cache:` of the same shape). */
export function readCache(v: unknown): CacheSpec | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  return { sources: stringList(o.sources), generates: stringList(o.generates) };
}

/** Env maps: values stringified (numbers and booleans as written), nulls dropped. */
export function readEnv(v: unknown): Record<string, string> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) if (isScalarValue(val)) out[k] = String(val);
  return out;
}
