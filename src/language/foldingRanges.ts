// Folding for every multi-line mapping entry and sequence item, and for runs of comment lines.
import { isMap, isPair, isScalar, isSeq, visit, type Node } from 'yaml';
import type { PipelineAnalysis } from './PipelineAnalysis.js';

/** A fold from `startLine` to `endLine` (zero-based, inclusive). */
export interface FoldingRange {
  startLine: number;
  endLine: number;
  kind?: 'comment' | 'region';
}

/** Folding ranges of the text, from its syntax tree (so flow collections and block scalars fold right). */
export function foldingRanges(analysis: PipelineAnalysis): FoldingRange[] {
  const out: FoldingRange[] = [];
  const lines = analysis.lines;
  const add = (start: number, end: number, kind?: FoldingRange['kind']): void => {
    const a = lines.positionAt(start).line;
    let endPos = lines.positionAt(end);
    // A range ending at column 0 ends on the previous line (the node's trailing newline).
    if (endPos.character === 0 && endPos.line > a) endPos = { line: endPos.line - 1, character: 0 };
    if (endPos.line > a) out.push({ startLine: a, endLine: endPos.line, kind });
  };
  const doc = analysis.parsed.document;
  if (doc) {
    visit(doc, {
      Pair(_k, pair) {
        const key = pair.key as Node | null;
        const value = pair.value as Node | null;
        if (isScalar(key) && key.range && value?.range) add(key.range[0], value.range[1]);
      },
      Seq(_k, seq) {
        for (const item of seq.items) {
          if ((isMap(item) || isSeq(item)) && item.range && !isPair(item)) add(item.range[0], item.range[1]);
        }
      },
    });
  }
  // Comment blocks: two or more consecutive full-line comments.
  let runStart = -1;
  for (let i = 0; i <= lines.lineCount; i++) {
    const isComment = i < lines.lineCount && /^\s*#/.test(lines.lineText(i));
    if (isComment && runStart < 0) runStart = i;
    if (!isComment && runStart >= 0) {
      if (i - 1 > runStart) out.push({ startLine: runStart, endLine: i - 1, kind: 'comment' });
      runStart = -1;
    }
  }
  const seen = new Set<string>();
  return out.filter((r) => {
    const k = `${r.startLine}:${r.endLine}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
