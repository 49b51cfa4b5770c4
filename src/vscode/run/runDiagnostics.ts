// Pure mapping from a run's outcome to Problems-panel entries: a failed step becomes an error on its
// id in the pipeline file (exit code and last output lines), matcher hits stay at their file:line.
// The editor glue converts these to vscode.Diagnostic; nothing here imports vscode.
import type { Problem } from '../../core/problems/index.js';
import type { ParsedPipeline, Step } from '../../core/pipeline/model.js';
import { meaningfulReason } from './format.js';

/** A 0-based position, as VS Code counts. */
export interface Pos0 {
  line: number;
  character: number;
}

/** A Problems-panel entry before it becomes a vscode.Diagnostic. */
export interface RunDiagnostic {
  file: string;
  start: Pos0;
  end: Pos0;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** `step-failed` for step failures (a DiagnosticCode), the tool's code for matcher hits. */
  code?: string;
  /** Shown as the diagnostic's source, e.g. `ansflow` or `ansflow:tsc`. */
  source: string;
}

/** Converts an offset to a 0-based line/character. */
export function offsetToPos0(text: string, offset: number): Pos0 {
  let line = 0;
  let lineStart = 0;
  const end = Math.min(Math.max(0, offset), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: end - lineStart };
}

/** Finds a step (regular or `finally`) by id. */
export function findStep(parsed: ParsedPipeline, stepId: string): Step | undefined {
  return parsed.pipeline.steps.find((s) => s.id === stepId) ?? parsed.pipeline.finally.find((s) => s.id === stepId);
}

/** What the Problems panel needs to know about one failed step. */
export interface StepFailure {
  /** Instance key (matrix suffix included). */
  step: string;
  stepId: string;
  status: string;
  exitCode?: number;
  reason?: string;
  /** Last lines of its output, already masked by the runner. */
  lastLines: string[];
}

/** The error on a failed step's id in the pipeline file; undefined when the step is not in the text. */
export function stepFailureDiagnostic(parsed: ParsedPipeline, file: string, failure: StepFailure): RunDiagnostic | undefined {
  const step = findStep(parsed, failure.stepId);
  if (!step) return undefined;
  // The id key is one line; squiggling the whole step body would hide the YAML under red.
  const range = step.origin && !step.origin.file ? step.origin.range : step.idRange;
  const exit = failure.exitCode !== undefined ? ` with exit code ${failure.exitCode}` : '';
  const what = failure.status === 'timed-out' ? 'timed out' : `failed${exit}`;
  const why = meaningfulReason(failure.reason, failure.exitCode);
  const reason = why ? `: ${why}` : '';
  const tail = failure.lastLines.length ? `\n${failure.lastLines.join('\n')}` : '';
  return {
    file,
    start: offsetToPos0(parsed.text, range.start),
    end: offsetToPos0(parsed.text, range.end),
    severity: 'error',
    message: `Step '${failure.step}' ${what}${reason}${tail}`,
    code: 'step-failed',
    source: 'ansflow',
  };
}

/** A matcher hit as a Problems-panel entry (tool positions are 1-based). */
export function problemDiagnostic(p: Problem, step: string): RunDiagnostic {
  const start = { line: Math.max(0, p.line - 1), character: Math.max(0, p.column - 1) };
  const end =
    p.endLine !== undefined
      ? { line: p.endLine - 1, character: Math.max(0, (p.endColumn ?? p.column) - 1) }
      : { line: start.line, character: Number.MAX_SAFE_INTEGER };
  return { file: p.file, start, end, severity: p.severity, message: `${p.message} [step ${step}]`, code: p.code, source: `ansflow:${p.source}` };
}

/** Groups diagnostics by file, keeping order; the glue sets each group on a collection. */
export function groupByFile(diags: readonly RunDiagnostic[]): Map<string, RunDiagnostic[]> {
  const map = new Map<string, RunDiagnostic[]>();
  for (const d of diags) {
    const list = map.get(d.file) ?? [];
    list.push(d);
    map.set(d.file, list);
  }
  return map;
}
