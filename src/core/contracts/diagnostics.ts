/** Offsets into the source text (UTF-16 code units, end exclusive). Lines are computed only at the edges. */
export interface TextRange {
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** Stable diagnostic codes; tests and quick fixes key on these, never on message wording. */
export type DiagnosticCode =
  | 'yaml-syntax'
  | 'schema'
  | 'unknown-step-type'
  | 'unknown-parameter'
  | 'duplicate-id'
  | 'unknown-need'
  | 'cycle'
  | 'expression-syntax'
  | 'unknown-reference'
  | 'missing-need'
  | 'unknown-template'
  | 'include-not-found'
  | 'finally-misuse'
  | 'file-not-found'
  | 'multi-document'
  | 'step-failed'
  | 'cache-paths-changed'
  // `cache: {sources, generates}`: now `upToDate:` (issue 18).
  | 'cache-deprecated'
  | 'status-value'
  | 'condition-changed'
  | 'tool-output'
  | 'script-injection'
  | 'script-reparse'
  // `<<: [*a, *b]` where *a hides a value of *b (issue 17).
  | 'merge-key-ignored'
  // Limits on hostile input (issue 11): aliases, size, nesting, step count, encoding.
  | 'alias-limit'
  | 'too-large'
  | 'too-deep'
  | 'too-many-steps'
  | 'invalid-encoding'
  // A stand-in step left by `ansflow import` (issue 19).
  | 'placeholder-step';

export interface RelatedInformation {
  message: string;
  range: TextRange;
  /** Absent means the same file as the diagnostic. */
  file?: string;
}

/** One problem found in a pipeline text, located by offsets. See {@link TextRange}. */
export interface Diagnostic {
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  range: TextRange;
  related?: RelatedInformation[];
  /** Machine-readable hints for quick fixes, e.g. `{ suggestion: 'build' }`. */
  data?: Record<string, unknown>;
}
