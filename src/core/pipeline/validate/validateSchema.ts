// Runs the JSON Schema over the document's plain value and maps each ajv error to the YAML node it
// is about (instancePath → node), keeping only the most specific error per location.
import type { ErrorObject } from 'ajv';
import { isMap, isSeq, type Document, type Node } from 'yaml';
import type { Diagnostic, TextRange } from '../../contracts/diagnostics.js';
import { schemaValidator } from '../schema/loadSchema.js';
import { deref, entriesOf, rangeOf, seqItems, type MapEntry } from '../parse/yamlNodes.js';

interface Located {
  node: Node | undefined;
  /** The entry whose value is `node` (for pointing at keys). */
  entry?: MapEntry;
}

// Entries and items per node, built once: a wide mapping full of errors would otherwise be scanned
// once per error (quadratic; 50,000 bad `env` values took minutes). Entries per document too: an
// editor's next document may hold the same map moved to other offsets (parse/recompose.ts).
const entryIndex = new WeakMap<object, { doc: Document; index: Map<string, MapEntry> }>();
const itemIndex = new WeakMap<object, Node[]>();

function entryNamed(doc: Document, map: Node, key: string): MapEntry | undefined {
  let built = entryIndex.get(map);
  if (built?.doc !== doc) {
    built = { doc, index: new Map() };
    for (const e of entriesOf(doc, map)) if (!built.index.has(e.key)) built.index.set(e.key, e);
    entryIndex.set(map, built);
  }
  return built.index.get(key);
}

function itemAt(doc: Document, seq: Node, i: number): Node | undefined {
  let items = itemIndex.get(seq);
  if (!items) {
    items = seqItems(doc, seq);
    itemIndex.set(seq, items);
  }
  return items[i];
}

function locate(doc: Document, path: string[]): Located {
  let node: Node | undefined = doc.contents as Node | undefined;
  let entry: MapEntry | undefined;
  for (const seg of path) {
    const n = deref(doc, node);
    if (isMap(n)) {
      const e = entryNamed(doc, n, seg);
      if (!e) return { node: n, entry };
      entry = e;
      node = e.value;
    } else if (isSeq(n)) {
      const item = itemAt(doc, n, Number(seg));
      if (!item) return { node: n, entry };
      entry = undefined;
      node = item;
    } else {
      return { node: n, entry };
    }
  }
  return { node, entry };
}

function decodePointer(p: string): string[] {
  return p === '' ? [] : p.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function describeTypes(types: string[]): string {
  const words = types.filter((t) => t !== 'string').map((t) => (t === 'integer' ? 'an integer' : t === 'object' ? 'a mapping' : t === 'array' ? 'a list' : `a ${t}`));
  return words.join(' or ');
}

/** Key of the enclosing map pair for `required`-style errors; the value when it has no key. */
function keyOrValue(l: Located, fallback: TextRange): TextRange {
  if (l.entry) return l.entry.keyRange;
  return l.node ? rangeOf(l.node) : fallback;
}

interface Mapped {
  range: TextRange;
  message: string;
  data?: Record<string, unknown>;
  depth: number;
  keyword: string;
}

function mapError(doc: Document, err: ErrorObject, docRange: TextRange): Mapped | undefined {
  const path = decodePointer(err.instancePath);
  const depth = path.length;
  const inWith = (path[0] === 'steps' || path[0] === 'finally') && path.length === 3 && path[2] === 'with';
  const parentSchema = err.parentSchema as { type?: string | string[]; pattern?: string; description?: string } | undefined;
  switch (err.keyword) {
    case 'additionalProperties': {
      // Unknown `with` keys are reported by the semantic validator with a suggestion.
      if (inWith) return undefined;
      const prop = (err.params as { additionalProperty: string }).additionalProperty;
      const l = locate(doc, [...path, prop]);
      return { range: l.entry ? l.entry.keyRange : keyOrValue(l, docRange), message: `unknown property '${prop}'${path.length ? ` in '${path.join('.')}'` : ' at the top level'}`, data: { property: prop }, depth: depth + 1, keyword: err.keyword };
    }
    case 'required': {
      const prop = (err.params as { missingProperty: string }).missingProperty;
      const l = locate(doc, path);
      // `steps:` or `jobs:` (either will do) is one message, from the anyOf case.
      if (!path.length && err.schemaPath.startsWith('#/anyOf/')) return undefined;
      const where = path.length ? `'${path.join('.')}'` : 'the pipeline';
      return { range: keyOrValue(l, docRange), message: `${where} is missing required property '${prop}'`, data: { property: prop }, depth, keyword: err.keyword };
    }
    case 'propertyNames':
      return undefined; // the nested pattern error names the offending key
    case 'pattern':
    case 'type': {
      // The expression alternative of an enum: the enum error says what is allowed.
      if (err.keyword === 'pattern' && parentSchema?.type === undefined && parentSchema?.pattern?.startsWith('^\\s*\\$')) return undefined;
      const l = locate(doc, path);
      const range = l.node ? rangeOf(l.node) : docRange;
      const types = parentSchema?.type === undefined ? [] : Array.isArray(parentSchema.type) ? parentSchema.type : [parentSchema.type];
      if (err.propertyName !== undefined) {
        const e = locate(doc, [...path, err.propertyName]).entry;
        const rule = parentSchema?.description ?? `must match ${parentSchema?.pattern}`;
        return { range: e ? e.keyRange : range, message: `invalid name '${err.propertyName}': ${rule}`, data: { name: err.propertyName }, depth: depth + 1, keyword: 'propertyNames' };
      }
      if (types.length > 1 && types.includes('string') && parentSchema?.pattern?.includes('\\$\\{\\{')) {
        const alt = describeTypes(types);
        const what = parentSchema.pattern.includes('ms|s|m|h') ? 'a duration like 90s or 10m, a number of seconds' : alt;
        return { range, message: `must be ${what} (or a \${{ }} expression)`, depth, keyword: 'type' };
      }
      if (err.keyword === 'type') return { range, message: `must be ${types.map((t) => (t === 'object' ? 'a mapping' : t === 'array' ? 'a list' : t === 'null' ? 'empty' : t === 'integer' ? 'an integer' : `a ${t}`)).join(' or ')}`, depth, keyword: 'type' };
      return { range, message: `'${String(err.data)}' does not match the expected format (${err.params && (err.params as { pattern: string }).pattern})`, depth, keyword: 'pattern' };
    }
    case 'enum': {
      const l = locate(doc, path);
      if (path.length === 3 && path[2] === 'type' && (path[0] === 'steps' || path[0] === 'finally' || path[0] === 'templates')) return undefined; // unknown-step-type
      const values = (err.params as { allowedValues: unknown[] }).allowedValues;
      const orExpr = err.schemaPath.includes('/anyOf/') ? ' (or a ${{ }} expression)' : '';
      return { range: l.node ? rangeOf(l.node) : docRange, message: `must be one of: ${values.map((v) => JSON.stringify(v)).join(', ')}${orExpr}`, data: { values }, depth, keyword: 'enum' };
    }
    case 'anyOf': {
      const l = locate(doc, path);
      if ((path[0] === 'steps' || path[0] === 'finally') && path.length === 2) return { range: keyOrValue(l, docRange), message: `step '${path[1]}' needs a 'type' (or 'uses' a template)`, depth: depth - 0.5, keyword: 'anyOf' };
      if (!path.length) return { range: docRange, message: "the pipeline is missing required property 'steps' (or 'jobs')", data: { property: 'steps' }, depth, keyword: 'required' };
      if (inWith) {
        const req = ((err.schema as Array<{ required: string[] }>) ?? []).map((s) => `'${s.required[0]}'`).join(' or ');
        return { range: keyOrValue(l, docRange), message: `needs ${req}`, depth, keyword: 'anyOf' };
      }
      return { range: l.node ? rangeOf(l.node) : docRange, message: 'does not match any allowed form', depth: depth - 0.5, keyword: 'anyOf' };
    }
    case 'if':
    case 'then':
    case 'allOf':
      return undefined; // the nested errors say what is wrong
    case 'maxLength': {
      // Ids become file names and log prefixes; the schema caps their length.
      const limit = (err.params as { limit: number }).limit;
      if (err.propertyName !== undefined) {
        const e = locate(doc, [...path, err.propertyName]).entry;
        const l = locate(doc, path);
        return { range: e ? e.keyRange : l.node ? rangeOf(l.node) : docRange, message: `name '${err.propertyName}' is longer than ${limit} characters`, data: { name: err.propertyName }, depth: depth + 1, keyword: 'propertyNames' };
      }
      const l = locate(doc, path);
      return { range: l.node ? rangeOf(l.node) : docRange, message: `longer than ${limit} characters`, depth, keyword: 'maxLength' };
    }
    case 'minimum':
    case 'maximum':
    case 'minItems':
    case 'uniqueItems':
    case 'const':
    default: {
      const l = locate(doc, path);
      return { range: l.node ? rangeOf(l.node) : docRange, message: err.message ?? 'invalid value', depth, keyword: err.keyword };
    }
  }
}

/** Schema diagnostics for a document whose plain value is `value`. */
export function validateSchema(doc: Document, value: unknown, textLength: number): Diagnostic[] {
  return schemaDiagnostics(doc, schemaErrors(value), textLength);
}

/** The schema validator's own errors for a plain value (none when it is valid). */
export function schemaErrors(value: unknown): ErrorObject[] {
  const validate = schemaValidator();
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

/** The diagnostics for the schema validator's `errors` about `doc`. */
export function schemaDiagnostics(doc: Document, errors: readonly ErrorObject[], textLength: number): Diagnostic[] {
  if (!errors.length) return [];
  const docRange = { start: 0, end: Math.min(textLength, rangeOf(doc.contents as Node).end || textLength) };
  const mapped: Mapped[] = [];
  for (const err of errors) {
    const m = mapError(doc, err, docRange);
    if (m) mapped.push(m);
  }
  // Per location keep the deepest errors; an 'anyOf' summary only when nothing deeper was found there.
  const byRange = new Map<string, Mapped[]>();
  for (const m of mapped) {
    const key = `${m.range.start}:${m.range.end}`;
    const list = byRange.get(key);
    if (list) list.push(m);
    else byRange.set(key, [m]);
  }
  const out: Diagnostic[] = [];
  for (const list of byRange.values()) {
    const specific = list.some((m) => m.keyword !== 'anyOf') ? list.filter((m) => m.keyword !== 'anyOf') : list;
    const maxDepth = Math.max(...specific.map((m) => m.depth));
    const seen = new Set<string>();
    for (const m of specific) {
      if (m.depth !== maxDepth || seen.has(m.message)) continue;
      seen.add(m.message);
      out.push({ severity: 'error', code: 'schema', message: m.message, range: m.range, ...(m.data ? { data: m.data } : {}) });
    }
  }
  return out.sort((a, b) => a.range.start - b.range.start);
}
