// Walks the pipeline JSON Schema (schemas/pipeline.schema.json, the single source of truth) along a YAML
// path to answer "which keys may go here, which values, and what do they mean". It understands the
// subset the pipeline schema uses: local $ref, allOf/anyOf/oneOf, if/then/else discriminated by sibling
// scalars (a step's `type` selects its `with`), properties/patternProperties/additionalProperties, items.
import type { PathSegment } from './locateAt.js';

/** A JSON Schema node, loosely typed: the keywords this navigator reads. */
export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  title?: string;
  description?: string;
  markdownDescription?: string;
  properties?: Record<string, SchemaNode>;
  patternProperties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  propertyNames?: SchemaNode;
  items?: SchemaNode | SchemaNode[];
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  examples?: unknown[];
  deprecated?: boolean;
  allOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  if?: SchemaNode;
  then?: SchemaNode;
  else?: SchemaNode;
  [keyword: string]: unknown;
}

/** Scalar values already written in the mapping at a path (used to pick `if/then` and `oneOf` branches). */
export type ValuesAt = (path: PathSegment[]) => ReadonlyMap<string, string> | undefined;

/** One key that may appear in a mapping, with everything completion and hover need. */
export interface PropertyInfo {
  name: string;
  required: boolean;
  /** Every schema node that describes the value (branches merged by the caller). */
  schemas: SchemaNode[];
}

const NO_VALUES: ValuesAt = () => undefined;

/**
 * Answers schema questions along YAML paths.
 *
 * ```ts
 * const nav = new SchemaNavigator(loadSchema());
 * nav.propertiesAt(['steps', 'build'], valuesAt); // keys of a step, required first
 * ```
 */
export class SchemaNavigator {

  constructor(readonly root: SchemaNode) {}

  /** Follows local `$ref`s (`#/definitions/x`, `#/$defs/x`). */
  deref(node: SchemaNode | boolean | undefined): SchemaNode | undefined {
    let n = node;
    for (let guard = 0; typeof n === 'object' && n.$ref && guard < 32; guard++) {
      n = this.pointer(n.$ref);
    }
    return typeof n === 'object' ? n : undefined;
  }

  private pointer(ref: string): SchemaNode | undefined {
    if (!ref.startsWith('#')) return undefined;
    let cur: unknown = this.root;
    for (const raw of ref.slice(1).split('/').filter(Boolean)) {
      const seg = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
    }
    return cur && typeof cur === 'object' ? (cur as SchemaNode) : undefined;
  }

  /**
   * The node plus every subschema that applies to the same value: allOf members, matching anyOf/oneOf
   * branches and the `then`/`else` picked by `values` (the mapping's scalars; unknown means "maybe").
   */
  expand(node: SchemaNode | boolean | undefined, values?: ReadonlyMap<string, string>): SchemaNode[] {
    const out: SchemaNode[] = [];
    const seen = new Set<SchemaNode>();
    const visit = (raw: SchemaNode | boolean | undefined, depth: number): void => {
      const n = this.deref(raw);
      if (!n || seen.has(n) || depth > 16) return;
      seen.add(n);
      out.push(n);
      for (const s of n.allOf ?? []) visit(s, depth + 1);
      for (const s of [...(n.anyOf ?? []), ...(n.oneOf ?? [])]) {
        if (this.matches(s, values) !== false) visit(s, depth + 1);
      }
      if (n.if) {
        const m = this.matches(n.if, values);
        if (m !== false && n.then) visit(n.then, depth + 1);
        if (m !== true && n.else) visit(n.else, depth + 1);
      }
    };
    visit(node, 0);
    return out;
  }

  /** Whether a (discriminator) schema accepts the known scalars: true, false, or undefined when unknown. */
  matches(raw: SchemaNode | boolean, values?: ReadonlyMap<string, string>): boolean | undefined {
    const n = this.deref(raw);
    if (!n) return raw === false ? false : undefined;
    let verdict: boolean | undefined = undefined;
    for (const [key, prop] of Object.entries(n.properties ?? {})) {
      const p = this.deref(prop);
      if (!p || (p.const === undefined && !p.enum)) continue;
      const actual = values?.get(key);
      if (actual === undefined) continue;
      const allowed = p.const !== undefined ? [p.const] : p.enum!;
      if (!allowed.some((a) => String(a) === actual)) return false;
      verdict = true;
    }
    for (const s of n.allOf ?? []) {
      const m = this.matches(s, values);
      if (m === false) return false;
      if (m === true) verdict = true;
    }
    return verdict;
  }

  /** Schema nodes describing the value at `path` (empty when the schema does not know it). */
  schemasAt(path: PathSegment[], valuesAt: ValuesAt = NO_VALUES): SchemaNode[] {
    let current = this.expand(this.root, valuesAt([]));
    for (let i = 0; i < path.length && current.length > 0; i++) {
      const seg = path[i]!;
      const next: SchemaNode[] = [];
      for (const n of current) next.push(...this.childSchemas(n, seg));
      current = next.flatMap((n) => this.expand(n, valuesAt(path.slice(0, i + 1))));
    }
    return dedupe(current);
  }

  private childSchemas(n: SchemaNode, seg: PathSegment): SchemaNode[] {
    if (typeof seg === 'number') {
      if (Array.isArray(n.items)) return n.items[seg] ? [n.items[seg]!] : [];
      return n.items ? [n.items] : [];
    }
    const out: SchemaNode[] = [];
    const direct = n.properties?.[seg];
    if (direct) out.push(direct);
    let patterned = false;
    for (const [re, s] of Object.entries(n.patternProperties ?? {})) {
      if (safeRegExp(re)?.test(seg)) {
        out.push(s);
        patterned = true;
      }
    }
    if (!direct && !patterned && typeof n.additionalProperties === 'object') out.push(n.additionalProperties);
    return out;
  }

  /** The keys a mapping at `path` may hold: required ones first, then in schema order. */
  propertiesAt(path: PathSegment[], valuesAt: ValuesAt = NO_VALUES): PropertyInfo[] {
    const byName = new Map<string, PropertyInfo>();
    for (const n of this.schemasAt(path, valuesAt)) {
      for (const [name, s] of Object.entries(n.properties ?? {})) {
        const info = byName.get(name) ?? { name, required: false, schemas: [] };
        info.schemas.push(...this.expand(s));
        byName.set(name, info);
      }
      for (const r of n.required ?? []) {
        const info = byName.get(r);
        if (info) info.required = true;
      }
    }
    const all = [...byName.values()];
    return [...all.filter((p) => p.required), ...all.filter((p) => !p.required)];
  }

  /** Whether the mapping at `path` is keyed by user names (steps by id, templates by name). */
  isOpenMapping(path: PathSegment[], valuesAt: ValuesAt = NO_VALUES): boolean {
    return this.schemasAt(path, valuesAt).some((n) => typeof n.additionalProperties === 'object' || Object.keys(n.patternProperties ?? {}).length > 0);
  }

  /** Allowed scalar values at `path` (enum, const, booleans), in schema order. */
  valuesAt(path: PathSegment[], valuesAt: ValuesAt = NO_VALUES): unknown[] {
    const out: unknown[] = [];
    const add = (v: unknown): void => {
      if (!out.some((o) => o === v)) out.push(v);
    };
    for (const n of this.schemasAt(path, valuesAt)) {
      for (const v of n.enum ?? []) add(v);
      if (n.const !== undefined) add(n.const);
      if (n.type === 'boolean' || (Array.isArray(n.type) && n.type.includes('boolean'))) {
        add(true);
        add(false);
      }
    }
    return out;
  }
}

/** The documentation text of a set of schema nodes: first markdownDescription/description found. */
export function describe(nodes: SchemaNode[]): string | undefined {
  for (const n of nodes) if (typeof n.markdownDescription === 'string') return n.markdownDescription;
  for (const n of nodes) if (typeof n.description === 'string') return n.description;
  return undefined;
}

/** The first `default` among the nodes. */
export function defaultOf(nodes: SchemaNode[]): unknown {
  for (const n of nodes) if (n.default !== undefined) return n.default;
  return undefined;
}

/** The first example among the nodes. */
export function exampleOf(nodes: SchemaNode[]): unknown {
  for (const n of nodes) if (Array.isArray(n.examples) && n.examples.length > 0) return n.examples[0];
  return undefined;
}

/** The JSON types the nodes allow, e.g. ['object'] or ['string', 'number']. */
export function typesOf(nodes: SchemaNode[]): string[] {
  const out = new Set<string>();
  for (const n of nodes) {
    if (typeof n.type === 'string') out.add(n.type);
    else if (Array.isArray(n.type)) n.type.forEach((t) => out.add(t));
    else if (n.properties || n.additionalProperties || n.patternProperties) out.add('object');
    else if (n.items) out.add('array');
  }
  return [...out];
}

function dedupe(nodes: SchemaNode[]): SchemaNode[] {
  return [...new Set(nodes)];
}

const regexCache = new Map<string, RegExp | undefined>();
function safeRegExp(source: string): RegExp | undefined {
  if (!regexCache.has(source)) {
    try {
      regexCache.set(source, new RegExp(source, 'u'));
    } catch {
      regexCache.set(source, undefined);
    }
  }
  return regexCache.get(source);
}
