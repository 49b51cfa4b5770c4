// Options and results of one pipeline run: RunOptions → RunHandle → RunSummary.
import type { RunStatus, StepStatus, RunEvent } from '../contracts/events.js';
import type { Conclusion } from '../contracts/statusMapping.js';
import type { StepType } from '../contracts/StepType.js';
import type { Approver } from './approvals/Approver.js';
import type { Event } from './events/Emitter.js';
import type { SecretProvider } from './secrets/SecretProvider.js';
import type { RunStore } from './store/RunStore.js';
import type { ArtifactLimits } from './artifacts/artifactTypes.js';
import type { CiContext } from '../pipeline/ci/ciContext.js';
import type { DebugHook } from './debug/debugTypes.js';

/** Interpreters and shells the step types use when the pipeline names none (settings / flags). */
export interface InterpreterOptions {
  shell?: string;
  python?: string;
  node?: string;
}

/** How to run a pipeline. Everything is optional; see each field for the default. */
export interface RunOptions {
  /** Values for `params`; missing ones take their defaults. */
  params?: Record<string, unknown>;
  /** Folder relative paths resolve against. Default: the pipeline file's folder, else the process cwd. */
  workspace?: string;
  /** Steps run at once. Default: the pipeline's `concurrency`, else 4. */
  concurrency?: number;
  /** Where records and logs go; without one the run is not recorded. */
  store?: RunStore;
  secrets?: SecretProvider;
  approver?: Approver;
  /** Step types by `type:` (only these); default every built-in one, each loaded on first use. */
  stepTypes?: ReadonlyMap<string, StepType>;
  /** SIGTERM → SIGKILL grace on cancel and timeout. Default 5000 ms. */
  killGraceMs?: number;
  /** Whole-run timeout; when it fires the run ends `timed-out` (finally steps still run). */
  timeoutMs?: number;
  /** Stop starting new steps after the first failure. Default false (independent branches go on). */
  failFast?: boolean;
  /** Ignore up-to-date checks (`cache`). */
  force?: boolean;
  /** What one step may keep as `artifacts` (default 100 MiB and 1,000 files). */
  artifactLimits?: Partial<ArtifactLimits>;
  /** Rerun this step and everything after it; reuse recorded outputs of the rest (latest run). */
  from?: string;
  /** Rerun what failed (and everything after it) in this run; reuse the rest of its outputs. */
  rerunFailed?: string;
  /** Call each step type's dry run instead of running it. */
  dryRun?: boolean;
  /** Who or what started the run (`cli`, `editor`, …). */
  trigger?: string;
  /** Environment below the pipeline's `env`. Default: process.env. */
  baseEnv?: Record<string, string | undefined>;
  /** Log batching interval. Default 50 ms. */
  logBatchMs?: number;
  interpreters?: InterpreterOptions;
  /** The `ci` context to use instead of reading CI variables and git (tests, callers that know it). */
  ci?: CiContext;
  /** A debugger asked before each instance is evaluated (see debug/DebugController.ts). */
  debug?: DebugHook;
  /** Fixed run id (tests); default a time-ordered random id. */
  runId?: string;
}

/** One step instance's outcome. */
export interface StepSummary {
  step: string;
  stepId: string;
  status: StepStatus;
  attempts: number;
  durationMs: number;
  exitCode?: number;
  reason?: string;
  /** Masked output values. */
  outputs: Record<string, string>;
  isFinally: boolean;
  /** GitHub's result before / after continueOnError (contracts/statusMapping). */
  outcome?: Conclusion | 'running';
  conclusion?: Conclusion | 'running';
}

/** The outcome of a run, in plan order. */
export interface RunSummary {
  runId: string;
  status: RunStatus;
  /** `status` in GitHub's values (contracts/statusMapping). */
  conclusion?: Conclusion | 'running';
  durationMs: number;
  steps: StepSummary[];
  /** Why the run could not start (a missing secret or parameter). */
  error?: string;
}

/** A started run. Subscribe with `onEvent` right after starting: the first event fires on the next tick. */
export interface RunHandle {
  runId: string;
  onEvent: Event<RunEvent>;
  /** Stops starting steps and terminates running ones; `force` kills at once and skips the grace period. */
  cancel(reason?: string, options?: { force?: boolean }): void;
  done: Promise<RunSummary>;
}
