// Reads the whole document into the Pipeline model (steps via readStep). Structural problems are
// left to the schema check; this reader only needs to be total (never throw, fill what it can).
import { isMap, type Document } from 'yaml';
import type { TextRange } from '../../contracts/diagnostics.js';
import type { Defaults, ExpressionOccurrence, IncludeRef, ParamSpec, ParamType, Pipeline, SecretSpec, Step, Template } from '../model.js';
import { collectExpressions, conditionExpressions } from './collectExpressions.js';
import { isAliasFree } from './aliasFreeDocument.js';
import { parseDuration } from './durations.js';
import { readJobs, linkJobs } from './readJobs.js';
import type { StepCache } from './stepCache.js';
import { readStepEntries } from './readStep.js';
import { resolveTemplates } from './resolveTemplates.js';
import { readEnv, readExecutor, readRetry } from './readSpecs.js';
import { entriesOf, rangeOf, scalarString, seqItems, toJS, type MapEntry } from './yamlNodes.js';

function readParam(doc: Document, e: MapEntry): ParamSpec {
  const v = toJS(doc, e.value);
  const base = { name: e.key, range: e.range, nameRange: e.keyRange };
  if (v === null || v === undefined || typeof v !== 'object' || Array.isArray(v)) {
    // Shorthand `name: value` declares the type by the default's type.
    const def = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : undefined;
    const type: ParamType = typeof def === 'number' ? 'number' : typeof def === 'boolean' ? 'boolean' : 'string';
    return { ...base, type, required: false, ...(def !== undefined ? { default: def } : {}) };
  }
  const o = v as Record<string, unknown>;
  const def = typeof o.default === 'string' || typeof o.default === 'number' || typeof o.default === 'boolean' ? o.default : undefined;
  const declared = o.type;
  const type: ParamType = declared === 'number' || declared === 'boolean' || declared === 'choice' || declared === 'string' ? declared : typeof def === 'number' ? 'number' : typeof def === 'boolean' ? 'boolean' : 'string';
  const p: ParamSpec = { ...base, type, required: o.required === true };
  if (typeof o.description === 'string') p.description = o.description;
  if (def !== undefined) p.default = def;
  if (Array.isArray(o.values)) p.values = o.values.filter((x): x is string | number => typeof x === 'string' || typeof x === 'number');
  return p;
}

function readSecret(doc: Document, e: MapEntry): SecretSpec {
  const v = toJS(doc, e.value);
  const o = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  const str = (k: string): string | undefined => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
  const from = str('from') ?? (str('env') ? 'env' : str('path') ? 'file' : 'secretStorage');
  const source: SecretSpec['source'] =
    from === 'env' ? { kind: 'env', variable: str('env') ?? e.key } : from === 'file' ? { kind: 'file', path: str('path') ?? '' } : { kind: 'secretStorage', ...(str('key') ? { key: str('key') } : {}) };
  const s: SecretSpec = { name: e.key, source, required: o.required !== false, range: e.range, nameRange: e.keyRange };
  if (str('description')) s.description = str('description');
  return s;
}

/** Reads a `templates:` entry; `file` is set for templates from included files. */
export function readTemplate(doc: Document, e: MapEntry, file?: string): Template {
  const body = toJS(doc, e.value);
  const b = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const w = b.with && typeof b.with === 'object' && !Array.isArray(b.with) ? (b.with as Record<string, unknown>) : {};
  const t: Template = { name: e.key, nameRange: e.keyRange, range: e.range, with: w, body: b };
  if (typeof b.type === 'string') t.type = b.type;
  const fields = entriesOf(doc, e.value);
  const typeEntry = fields.find((f) => f.key === 'type');
  if (typeEntry?.value) t.typeRange = rangeOf(typeEntry.value);
  const extendsEntry = fields.find((f) => f.key === 'extends');
  if (extendsEntry?.value) t.extendsRange = rangeOf(extendsEntry.value);
  const withEntry = fields.find((f) => f.key === 'with');
  if (withEntry) t.withKeyRanges = Object.fromEntries(entriesOf(doc, withEntry.value).map((x) => [x.key, x.keyRange]));
  if (file) t.file = file;
  return t;
}

/** Reads `templates:` of any document (this one or an included file). */
export function readTemplates(doc: Document, file?: string): Template[] {
  const root = doc.contents;
  if (!isMap(root)) return [];
  const section = entriesOf(doc, root).find((e) => e.key === 'templates');
  const seen = new Set<string>();
  const out: Template[] = [];
  for (const e of entriesOf(doc, section?.value)) {
    if (seen.has(e.key)) continue;
    seen.add(e.key);
    out.push(readTemplate(doc, e, file));
  }
  return out;
}

/** The step entries of `steps:`/`finally:` in source order (duplicates included, for the validator). */
export function stepEntries(doc: Document, section: 'steps' | 'finally'): MapEntry[] {
  const root = doc.contents;
  if (!isMap(root)) return [];
  const s = entriesOf(doc, root).find((e) => e.key === section);
  return entriesOf(doc, s?.value);
}

/**
 * Reads the document into a Pipeline. `templates` are all known templates (this file's plus included
 * ones) so `uses:` steps come out resolved. The first of duplicate step ids wins.
 */
export function readPipeline(doc: Document, text: string, templates: Template[], file?: string, cache?: StepCache): Pipeline {
  const root = doc.contents;
  const top = new Map<string, MapEntry>();
  const keyRanges: Record<string, TextRange> = {};
  const rootEntries = isMap(root) ? entriesOf(doc, root) : [];
  for (const e of rootEntries) {
    if (top.has(e.key)) continue;
    top.set(e.key, e);
    keyRanges[e.key] = e.keyRange;
  }
  const get = (k: string): unknown => toJS(doc, top.get(k)?.value);
  const str = (k: string): string | undefined => scalarString(doc, top.get(k)?.value);
  const byName = resolveTemplates(templates);

  const seenIds = new Set<string>();
  // A section's last step text ends where the next top-level key starts (jobs: often follows steps:).
  const readSection = (section: 'steps' | 'finally'): Step[] => {
    const at = rootEntries.findIndex((e) => e.key === section);
    const end = at >= 0 ? rootEntries[at + 1]?.keyRange.start : undefined;
    return readStepEntries(doc, text, stepEntries(doc, section), section === 'finally', seenIds, byName, cache, { container: `/${section}`, ...(end !== undefined ? { end } : {}) });
  };

  const d = get('defaults');
  const dd = d && typeof d === 'object' && !Array.isArray(d) ? (d as Record<string, unknown>) : {};
  const defaults: Defaults = {};
  if (typeof dd.shell === 'string') defaults.shell = dd.shell;
  const dt = parseDuration(dd.timeout);
  if (dt !== undefined) defaults.timeoutMs = dt;
  const dr = readRetry(dd.retry);
  if (dr) defaults.retry = dr;
  if (typeof dd.workingDirectory === 'string') defaults.workingDirectory = dd.workingDirectory;
  const de = readExecutor(dd.executor);
  if (de) defaults.executor = de;

  const includes: IncludeRef[] = [];
  const inc = top.get('include');
  const incItems = inc?.value && scalarString(doc, inc.value) !== undefined ? [inc.value] : seqItems(doc, inc?.value);
  for (const item of incItems) {
    const p = scalarString(doc, item);
    if (p) includes.push({ path: p, range: rangeOf(item) });
  }

  const read = readSection('steps');
  const jobs = readJobs(doc, text, seenIds, byName, cache);
  // Linking sets implicit needs on the steps outside jobs too (a step may need a job): on copies.
  const mainSteps = jobs.jobs.length && cache ? read.map((s) => cache.detached(s).step) : read;
  const steps = [...mainSteps, ...jobs.steps];
  if (jobs.jobs.length) linkJobs(jobs.jobs, steps);

  const expressions: ExpressionOccurrence[] = [];
  for (const k of ['env', 'name', 'description', 'defaults', 'templates']) {
    const e = top.get(k);
    if (e) collectExpressions(doc, text, e.value, [k], expressions, undefined, !isAliasFree(doc));
  }
  const ifEntry = top.get('if');
  if (ifEntry?.value) conditionExpressions(text, ifEntry.value, ['if'], expressions);

  const version = get('version');
  const concurrency = get('concurrency');
  const pipeline: Pipeline = {
    params: entriesOf(doc, top.get('params')?.value).filter(uniqueBy()).map((e) => readParam(doc, e)),
    env: readEnv(get('env')),
    secrets: entriesOf(doc, top.get('secrets')?.value).filter(uniqueBy()).map((e) => readSecret(doc, e)),
    defaults,
    includes,
    templates,
    steps,
    finally: readSection('finally'),
    ...(jobs.jobs.length ? { jobs: jobs.jobs } : {}),
    expressions,
    keyRanges,
  };
  if (file) pipeline.file = file;
  if (typeof version === 'number') pipeline.version = version;
  const name = str('name');
  if (name !== undefined) pipeline.name = name;
  const description = str('description');
  if (description !== undefined) pipeline.description = description;
  if (typeof concurrency === 'number' && concurrency >= 1) pipeline.concurrency = Math.floor(concurrency);
  const condition = get('if');
  if (ifEntry && (typeof condition === 'string' || typeof condition === 'boolean')) pipeline.if = { value: String(condition), range: rangeOf(ifEntry.value, ifEntry.keyRange.end) };
  return pipeline;
}

function uniqueBy(): (e: MapEntry) => boolean {
  const seen = new Set<string>();
  return (e) => {
    if (seen.has(e.key)) return false;
    seen.add(e.key);
    return true;
  };
}
