// Alias resolution with an expansion budget, shared by every walk over a pipeline document.
// Seven lines of nested aliases (`&a [*b, *b, …]`) stand for millions of nodes; a walk that follows
// them without a budget never ends. One pass in document order decides, per alias, whether following
// it keeps the fully expanded document within the budget (yaml's `maxAliasCount` idea, counted in
// nodes). Aliases over the budget, and aliases inside their own anchor (an endless structure), are
// cut: walks see them as empty and `alias-limit` reports the first of each kind at the alias.
// The pass also replaces yaml's `Alias.resolve(doc)`, which visits the whole document per call.
import { isAlias, isCollection, isPair, type Alias, type Document, type Node } from 'yaml';
import type { Diagnostic } from '../../contracts/diagnostics.js';
import { isAliasFree } from './aliasFreeDocument.js';

/** Nodes that aliases may add to a document, beyond the nodes written in it. */
export const DEFAULT_MAX_ALIAS_EXPANSION = 100_000;

/** Per-document outcome of the budget pass; see {@link aliasTable}. */
export interface AliasTable {
  /** The anchored node of every alias that may be followed. */
  targets: Map<Alias, Node>;
  /** Aliases walks must not follow, in document order. */
  cut: Array<{ alias: Alias; reason: 'budget' | 'cycle' }>;
  /** The budget the table was built with. */
  limit: number;
}

const tables = new WeakMap<object, AliasTable>();
const EMPTY: AliasTable = { targets: new Map(), cut: [], limit: DEFAULT_MAX_ALIAS_EXPANSION };

function build(doc: Document, limit: number): AliasTable {
  const table: AliasTable = { targets: new Map(), cut: [], limit };
  const anchors = new Map<string, Node>();
  const sizes = new Map<Node, number>();
  const open = new Set<Node>();
  let extra = 0;
  // Same order as yaml's own anchor lookup (a node before its children, a key before its value),
  // so an alias resolves to the same node yaml would pick.
  const walk = (n: unknown): number => {
    if (!n || typeof n !== 'object') return 0;
    if (isAlias(n)) {
      const target = anchors.get(n.source);
      if (!target) return 1; // yaml reports the unknown anchor itself
      if (open.has(target)) {
        table.cut.push({ alias: n, reason: 'cycle' });
        return 1;
      }
      const size = sizes.get(target) ?? 1;
      if (extra + size > limit) {
        table.cut.push({ alias: n, reason: 'budget' });
        return 1;
      }
      extra += size;
      table.targets.set(n, target);
      return size;
    }
    const node = n as Node;
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) {
      anchors.set(anchor, node);
      open.add(node);
    }
    let size = 1;
    if (isCollection(node)) {
      for (const item of node.items as unknown[]) size += isPair(item) ? walk(item.key) + walk(item.value) : walk(item);
    }
    if (anchor) {
      open.delete(node);
      sizes.set(node, size);
    }
    return size;
  };
  walk(doc.contents);
  return table;
}

/**
 * The alias table of `doc`, built on first use. `limit` only counts on that first call: the parser
 * builds it with the configured budget before any other walk looks.
 */
export function aliasTable(doc: Document, limit = DEFAULT_MAX_ALIAS_EXPANSION): AliasTable {
  if (isAliasFree(doc)) return EMPTY;
  let table = tables.get(doc);
  if (!table) {
    table = build(doc, limit);
    tables.set(doc, table);
  }
  return table;
}

/** The node an alias stands for, or undefined when it is unknown or cut by the budget. */
export function resolveAlias(doc: Document, alias: Alias): Node | undefined {
  return aliasTable(doc).targets.get(alias);
}

/** One `alias-limit` error per kind of cut, at the first alias cut for that reason. */
export function aliasDiagnostics(doc: Document): Diagnostic[] {
  const { cut, limit } = aliasTable(doc);
  const out: Diagnostic[] = [];
  for (const reason of ['budget', 'cycle'] as const) {
    const all = cut.filter((c) => c.reason === reason);
    const first = all[0];
    if (!first) continue;
    const r = first.alias.range;
    const range = r ? { start: r[0], end: Math.max(r[1], r[0] + 1) } : { start: 0, end: 0 };
    const name = `*${first.alias.source.slice(0, 80)}`;
    const more = all.length > 1 ? ` (${all.length - 1} more alias${all.length === 2 ? '' : 'es'} cut after it)` : '';
    const message =
      reason === 'budget'
        ? `alias ${name} would expand the document past ${limit.toLocaleString('en-US')} extra nodes; it reads as empty${more}`
        : `alias ${name} sits inside its own anchor, an endless structure; it reads as empty${more}`;
    out.push({ severity: 'error', code: 'alias-limit', message, range, data: { reason, count: all.length } });
  }
  return out;
}
