// The pipeline model every surface shares: the runner executes it, the language service and the
// graph editor navigate it. Every node keeps the source range it came from (offsets into the text),
// so diagnostics, go-to-definition and graph-to-text edits can point back at the YAML.
import type { Document } from 'yaml';
import type { Diagnostic, TextRange } from '../contracts/diagnostics.js';

/** A value with the range of the YAML node it was read from. */
export interface Located<T> {
  value: T;
  range: TextRange;
}

export type ParamType = 'string' | 'number' | 'boolean' | 'choice';

/** A pipeline parameter (`params.<name>`), filled from the CLI, the editor's prompt or a caller. */
export interface ParamSpec {
  name: string;
  type: ParamType;
  description?: string;
  default?: string | number | boolean;
  required: boolean;
  /** Allowed values for `choice`. */
  values?: Array<string | number>;
  range: TextRange;
  nameRange: TextRange;
}

export type SecretSource =
  | { kind: 'secretStorage'; key?: string }
  | { kind: 'env'; variable: string }
  | { kind: 'file'; path: string };

/** A named secret (`secrets.<name>`); the value is never part of the model. */
export interface SecretSpec {
  name: string;
  description?: string;
  source: SecretSource;
  required: boolean;
  range: TextRange;
  nameRange: TextRange;
}

export type ExecutorSpec =
  | { kind: 'local' }
  | { kind: 'container'; image: string; pull?: 'always' | 'missing' | 'never'; options?: string[] }
  | { kind: 'kubernetes'; namespace?: string; image: string; context?: string; serviceAccount?: string; workspace?: boolean | { include?: string[]; exclude?: string[] }; startTimeout?: string | number };

export interface RetrySpec {
  /** Retries after the first attempt. */
  max: number;
  /** Delay before the first retry in ms; doubled per retry when `exponential`. */
  backoffMs: number;
  exponential: boolean;
  /** Retry only on these exit codes; empty means any failure. */
  onExitCodes: number[];
}

export interface MatrixSpec {
  /** Axis name → values, in source order. */
  axes: Record<string, Array<string | number | boolean>>;
  include: Array<Record<string, string | number | boolean>>;
  exclude: Array<Record<string, string | number | boolean>>;
  maxParallel?: number;
  failFast: boolean;
  range: TextRange;
}

export interface ApprovalSpec {
  message: string;
  approvers: string[];
  timeoutMs?: number;
}

/** A sidecar container started for a step on its own network (`services.<name>`); see runner/services. */
export interface ServiceSpec {
  name: string;
  image: string;
  /** Argv for the container (a `command:` string becomes `sh -c`); the image's own when absent. */
  command?: string[];
  /** Passed to the container as data (expressions evaluated), never through a command line. */
  env: Record<string, string>;
  /** Container ports; with the local executor each is published on 127.0.0.1. */
  ports: number[];
  /** Overrides the image's HEALTHCHECK; without either, "running" counts as ready. */
  healthcheck?: { command: string[]; intervalMs?: number; timeoutMs?: number; retries?: number };
  privileged: boolean;
  /** How long the service may take to become healthy. */
  startTimeoutMs: number;
}

export interface CacheSpec {
  sources: string[];
  generates: string[];
}

/** Folders kept between runs under `key`; restored before the step, saved after its success. */
export interface DependencyCacheSpec {
  key: string;
  paths: string[];
  /** Key prefixes tried in order when `key` has no entry. */
  restoreKeys: string[];
}

/** Where an expression `${{ … }}` occurs, so validators and editors can point inside strings. */
export interface ExpressionOccurrence {
  /** The text between `${{` and `}}`. */
  source: string;
  /** Range of the whole `${{ … }}` in the document. */
  range: TextRange;
  /** Offset of `source`'s first character in the document. */
  sourceOffset: number;
  /** Property path inside the step (or pipeline) where it was found, e.g. ['with', 'script']. */
  path: Array<string | number>;
  /** True for `if:` values, which are expressions even without `${{ }}`. */
  bare: boolean;
  /** Set when the `${{` has no closing `}}`. */
  unterminated?: boolean;
}

/** Where a step that came from a template or include was defined. */
export interface StepOrigin {
  template: string;
  file?: string;
  range: TextRange;
}

/** One step, keyed by id under `steps:` or `finally:`. */
export interface Step {
  id: string;
  idRange: TextRange;
  /** The whole `id: {…}` pair. */
  range: TextRange;
  name?: string;
  /** Resolved type; for `uses:` steps, the template's type. */
  type?: string;
  typeRange?: TextRange;
  uses?: Located<string>;
  /** The type's parameters, as plain JS values (templates merged, expressions unevaluated). */
  with: Record<string, unknown>;
  /** Ranges of each `with` key, for unknown-parameter diagnostics and links. */
  withKeyRanges: Record<string, TextRange>;
  withValueRanges: Record<string, TextRange>;
  needs: Array<Located<string>>;
  if?: Located<string>;
  env: Record<string, string>;
  matrix?: MatrixSpec;
  retry?: RetrySpec;
  timeoutMs?: number;
  continueOnError: boolean;
  /**
   * `continueOnError: ${{ matrix.experimental }}`: evaluated per instance when it starts (the runner
   * then sets `continueOnError` on that instance's copy of the step).
   */
  continueOnErrorExpr?: Located<string>;
  /** `continueOnError: [2, 3]`: only a failure with one of these exit codes does not fail the run. */
  continueOnExitCodes?: number[];
  /** Declared outputs: name → description (or expression). */
  outputs: Record<string, string>;
  workingDirectory?: string;
  executor?: ExecutorSpec;
  approval?: ApprovalSpec;
  /** The up-to-date check: `upToDate:`, or the deprecated `cache: {sources, generates}`. */
  cache?: CacheSpec;
  /** The dependency cache: `cache: {key, paths, restoreKeys}`. */
  dependencyCache?: DependencyCacheSpec;
  artifacts: string[];
  /** True for steps under `finally:`. */
  isFinally: boolean;
  expressions: ExpressionOccurrence[];
  origin?: StepOrigin;
  /** Sidecar containers running while the step runs, reachable by name or by a published port. */
  services?: ServiceSpec[];
  description?: string;
  /** Range of each key written in the step body (`type`, `with`, `needs`, …), for edits and diagnostics. */
  keyRanges?: Record<string, TextRange>;
  /** Range of the `with` mapping value, when written. */
  withRange?: TextRange;
  /** Names of matrix values an instance sees (axes plus include-only keys). */
  matrixKeys?: string[];
  /** The job this step belongs to (`jobs.<name>.steps`). */
  job?: string;
  /**
   * Step ids this step waits for without writing them in `needs`: the previous step of its job,
   * its job's `needs`, and the steps of a job named in `needs`. See {@link dependsOn}.
   */
  implicitNeeds?: string[];
}

/** A named group of steps sharing a matrix, env, working folder and executor (`jobs:`). */
export interface Job {
  name: string;
  nameRange: TextRange;
  range: TextRange;
  displayName?: string;
  description?: string;
  /** Jobs (or steps outside jobs) every step of this job waits for. */
  needs: Array<Located<string>>;
  matrix?: MatrixSpec;
  env: Record<string, string>;
  workingDirectory?: string;
  executor?: ExecutorSpec;
  /** Output name → expression over the job's steps (`${{ steps.build.outputs.tag }}`). */
  outputs: Record<string, string>;
  /** The job's step ids in written order (the steps themselves are in `Pipeline.steps`). */
  steps: string[];
  /** `${{ }}` in the job's own keys (`env`, `outputs`, …; not its steps), paths from the job. */
  expressions?: ExpressionOccurrence[];
  /** Started once per job instance for all of its steps; see runner/services/JobServices. */
  services?: ServiceSpec[];
}

/** Whether a failure of `step` (ending with `exitCode`, when it ran) is tolerated (`continueOnError`). */
export function toleratesFailure(step: Step, exitCode?: number): boolean {
  return step.continueOnError || (exitCode !== undefined && !!step.continueOnExitCodes?.includes(exitCode));
}

/** Every step id `step` waits for: its `needs` that name steps plus its implicit needs. */
export function dependsOn(step: Step): string[] {
  const ids = step.needs.map((n) => n.value);
  return step.implicitNeeds?.length ? [...ids, ...step.implicitNeeds] : ids;
}

export interface Defaults {
  shell?: string;
  timeoutMs?: number;
  retry?: RetrySpec;
  workingDirectory?: string;
  executor?: ExecutorSpec;
}

/** A reusable step body under `templates:` (or from an included file). */
export interface Template {
  name: string;
  nameRange: TextRange;
  range: TextRange;
  type?: string;
  with: Record<string, unknown>;
  /** The raw template body, for merging with `uses:` overrides. */
  body: Record<string, unknown>;
  file?: string;
  /** Range of the `type:` value (in `file` when set). */
  typeRange?: TextRange;
  /** Ranges of the template's own `with` keys (in `file` when set). */
  withKeyRanges?: Record<string, TextRange>;
  /** Range of the `extends:` value (in `file` when set); the base's name is `body.extends`. */
  extendsRange?: TextRange;
}

export interface IncludeRef {
  path: string;
  range: TextRange;
}

/** A parsed pipeline. Fields are filled as far as the text allows; problems go to diagnostics. */
export interface Pipeline {
  file?: string;
  version?: number;
  name?: string;
  description?: string;
  params: ParamSpec[];
  env: Record<string, string>;
  secrets: SecretSpec[];
  concurrency?: number;
  defaults: Defaults;
  includes: IncludeRef[];
  templates: Template[];
  steps: Step[];
  finally: Step[];
  /** Run only when this holds (GitLab's `workflow:rules`); false skips every step with the reason. */
  if?: Located<string>;
  /** Jobs in written order; their steps are in `steps` with `job` set. */
  jobs?: Job[];
  /** Expressions outside steps (e.g. in top-level `env`). */
  expressions: ExpressionOccurrence[];
  /** Range of each top-level key (`steps`, `params`, …). */
  keyRanges?: Record<string, TextRange>;
  /** Absolute paths of the `include:` files that were read (their templates are in `templates` with `file` set). */
  includedFiles?: string[];
}

/** What parse + validate returns for one text; never thrown away, even for broken input. */
export interface ParsedPipeline {
  text: string;
  pipeline: Pipeline;
  /** The yaml Document (ranges, comments), for editors that need the syntax tree. */
  document: Document.Parsed | undefined;
  diagnostics: Diagnostic[];
}
