// Smart select: word → `${{ }}` → scalar → `key: value` entry → enclosing collection → its entry … → document.
import { isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { TextRange } from '../core/contracts/diagnostics.js';
import { locateAt } from './locateAt.js';
import type { PipelineAnalysis } from './PipelineAnalysis.js';

/** Nested ranges around an offset, innermost first, each strictly containing the previous one. */
export function selectionRanges(analysis: PipelineAnalysis, offset: number): TextRange[] {
  const chain: TextRange[] = [];
  const doc = analysis.parsed.document;
  const inside = (r: readonly number[] | null | undefined): boolean => !!r && r[0]! <= offset && offset <= r[1]!;
  const walk = (node: Node | Pair | null | undefined): void => {
    if (!node) return;
    if (isPair(node)) {
      const k = node.key as Node | null;
      const v = node.value as Node | null;
      const start = k?.range?.[0];
      const end = v?.range?.[1] ?? k?.range?.[1];
      if (start === undefined || end === undefined || offset < start || offset > end) return;
      chain.push({ start, end });
      if (inside(k?.range)) walk(k);
      else walk(v);
      return;
    }
    if (!inside(node.range)) return;
    chain.push({ start: node.range![0], end: node.range![1] });
    if (isMap(node) || isSeq(node)) for (const item of node.items as Array<Node | Pair>) walk(item);
    else if (isScalar(node)) {
      // Inside a string: the `${{ … }}` around the cursor, if any.
      const s = analysis.text.slice(node.range![0], node.range![1]);
      for (const m of s.matchAll(/\$\{\{.*?\}\}/g)) {
        const a = node.range![0] + m.index!;
        if (a <= offset && offset <= a + m[0].length) chain.push({ start: a, end: a + m[0].length }, { start: a + 3, end: a + m[0].length - 2 });
      }
    }
  };
  if (doc?.contents) walk(doc.contents as Node);
  const loc = locateAt(analysis.text, offset);
  if (loc.word) chain.push(loc.wordRange);
  chain.push({ start: 0, end: analysis.text.length });
  // Innermost first, strictly growing, no duplicates.
  const sorted = chain.sort((a, b) => a.end - a.start - (b.end - b.start));
  const out: TextRange[] = [];
  for (const r of sorted) {
    const prev = out[out.length - 1];
    if (!prev || (r.start <= prev.start && r.end >= prev.end && (r.start < prev.start || r.end > prev.end))) out.push(r);
  }
  return out;
}
