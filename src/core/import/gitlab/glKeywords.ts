import type { DraftPath } from '../draft';
import { quoteSource, type ImportNotes } from '../shared/importNotes';
import { exprString, formatDuration } from '../shared/pipelineText';
import { isRecord } from '../../util/isRecord';

// Job keywords that map value for value: image, services, cache, artifacts, retry, timeout,
// allow_failure, parallel. Each returns our form (or undefined) and notes what it leaves out.

function list(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

const UNITS: Record<string, number> = { s: 1, sec: 1, second: 1, m: 60, min: 60, minute: 60, h: 3600, hr: 3600, hour: 3600, d: 86400, day: 86400, w: 604800, week: 604800 };

/** GitLab's human durations (`1h 30m`, `3 hours`, `90 minutes`, `45`) in seconds. */
function gitlabSeconds(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (/^\d+$/.test(t)) return Number(t);
  let total = 0;
  let matched = '';
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)\s*([a-z]+?)s?\b(?:\s*(?:and)?\s*)/g)) {
    const unit = UNITS[m[2]];
    if (unit === undefined) return undefined;
    total += Number(m[1]) * unit;
    matched += m[0];
  }
  return matched.replace(/\s/g, '') === t.replace(/\s/g, '') && total > 0 ? total : undefined;
}

export function timeoutOf(v: unknown, notes: ImportNotes, path: DraftPath): string | undefined {
  if (v === undefined) return undefined;
  const seconds = gitlabSeconds(String(v));
  if (seconds === undefined) {
    notes.warn('dropped', path, `timeout '${String(v)}' could not be read`);
    return undefined;
  }
  return formatDuration(seconds);
}

export function retryOf(v: unknown, notes: ImportNotes, path: DraftPath): unknown {
  if (v === undefined) return undefined;
  if (typeof v === 'number') return v;
  if (!isRecord(v)) return undefined;
  const max = typeof v.max === 'number' ? v.max : 0;
  if (v.when !== undefined && !(list(v.when).length === 1 && list(v.when)[0] === 'always')) notes.warn('changed-meaning', path, `retry when: ${list(v.when).join(', ')} is not distinguished: every failure is retried`);
  if (v.exit_codes !== undefined) return { max, onExitCodes: list(v.exit_codes) };
  return max;
}

export function continueOnErrorOf(v: unknown): unknown {
  if (v === true) return true;
  if (isRecord(v) && v.exit_codes !== undefined) return list(v.exit_codes);
  return undefined;
}

export function imageOf(v: unknown, expand: (s: string) => string, notes: ImportNotes, path: DraftPath): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return expand(v);
  if (isRecord(v) && typeof v.name === 'string') {
    const extra = Object.keys(v).filter((k) => k !== 'name');
    if (extra.length) notes.comment(path, `image ${extra.join(', ')} not kept: ${quoteSource('image', v).replace(/\n\s*/g, ' ')}`);
    return expand(v.name);
  }
  return undefined;
}

/** `services:` as our services map; GitLab passes the job's variables to every service. */
export function servicesOf(v: unknown, env: Record<string, string>, expand: (s: string) => string, notes: ImportNotes, path: DraftPath): Record<string, unknown> | undefined {
  const entries = list(v);
  if (!entries.length) return undefined;
  const out: Record<string, unknown> = {};
  for (const entry of entries) {
    const spec = isRecord(entry) ? entry : { name: entry };
    if (typeof spec.name !== 'string') continue;
    const image = expand(spec.name);
    const alias = typeof spec.alias === 'string' ? spec.alias.split(/[,\s]+/)[0] : (image.split('/').pop() ?? image).replace(/[:@].*$/, '');
    const key = alias.replace(/[^A-Za-z0-9_-]+/g, '-');
    const service: Record<string, unknown> = { image };
    if (spec.command !== undefined) service.command = spec.command;
    // Docker-in-Docker only starts privileged; GitLab runners that offer it are configured so.
    if (/(^|\/)docker:.*dind/.test(image)) service.privileged = true;
    const vars = { ...env, ...(isRecord(spec.variables) ? Object.fromEntries(Object.entries(spec.variables).map(([k, x]) => [k, String(x)])) : {}) };
    if (Object.keys(vars).length) service.env = vars;
    if (spec.entrypoint !== undefined) notes.comment([...path, key], `entrypoint not kept: ${JSON.stringify(spec.entrypoint)}`);
    out[key] = service;
  }
  return out;
}

/** `cache:` as our dependency cache (the first one when GitLab lists several). */
export function cacheOf(v: unknown, expand: (s: string) => string, notes: ImportNotes, path: DraftPath): Record<string, unknown> | undefined {
  const caches = list(v).filter(isRecord);
  if (!caches.length) return undefined;
  if (caches.length > 1) notes.warn('dropped', path, `only the first of ${caches.length} caches is kept (one cache per step)`);
  const c = caches[0];
  const paths = list(c.paths).map(String);
  if (!paths.length) return undefined;
  let key: string;
  if (isRecord(c.key)) {
    const files = list(c.key.files).map((f) => exprString(String(f)));
    const prefix = typeof c.key.prefix === 'string' ? `${expand(c.key.prefix)}-` : '';
    key = `${prefix}\${{ hashFiles(${files.join(', ')}) }}`;
  } else {
    key = c.key === undefined ? 'default' : expand(String(c.key));
  }
  const out: Record<string, unknown> = { key, paths };
  if (c.fallback_keys !== undefined) out.restoreKeys = list(c.fallback_keys).map((k) => expand(String(k)));
  const dropped = Object.keys(c).filter((k) => !['key', 'paths', 'fallback_keys', 'when'].includes(k));
  if (dropped.length) notes.comment(path, `cache ${dropped.map((k) => `${k}: ${JSON.stringify(c[k])}`).join(', ')} not kept (restored before, saved after a success)`);
  return out;
}

export interface ArtifactsResult {
  artifacts?: string[];
  dotenv: string[];
}

export function artifactsOf(v: unknown, expand: (s: string) => string, notes: ImportNotes, path: DraftPath): ArtifactsResult {
  if (!isRecord(v)) return { dotenv: [] };
  const out: string[] = list(v.paths).map((p) => expand(String(p)));
  out.push(...list(v.exclude).map((p) => `!${expand(String(p))}`));
  const dotenv: string[] = [];
  if (isRecord(v.reports)) {
    for (const [kind, files] of Object.entries(v.reports)) {
      if (kind === 'dotenv') dotenv.push(...list(files).map(String));
      else if (kind === 'coverage_report' && isRecord(files) && typeof files.path === 'string') out.push(files.path);
      else out.push(...list(files).map((f) => expand(String(f))));
    }
  }
  const dropped = Object.keys(v).filter((k) => !['paths', 'exclude', 'reports'].includes(k));
  if (dropped.length) notes.comment(path, `artifacts ${dropped.map((k) => `${k}: ${JSON.stringify(v[k])}`).join(', ')} not kept (artifacts are kept with the run record whatever the outcome)`);
  return { artifacts: out.length ? out : undefined, dotenv };
}

export interface MatrixResult {
  matrix?: Record<string, unknown>;
  size: number;
  /** Variables every instance sees, name → value expression. */
  env: Record<string, string>;
}

function product(entry: Record<string, unknown>): Record<string, string | number | boolean>[] {
  let combos: Record<string, string | number | boolean>[] = [{}];
  for (const [k, v] of Object.entries(entry)) combos = combos.flatMap((c) => list(v).map((x) => ({ ...c, [k]: x as string | number | boolean })));
  return combos;
}

/** `parallel: N` and `parallel: matrix:` (a union of products) as our matrix. */
export function matrixOf(v: unknown): MatrixResult {
  if (typeof v === 'number' && v > 1) {
    return {
      matrix: { CI_NODE_INDEX: Array.from({ length: v }, (_, i) => i + 1) },
      size: v,
      env: { CI_NODE_INDEX: '${{ matrix.CI_NODE_INDEX }}', CI_NODE_TOTAL: String(v) },
    };
  }
  if (!isRecord(v) || !Array.isArray(v.matrix)) return { size: 1, env: {} };
  const entries = v.matrix.filter(isRecord);
  const keys = [...new Set(entries.flatMap((e) => Object.keys(e)))];
  const env = Object.fromEntries(keys.map((k) => [k, `\${{ matrix.${k} }}`]));
  if (entries.length === 1) {
    const axes = Object.fromEntries(Object.entries(entries[0]).map(([k, x]) => [k, list(x)]));
    return { matrix: axes, size: product(entries[0]).length, env };
  }
  const seen = new Set<string>();
  const include = entries.flatMap(product).filter((c) => {
    const id = JSON.stringify(c);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  return { matrix: { include }, size: include.length, env };
}
