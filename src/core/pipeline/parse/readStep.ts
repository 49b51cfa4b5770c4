// Reads one `id: {…}` entry under `steps:`/`finally:` into a Step. A `uses:` step takes every key it
// does not write itself from the template body (with `with` merged key by key, the step's keys winning).
import { isMap, isScalar, isSeq, type Document } from 'yaml';
import type { TextRange } from '../../contracts/diagnostics.js';
import type { ExpressionOccurrence, Located, Step, Template } from '../model.js';
import { collectExpressions, conditionExpressions } from './collectExpressions.js';
import { isAliasFree } from './aliasFreeDocument.js';
import { parseDuration } from './durations.js';
import { isUpToDateCacheForm, matrixFromValue, matrixKeysOf, readApproval, readCache, readDependencyCache, readEnv, readExecutor, readMatrix, readRetry, stringList } from './readSpecs.js';
import { entriesOf, rangeOf, scalarString, seqItems, toJS, type MapEntry } from './yamlNodes.js';
import { readServices } from './readServices.js';
import type { StepCache } from './stepCache.js';

/** Reads the `needs:` value: a single id or a list of ids, each with its range. */
export function readNeeds(doc: Document, e: MapEntry | undefined): Array<Located<string>> {
  if (!e?.value) return [];
  if (isScalar(e.value)) {
    const s = scalarString(doc, e.value);
    return s ? [{ value: s, range: rangeOf(e.value) }] : [];
  }
  if (!isSeq(e.value)) return [];
  const out: Array<Located<string>> = [];
  for (const item of seqItems(doc, e.value)) {
    const s = scalarString(doc, item);
    if (s !== undefined) out.push({ value: s, range: rangeOf(item) });
  }
  return out;
}

const SKIP_IF = new Set(['if']);
/** A whole-value `${{ }}`, as the schema allows for `continueOnError`. */
const EXPRESSION = /^\s*\$\{\{[\s\S]*\}\}\s*$/;

function valueOf(doc: Document, fields: Map<string, MapEntry>, body: Record<string, unknown>, k: string): unknown {
  return fields.has(k) ? toJS(doc, fields.get(k)!.value) : body[k];
}

function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/**
 * `before:`/`after:` lines wrap `with.run` in one script (GitLab's before_script/after_script),
 * whichever of the step or its template wrote each part.
 */
function composeScript(withValues: Record<string, unknown>, before: unknown, after: unknown): void {
  const pre = stringList(before);
  const post = stringList(after);
  if (!pre.length && !post.length) return;
  const run = typeof withValues.run === 'string' ? withValues.run.replace(/\n$/, '') : '';
  withValues.run = [...pre, ...(run ? [run] : []), ...post].join('\n') + '\n';
}

/**
 * The steps of `entries` in written order, `uses:` resolved through `templates`. An id already in
 * `seenIds` is skipped (the first one wins, across `steps`, `jobs` and `finally`); others are added.
 * `place` says where the entries are when they are not `steps:` or `finally:` (a job's): the JSON
 * pointer of their map, and where the text of the last one ends (where the job's next key starts).
 */
export function readStepEntries(doc: Document, text: string, entries: MapEntry[], isFinally: boolean, seenIds: Set<string>, templates: Map<string, Template>, cache?: StepCache, place?: { container: string; end?: number }): Step[] {
  const container = place?.container ?? (isFinally ? '/finally' : '/steps');
  const out: Step[] = [];
  const cacheable = cache !== undefined && isAliasFree(doc);
  // A key's prefix names what reading the text gives: a finally step, or one of steps: or a job's (the
  // job's own keys are applied after reading, to a copy: see StepCache.detached).
  const prefix = isFinally ? 'f' : container === '/steps' ? 's' : 'j';
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (seenIds.has(e.key)) continue;
    seenIds.add(e.key);
    // The step's text: from its key's line to the next step's key line (trailing comments and blank
    // lines included, so a kept block scalar's line breaks are part of it).
    const at = cacheable ? text.lastIndexOf('\n', e.keyRange.start - 1) + 1 : 0;
    const next = entries[i + 1];
    const bound = next?.keyRange.start ?? place?.end;
    const end = !cacheable ? 0 : bound !== undefined ? text.lastIndexOf('\n', bound - 1) + 1 : text.length;
    // A step sharing a line with another (a flow map) is read each time.
    const source = cacheable && end >= e.range.end && at < end && (!next || next.keyRange.start >= e.range.end) ? cache!.sourceKey(e.pair, text, at, end, prefix) : undefined;
    if (source !== undefined) cache!.noteSource(e.pair, { key: source, at, container, id: e.key });
    const hit = source !== undefined ? cache!.take(source, at) : undefined;
    if (hit) {
      out.push(hit);
      continue;
    }
    const fields = entriesOf(doc, e.value);
    const usesValue = fields.find((f) => f.key === 'uses')?.value;
    const uses = scalarString(doc, usesValue);
    const step = readStep(doc, text, e, isFinally, uses !== undefined ? templates.get(uses) : undefined, fields);
    // A `uses:` step takes its template's body, which lives elsewhere: never cached.
    out.push(source !== undefined && !usesValue ? cache!.put(source, at, step) : step);
  }
  return out;
}

/** Reads a step; `template` is the resolved `uses:` target, if any. */
export function readStep(doc: Document, text: string, e: MapEntry, isFinally: boolean, template?: Template, entries?: MapEntry[]): Step {
  const fields = new Map<string, MapEntry>();
  const keyRanges: Record<string, TextRange> = {};
  // Indexed loops: a step is read once per parse, mostly by code not yet optimized, where for-of
  // allocates an iterator result per entry.
  const list = entries ?? entriesOf(doc, e.value);
  for (let i = 0; i < list.length; i++) {
    const f = list[i]!;
    if (fields.has(f.key)) continue;
    fields.set(f.key, f);
    keyRanges[f.key] = f.keyRange;
  }
  const body = template?.body ?? {};
  const value = valueOf.bind(null, doc, fields, body);
  const str = (k: string): string | undefined => asString(value(k));

  const withEntry = fields.get('with');
  const ownWith = withEntry ? toJS(doc, withEntry.value) : undefined;
  const templateWith = body.with && typeof body.with === 'object' && !Array.isArray(body.with) ? (body.with as Record<string, unknown>) : {};
  const withValues = { ...templateWith, ...(ownWith && typeof ownWith === 'object' && !Array.isArray(ownWith) ? (ownWith as Record<string, unknown>) : {}) };
  const withKeyRanges: Record<string, TextRange> = {};
  const withValueRanges: Record<string, TextRange> = {};
  if (withEntry && isMap(withEntry.value)) {
    for (const w of entriesOf(doc, withEntry.value)) {
      if (w.key in withKeyRanges) continue;
      withKeyRanges[w.key] = w.keyRange;
      withValueRanges[w.key] = rangeOf(w.value, w.keyRange.end);
    }
  }

  const typeEntry = fields.get('type');
  const usesEntry = fields.get('uses');
  const usesName = usesEntry ? scalarString(doc, usesEntry.value) : undefined;
  const ifEntry = fields.get('if');
  const ifText = ifEntry ? scalarString(doc, ifEntry.value) : typeof body.if === 'string' || typeof body.if === 'boolean' ? String(body.if) : undefined;

  const expressions: ExpressionOccurrence[] = [];
  collectExpressions(doc, text, e.value, [], expressions, SKIP_IF, !isAliasFree(doc));
  if (ifEntry?.value) conditionExpressions(text, ifEntry.value, ['if'], expressions);

  const outputsRaw = value('outputs');
  const outputs: Record<string, string> = {};
  if (outputsRaw && typeof outputsRaw === 'object' && !Array.isArray(outputsRaw)) {
    for (const [k, v] of Object.entries(outputsRaw)) outputs[k] = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  } else if (Array.isArray(outputsRaw)) {
    for (const k of stringList(outputsRaw)) outputs[k] = '';
  }

  const matrixEntry = fields.get('matrix');
  const matrix = matrixEntry ? readMatrix(doc, matrixEntry.value) : undefined;
  const timeoutMs = parseDuration(value('timeout'));
  const retry = readRetry(value('retry'));
  const executor = readExecutor(value('executor'));
  const approval = readApproval(value('approval'));
  // `cache:` is the dependency cache; its old up-to-date form still works (with a deprecation warning).
  const cacheValue = value('cache');
  const cache = readCache(value('upToDate')) ?? (isUpToDateCacheForm(cacheValue) ? readCache(cacheValue) : undefined);
  const dependencyCache = readDependencyCache(cacheValue);
  const type = typeEntry ? scalarString(doc, typeEntry.value) : template?.type;
  const step: Step = {
    id: e.key,
    idRange: e.keyRange,
    range: e.range,
    with: withValues,
    withKeyRanges,
    withValueRanges,
    needs: fields.has('needs') ? readNeeds(doc, fields.get('needs')) : stringList(body.needs).map((v) => ({ value: v, range: usesEntry ? rangeOf(usesEntry.value) : e.keyRange })),
    env: readEnv(value('env')),
    continueOnError: value('continueOnError') === true,
    outputs,
    artifacts: stringList(value('artifacts')),
    isFinally,
    expressions,
    keyRanges,
  };
  const name = str('name');
  if (name !== undefined) step.name = name;
  const description = str('description');
  if (description !== undefined) step.description = description;
  if (type !== undefined) step.type = type;
  if (typeEntry) step.typeRange = rangeOf(typeEntry.value, typeEntry.keyRange.end);
  if (usesEntry && usesName !== undefined) step.uses = { value: usesName, range: rangeOf(usesEntry.value) };
  if (ifEntry) step.if = { value: ifText ?? '', range: rangeOf(ifEntry.value, ifEntry.keyRange.end) };
  else if (ifText !== undefined && usesEntry) step.if = { value: ifText, range: rangeOf(usesEntry.value) };
  if (matrix) {
    step.matrix = matrix;
    step.matrixKeys = matrixKeysOf(matrix);
  } else if (template && body.matrix !== undefined) {
    // A template's matrix has no range in this file; it is read from the plain value, include and
    // exclude too (an include may add keys to existing combinations, as in Actions).
    const m = matrixFromValue(body.matrix, usesEntry ? rangeOf(usesEntry.value) : e.keyRange);
    if (m) {
      step.matrix = m;
      step.matrixKeys = matrixKeysOf(m);
    }
  }
  const codes = value('continueOnError');
  if (Array.isArray(codes)) step.continueOnExitCodes = codes.filter((c): c is number => Number.isInteger(c));
  else if (typeof codes === 'string' && EXPRESSION.test(codes)) {
    const entry = fields.get('continueOnError');
    step.continueOnErrorExpr = { value: codes, range: entry ? rangeOf(entry.value, entry.keyRange.end) : usesEntry ? rangeOf(usesEntry.value) : e.keyRange };
  }
  if (retry) step.retry = retry;
  if (timeoutMs !== undefined) step.timeoutMs = timeoutMs;
  const wd = str('workingDirectory');
  if (wd !== undefined) step.workingDirectory = wd;
  if (executor) step.executor = executor;
  if (approval) step.approval = approval;
  else if (value('when') === 'manual') step.approval = { message: `Run '${name ?? e.key}'?`, approvers: [] };
  if (type === 'shell') composeScript(step.with, value('before'), value('after'));
  if (cache) step.cache = cache;
  if (dependencyCache) step.dependencyCache = dependencyCache;
  const services = readServices(value('services'));
  if (services) step.services = services;
  if (withEntry) step.withRange = rangeOf(withEntry.value, withEntry.keyRange.end);
  if (template) step.origin = { template: template.name, ...(template.file ? { file: template.file } : {}), range: template.range };
  return step;
}
