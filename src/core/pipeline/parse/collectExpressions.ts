// Finds `${{ }}` occurrences in a YAML subtree with document offsets and property paths.
import { isMap, isScalar, isSeq, type Document, type Node, type Scalar } from 'yaml';
import { findExpressions } from '../expressions/findExpressions.js';
import type { ExpressionOccurrence } from '../model.js';
import { contentStart, deref, isMergeKey, keyText } from './yamlNodes.js';

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

function visit(doc: Document, text: string, n0: unknown, stack: Array<string | number>, out: ExpressionOccurrence[], skipKeys: Set<string> | undefined, depth: number): void {
  const n = deref(doc, n0);
  if (!n || depth > 64) return;
  if (isScalar(n)) {
    if (typeof n.value === 'string' && n.value.includes('${{')) scalarExpressions(text, n, [...stack], out);
  } else if (isMap(n)) {
    // The pairs themselves, not entriesOf: no entry objects and ranges per map, and merge keys are skipped
    // anyway (merged content is reported where the anchor is defined).
    for (const pair of n.items) {
      if (isMergeKey(pair.key)) continue;
      const key = keyText(pair.key);
      if (depth === 0 && skipKeys?.has(key)) continue;
      stack.push(key);
      visit(doc, text, pair.value, stack, out, undefined, depth + 1);
      stack.pop();
    }
  } else if (isSeq(n)) {
    for (let i = 0; i < n.items.length; i++) {
      stack.push(i);
      visit(doc, text, n.items[i], stack, out, undefined, depth + 1);
      stack.pop();
    }
  }
}

/** The scalar containing `pos` under `node` (with its path pushed on `stack`), if any. */
function scalarAt(node: unknown, pos: number, stack: Array<string | number>, skipKeys: Set<string> | undefined): Scalar | undefined {
  let n = node;
  for (let depth = 0; depth < 64; depth++) {
    if (isScalar(n)) return n;
    let next: unknown;
    if (isMap(n)) {
      for (const p of n.items) {
        const v = p.value as Node | null;
        if (v?.range && v.range[0] <= pos && pos < v.range[1]) {
          const key = isScalar(p.key) ? keyText(p.key) : '';
          if (depth === 0 && skipKeys?.has(key)) return undefined;
          stack.push(key);
          next = v;
          break;
        }
      }
    } else if (isSeq(n)) {
      for (let i = 0; i < n.items.length; i++) {
        const v = n.items[i] as Node | null;
        if (v?.range && v.range[0] <= pos && pos < v.range[1]) {
          stack.push(i);
          next = v;
          break;
        }
      }
    }
    if (next === undefined) return undefined;
    n = next;
  }
  return undefined;
}

/**
 * Collects the `${{ }}` occurrences of a subtree; `skipKeys` at the top level (e.g. `if`, handled as
 * a bare expression). Without aliases in the document, expressions are found by scanning the text
 * and descending only to the scalars that hold them; otherwise the whole subtree is walked.
 */
export function collectExpressions(doc: Document, text: string, node: unknown, path: Array<string | number>, out: ExpressionOccurrence[], skipKeys?: Set<string>, hasAliases = true): void {
  const n = node as Node | undefined;
  if (hasAliases || !n?.range) {
    visit(doc, text, node, [...path], out, skipKeys, 0);
    return;
  }
  const end = n.range[1];
  let pos = text.indexOf('${{', n.range[0]);
  while (pos !== -1 && pos < end) {
    const stack = [...path];
    const sc = scalarAt(n, pos, stack, skipKeys);
    let resume = pos + 3;
    if (sc?.range) {
      scalarExpressions(text, sc, stack, out);
      resume = Math.max(resume, sc.range[1]);
    }
    pos = text.indexOf('${{', resume);
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
