// Finds `${{ }}` occurrences in a YAML subtree with document offsets and property paths.
import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { findExpressions } from '../expressions/findExpressions.js';
import type { ExpressionOccurrence } from '../model.js';
import { contentStart, deref, entriesOf } from './yamlNodes.js';

/**
 * Expressions inside one scalar. Offsets come from the raw source slice so they point into the
 * document; the expression text comes from the decoded value (escapes in quoted scalars resolved).
 */
export function scalarExpressions(text: string, node: Node, path: Array<string | number>, out: ExpressionOccurrence[]): void {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return;
  const value = node.value;
  if (!value.includes('${{')) return;
  const [start, end] = node.range;
  const raw = text.slice(start, end);
  const inRaw = findExpressions(raw, start);
  const inValue = findExpressions(value, 0);
  const aligned = inRaw.length === inValue.length && inRaw.every((r, i) => r.source === inValue[i]!.source);
  if (aligned) {
    for (const f of inRaw) out.push({ source: f.source, range: { start: f.start, end: f.end }, sourceOffset: f.sourceOffset, path, bare: false, ...(f.unterminated ? { unterminated: true } : {}) });
    return;
  }
  // Escapes or folding changed the text: keep the decoded source, locate it approximately.
  for (let i = 0; i < inValue.length; i++) {
    const f = inValue[i]!;
    const r = inRaw[i];
    const range = r ? { start: r.start, end: r.end } : { start, end };
    out.push({ source: f.source, range, sourceOffset: r ? r.sourceOffset : start, path, bare: false, ...(f.unterminated ? { unterminated: true } : {}) });
  }
}

/** Walks a subtree; `skipKeys` at the top level (e.g. `if`, handled as a bare expression). */
export function collectExpressions(doc: Document, text: string, node: unknown, path: Array<string | number>, out: ExpressionOccurrence[], skipKeys?: Set<string>, depth = 0): void {
  const n = deref(doc, node);
  if (!n || depth > 64) return;
  if (isScalar(n)) {
    scalarExpressions(text, n, path, out);
  } else if (isMap(n)) {
    for (const e of entriesOf(doc, n)) {
      if (e.merged) continue; // merged content is reported where the anchor is defined
      if (depth === 0 && skipKeys?.has(e.key)) continue;
      collectExpressions(doc, text, e.value, [...path, e.key], out, undefined, depth + 1);
    }
  } else if (isSeq(n)) {
    n.items.forEach((item, i) => collectExpressions(doc, text, item, [...path, i], out, undefined, depth + 1));
  }
}

/** The occurrence for an `if:` value: the lone `${{ }}` inside it, or the whole scalar as a bare expression. */
export function conditionExpressions(text: string, node: Node | undefined, path: Array<string | number>, out: ExpressionOccurrence[]): void {
  if (!node || !isScalar(node) || !node.range) return;
  const value = typeof node.value === 'string' ? node.value : node.value === null ? '' : String(node.value);
  if (value.includes('${{')) {
    scalarExpressions(text, node, path, out);
    return;
  }
  if (value.trim() === '') return;
  const start = contentStart(node);
  // Plain scalars keep their text as written, so the bare expression maps 1:1 onto the document.
  const lead = value.length - value.trimStart().length;
  out.push({ source: value, range: { start: start + lead, end: start + value.trimEnd().length }, sourceOffset: start, path, bare: true });
}
