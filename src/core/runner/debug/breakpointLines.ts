// Breakpoints set on lines of a pipeline file become breakpoints on steps: a line on a step's id or
// anywhere inside its body pauses before that step; the breakpoint moves to the step's id line.
import { LineIndex } from '../../pipeline/lineIndex.js';
import type { ParsedPipeline } from '../../pipeline/model.js';

/** One requested line (0-based) and the step it stops before, when it falls inside one. */
export interface LineBreakpoint {
  line: number;
  stepId?: string;
  /** The step's id line, where the editor shows the breakpoint. */
  stepLine?: number;
}

export function stepsAtLines(parsed: ParsedPipeline, lines: readonly number[]): LineBreakpoint[] {
  const idx = new LineIndex(parsed.text);
  const spans = [...parsed.pipeline.steps, ...parsed.pipeline.finally].map((s) => ({
    id: s.id,
    first: idx.positionAt(s.range.start).line,
    // A range ending at the start of a line (after its newline) does not cover that line.
    last: idx.positionAt(Math.max(s.range.start, s.range.end - 1)).line,
    idLine: idx.positionAt(s.idRange.start).line,
  }));
  return lines.map((line) => {
    // The innermost span wins; steps do not nest today, but the narrowest is the least surprising.
    let best: (typeof spans)[number] | undefined;
    for (const s of spans) if (line >= s.first && line <= s.last && (!best || s.last - s.first < best.last - best.first)) best = s;
    return best ? { line, stepId: best.id, stepLine: best.idLine } : { line };
  });
}
