// The shape every problem matcher produces, and the context it reads files through. Pure: the CLI
// prints these, the editor turns them into Problems-panel entries.

/** How bad a matched problem is; `info` covers tool notes. */
export type ProblemSeverity = 'error' | 'warning' | 'info';

/** One problem found in tool output, located by 1-based line and column in an absolute file path. */
export interface Problem {
  /** Absolute path (resolved against the step's working directory). */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based; 1 when the tool gives no column. */
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
  severity: ProblemSeverity;
  /** Name of the matcher that found it, e.g. `tsc`; shown as the diagnostic source. */
  source: string;
  /** The tool's own code, e.g. `TS2322` or an eslint rule id. */
  code?: string;
}

/** Where a step's files are, so a matcher can point at a playbook task, a manifest field or a Dockerfile line. */
export interface ProblemHints {
  /** Dockerfile of a docker build step (absolute or relative to cwd). */
  dockerfile?: string;
  /** Chart folder of a helm step. */
  chartDir?: string;
  /** Playbook of an ansible step. */
  playbook?: string;
  /** Manifest files of a kubectl/kubernetes apply step. */
  manifests?: string[];
}

/** What a matcher may know about the step whose output it reads. See {@link ProblemMatcher}. */
export interface MatchContext {
  /** Absolute working directory of the step; relative paths in output resolve against it. */
  cwd: string;
  /** Reads a file for matchers that need its text (to find a task or a manifest field); undefined when absent. */
  readFile?: (absPath: string) => string | undefined;
  hints?: ProblemHints;
}

/** A stateful reader of one output stream, fed one line at a time (ANSI codes already stripped). */
export interface LineMatcher {
  line(text: string): Problem[];
  /** Flushes what a multi-line format still holds when the stream ends. */
  end(): Problem[];
}

/** A named matcher for one tool's output format; `create` starts a fresh state per stream. */
export interface ProblemMatcher {
  readonly name: string;
  create(ctx: MatchContext): LineMatcher;
}
