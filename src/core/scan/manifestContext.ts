// What a manifest rule family receives: the parsed objects and a way to report at a node.
import { isPair, isScalar, type Node, type Pair } from 'yaml';
import type { ManifestObject, ParsedManifest } from './manifestObjects.js';
import type { ScanRule, TextEdit } from './types.js';

export type Where = Node | Pair | readonly [number, number];

export interface RawFinding {
  rule: ScanRule;
  start: number;
  end: number;
  object: ManifestObject;
  quickFix?: { title: string; edit: TextEdit };
}

export interface ManifestRuleContext {
  parsed: ParsedManifest;
  report(rule: ScanRule, object: ManifestObject, where: Where, quickFix?: { title: string; edit: TextEdit }): void;
}

/** Offsets of a node, a `key: value` pair, or a range. */
export function rangeOf(where: Where): [number, number] {
  if (Array.isArray(where)) return [where[0], where[1]];
  if (isPair(where)) {
    const k = (where.key as Node | null)?.range;
    const v = (where.value as Node | null)?.range;
    return [k?.[0] ?? v?.[0] ?? 0, v?.[1] ?? k?.[1] ?? 0];
  }
  const r = (where as Node).range;
  return [r?.[0] ?? 0, r?.[1] ?? 0];
}

/** A quick fix replacing a scalar's text, when the node is a plain scalar. */
export function replaceScalar(node: Node | undefined, newText: string, title: string): { title: string; edit: TextEdit } | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  return { title, edit: { start: node.range[0], end: node.range[1], newText } };
}
