// The state of one run in one object: its plan, what was resolved when it started, each instance's
// result as it ends, and the run-level signals. The runner owns it; the parts that decide and start
// instances get the read-only RunView, and results change only through `record`.
import { setMaxListeners } from 'node:events';
import type { RunStatus } from '../contracts/events.js';
import type { ToolError } from '../contracts/result.js';
import { stepResult } from '../contracts/statusMapping.js';
import { toleratesFailure, type Pipeline } from '../pipeline/model.js';
import type { RunArtifacts } from './artifacts/RunArtifacts.js';
import type { ExpressionContext } from './pipelineApi.js';
import type { StepInstance } from './planInstances.js';
import type { RunOptions, StepSummary } from './runTypes.js';
import type { DebugEdit } from './debug/debugTypes.js';
import { OutputFilePool } from './outputs/OutputFilePool.js';

/** Where one instance stands; `failedHard` marks failures that fail the run and block dependents. */
export interface InstanceResult extends StepSummary {
  failedHard: boolean;
  /** A hard failure happened upstream (this one or a dependency, transitively). */
  upstreamFailed: boolean;
}

/** What deciding on and starting an instance may read of the run, never write. */
export interface RunView {
  readonly runId: string;
  readonly pipeline: Pipeline;
  /** Folder relative paths resolve against. */
  readonly workspace: string;
  /** The run's private temp folder (per-attempt output files, files written for tools). */
  readonly outputDir: string;
  /** Names of the attempts' outputs files in {@link outputDir}, reused once left empty. */
  readonly outputFiles: OutputFilePool;
  readonly options: Readonly<RunOptions>;
  /** Every instance in plan order: main steps, then `finally` steps. */
  readonly instances: readonly StepInstance[];
  readonly byKey: ReadonlyMap<string, StepInstance>;
  readonly params: Readonly<Record<string, unknown>>;
  readonly secrets: Readonly<Record<string, string>>;
  /** The environment below the pipeline's `env` (copied once per run). */
  readonly baseEnv: Readonly<Record<string, string>>;
  /** Kept files of steps declaring `artifacts` (undefined when none does). */
  readonly artifacts: RunArtifacts | undefined;
  /** Results of the instances that have ended, by instance key. */
  readonly results: ReadonlyMap<string, InstanceResult>;
  /** The `steps.*` part of the expression context, updated as instances end. */
  readonly stepsContext: ExpressionContext['steps'];
  /** The `ci.*` context (undefined when the pipeline never reads it). */
  readonly ci: ExpressionContext['ci'];
  /** Aborted by a cancel or the pipeline timeout: start nothing more, stop running main steps. */
  readonly cancelSignal: AbortSignal;
  /** Aborted by a forced cancel: also stop `finally` steps, at once. */
  readonly forceSignal: AbortSignal;
  /** The run's status as `pipeline.status` and `failure()` see it right now. */
  currentStatus(): RunStatus;
}

/** The one mutable record of a run; see {@link RunView} for what others may read. */
export class RunState implements RunView {
  readonly byKey: ReadonlyMap<string, StepInstance>;
  readonly results = new Map<string, InstanceResult>();
  readonly stepsContext: ExpressionContext['steps'] = {};
  params: Record<string, unknown> = {};
  secrets: Record<string, string> = {};
  ci: ExpressionContext['ci'];
  artifacts: RunArtifacts | undefined;
  private readonly runAbort = new AbortController();
  private readonly forceAbort = new AbortController();
  private endReason: 'cancelled' | 'timed-out' | undefined;
  /** The main steps' outcome, fixed when `finally` steps start (what they see as the run's status). */
  private mainStatus: RunStatus | undefined;
  /** Recorded results with `failedHard`: `currentStatus` is asked at every instance's start, so it must not walk them all. */
  private hardFailures = 0;
  /** Names of the attempts' outputs files in {@link outputDir}, reused once left empty. */
  readonly outputFiles: OutputFilePool;

  constructor(
    readonly runId: string,
    readonly pipeline: Pipeline,
    readonly workspace: string,
    readonly outputDir: string,
    readonly instances: readonly StepInstance[],
    readonly options: Readonly<RunOptions>,
    readonly baseEnv: Readonly<Record<string, string>>,
  ) {
    this.byKey = new Map(instances.map((i) => [i.key, i]));
    this.outputFiles = new OutputFilePool(outputDir);
    // Every waiting step listens on these; hundreds of listeners are expected, not a leak.
    setMaxListeners(0, this.runAbort.signal, this.forceAbort.signal);
  }

  get cancelSignal(): AbortSignal {
    return this.runAbort.signal;
  }

  get forceSignal(): AbortSignal {
    return this.forceAbort.signal;
  }

  /** Ends the run early; the first reason given is the run's status. */
  stop(reason: 'cancelled' | 'timed-out', error: ToolError): void {
    if (this.runAbort.signal.aborted) return;
    this.endReason = reason;
    this.runAbort.abort(error);
  }

  /** Stops `finally` steps too (a second cancel). */
  forceStop(error: ToolError): void {
    this.forceAbort.abort(error);
  }

  anyHardFailure(): boolean {
    return this.hardFailures > 0;
  }

  currentStatus(): RunStatus {
    if (this.mainStatus) return this.mainStatus;
    if (this.endReason) return this.endReason;
    return this.anyHardFailure() ? 'failed' : 'running';
  }

  /** Fixes the status `finally` steps see: they see the main steps' outcome, not each other's. */
  endMainPhase(): void {
    this.mainStatus = this.endReason ?? (this.anyHardFailure() ? 'failed' : 'success');
  }

  /** The run's final status once every phase has ended. */
  finalStatus(couldNotStart: boolean): RunStatus {
    return this.endReason ?? (this.anyHardFailure() || couldNotStart ? 'failed' : 'success');
  }

  /** A debugger's change to a param or a finished instance's output; the problem when refused. */
  applyDebugEdit(edit: DebugEdit): string | undefined {
    if (edit.kind === 'param') {
      if (!(edit.name in this.params) && !this.pipeline.params.some((p) => p.name === edit.name)) return `no param '${edit.name}'`;
      this.params[edit.name] = edit.value;
      return undefined;
    }
    const inst = this.byKey.get(edit.step);
    const result = this.results.get(edit.step);
    if (!inst || !result) return `step instance '${edit.step}' has not finished: only outputs of finished steps can change`;
    result.outputs = { ...result.outputs, [edit.name]: edit.value };
    this.stepsContext[edit.step] = { ...this.stepsContext[edit.step]!, outputs: result.outputs };
    // A matrix instance's outputs also show merged under its step id.
    const merged = this.stepsContext[inst.step.id];
    if (inst.key !== inst.step.id && merged) this.stepsContext[inst.step.id] = { ...merged, outputs: { ...merged.outputs, [edit.name]: edit.value } };
    return undefined;
  }

  /** Stores an instance's result and exposes it to later expressions. */
  record(inst: StepInstance, result: InstanceResult): void {
    if (this.results.get(inst.key)?.failedHard) this.hardFailures--;
    if (result.failedHard) this.hardFailures++;
    this.results.set(inst.key, result);
    // Expressions see GitHub's values (statusMapping): status is the conclusion.
    const { outcome, conclusion } = stepResult(result.status, toleratesFailure(inst.step, result.exitCode));
    this.stepsContext[inst.key] = { outputs: result.outputs, status: conclusion, outcome, conclusion };
    // `steps.<id>` of a matrix step: merged outputs; the worst instance result (failure first).
    if (inst.key !== inst.step.id) {
      const prev = this.stepsContext[inst.step.id];
      const o = worseOf(prev?.outcome, outcome);
      const c = worseOf(prev?.conclusion, conclusion);
      this.stepsContext[inst.step.id] = { outputs: { ...prev?.outputs, ...result.outputs }, status: c, outcome: o, conclusion: c };
    }
  }
}

const SEVERITY = ['skipped', 'success', 'running', 'cancelled', 'failure'];

/** The more severe of two GitHub results, as a matrix step's combined result. */
function worseOf(a: string | undefined, b: string): string {
  return a !== undefined && SEVERITY.indexOf(a) > SEVERITY.indexOf(b) ? a : b;
}
