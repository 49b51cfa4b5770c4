// One step type = one file implementing StepType. The runner resolves expressions in `with`
// before calling `run`, and owns retries, timeouts, masking and events; a step type only does its job.
import type { LogStream } from './events.js';

/** A spawned process described as data; executors decide where it runs (local, container, pod). */
export interface ProcessSpec {
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
  /** Text written to stdin, then closed. */
  input?: string;
}

export interface ProcessResult {
  exitCode: number;
  signal?: string;
}

/** Runs processes for a step; the local one kills the whole process group on abort. */
export interface Executor {
  readonly kind: 'local' | 'container' | 'kubernetes';
  run(spec: ProcessSpec, ctx: StepContext): Promise<ProcessResult>;
}

/** What a step type gets from the runner for one attempt. */
export interface StepContext {
  runId: string;
  /** Step instance key (id plus matrix suffix). */
  step: string;
  stepId: string;
  attempt: number;
  /** `with` after expression evaluation. */
  with: Record<string, unknown>;
  /** Fully layered environment (process < pipeline < step < matrix) plus ANSFLOW_* variables. */
  env: Record<string, string>;
  /** Absolute working directory. */
  cwd: string;
  /** Absolute path of the pipeline file's folder; relative paths in `with` resolve against it. */
  workspace: string;
  signal: AbortSignal;
  executor: Executor;
  /** Output goes through the runner's masking and batching. */
  log(stream: LogStream, text: string): void;
  /**
   * Process output as read (UTF-8 bytes), for executors that have bytes: masked in place, so the
   * buffer is overwritten. Optional: without it, decode and use {@link log}. A context that
   * replaces `log` must replace or drop this one too.
   */
  logBytes?(stream: Exclude<LogStream, 'system'>, bytes: Buffer): void;
  progress(message: string, fraction?: number, detail?: Record<string, unknown>): void;
  setOutput(name: string, value: string): void;
  /** Secret values by name (already resolved); never log them. */
  secrets: Readonly<Record<string, string>>;
  /** Approval gate, provided by the CLI prompt or the editor modal. */
  requestApproval(message: string, approvers: string[], timeoutMs?: number): Promise<'approved' | 'rejected' | 'timed-out'>;
  dryRun: boolean;
  /**
   * Evaluates `${{ }}` in text with this step's expression context, for text the step reads itself
   * (e.g. manifest files). Absent when the runner provides none: the text is used as is.
   */
  interpolate?(text: string): string;
  /** Evaluates one expression (the inside of `${{ }}`) with this step's context, keeping its type. */
  evaluate?(source: string): unknown;
}

export interface StepOutcome {
  /** 0 for success. */
  exitCode: number;
  /** Extra outputs beside those written to $ANSFLOW_OUTPUT / setOutput. */
  outputs?: Record<string, string>;
  /** Short reason when failing. */
  message?: string;
  /** Set when the step chose not to act (an optional target is empty): it ends `skipped` with this note. */
  skipped?: string;
}

/** Problems with a step's `with`, found without running anything (beyond the JSON schema). */
export interface StepParamProblem {
  /** The `with` key at fault, if any. */
  key?: string;
  message: string;
}

/**
 * How the runner substitutes `${{ }}` in one `with` key, so values never become code:
 * - `shell` / `python` / `node`: the key holds a script in that language; each expression becomes a
 *   reference to an environment variable, quoted for its lexical position (see src/core/runner/inject/);
 * - `raw`: left untouched; the step type substitutes itself (after splitting into arguments, as YAML
 *   scalars, …) with {@link StepContext.evaluate}.
 * Keys not listed are interpolated as plain values.
 */
export type WithValueKind = 'shell' | 'python' | 'node' | 'raw';

export interface StepType {
  /** The `type:` value, e.g. `shell`, `docker.build`. */
  readonly type: string;
  /** Keys of `with` whose `${{ }}` are not pasted as text; see {@link WithValueKind}. */
  readonly withValues?: Readonly<Record<string, WithValueKind>>;
  /** Checks the schema cannot express (mutually exclusive keys, file existence is not checked here). */
  validate?(withParams: Record<string, unknown>): StepParamProblem[];
  run(ctx: StepContext): Promise<StepOutcome>;
  /** A real dry run (server-side apply dry run, helm --dry-run, ansible --check); default prints the plan. */
  dryRun?(ctx: StepContext): Promise<StepOutcome>;
  /** One line for plans and hovers, e.g. "helm upgrade web ./chart". */
  describe?(withParams: Record<string, unknown>): string;
}

/** A tool invocation described as data: building is pure, running belongs to a runner. */
export interface ToolCommand<T> {
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
  input?: string;
  parse(stdout: string, stderr: string, exitCode: number): T;
}
