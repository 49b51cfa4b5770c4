// One parsed pipeline text plus the lookups every feature needs, computed once per document version.
import type { ParsedPipeline, Step, Template, ParamSpec } from '../core/pipeline/model.js';
import type { TextRange } from '../core/contracts/diagnostics.js';
import { LineIndex } from './LineIndex.js';

/** A parsed text with its line index and id lookups. Build with {@link createAnalysis}. */
export interface PipelineAnalysis {
  readonly text: string;
  /** Absolute path of the pipeline file, when it has one. */
  readonly file?: string;
  readonly parsed: ParsedPipeline;
  readonly lines: LineIndex;
  /** `steps` then `finally`, in source order. */
  readonly allSteps: readonly Step[];
  /** First step with each id (duplicates are diagnosed by the core). */
  readonly stepById: ReadonlyMap<string, Step>;
  readonly templateByName: ReadonlyMap<string, Template>;
  readonly paramByName: ReadonlyMap<string, ParamSpec>;
}

/** Wraps a core parse result with the lookups features share. */
export function createAnalysis(parsed: ParsedPipeline, file?: string): PipelineAnalysis {
  const p = parsed.pipeline;
  const allSteps = [...p.steps, ...p.finally];
  const stepById = new Map<string, Step>();
  for (const s of allSteps) if (!stepById.has(s.id)) stepById.set(s.id, s);
  let lines: LineIndex | undefined;
  return {
    text: parsed.text,
    file,
    parsed,
    // Built on first use: only folding asks for it, and diagnostics after each keystroke do not.
    get lines(): LineIndex {
      return (lines ??= new LineIndex(parsed.text));
    },
    allSteps,
    stepById,
    templateByName: new Map(p.templates.map((t) => [t.name, t])),
    paramByName: new Map(p.params.map((x) => [x.name, x])),
  };
}

/** The step whose `id: {…}` pair contains the offset (defined in this file). */
export function stepAt(analysis: PipelineAnalysis, offset: number): Step | undefined {
  for (const s of analysis.allSteps) {
    if (!s.origin?.file && s.range.start <= offset && offset <= s.range.end) return s;
  }
  return undefined;
}

/** True when the offset is inside (or at either edge of) the range. */
export function contains(range: TextRange, offset: number): boolean {
  return range.start <= offset && offset <= range.end;
}

/** The range without surrounding quotes, when the text there is a quoted scalar. */
export function unquoted(text: string, range: TextRange): TextRange {
  const first = text[range.start];
  if ((first === '"' || first === "'") && text[range.end - 1] === first && range.end - range.start >= 2) {
    return { start: range.start + 1, end: range.end - 1 };
  }
  return range;
}
