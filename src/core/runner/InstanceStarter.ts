// Starts each instance of a run when its dependencies are done: the start checks decide whether it
// runs (startChecks.ts), then it waits for a concurrency slot and goes through its attempts.
import { toleratesFailure } from '../pipeline/model.js';
import { jobScopedSteps, jobsContext } from '../pipeline/jobs/jobsContext.js';
import type { Executor, StepType } from '../contracts/StepType.js';
import type { LogStream, RunEvent, StepQueuedEvent, StepStatus } from '../contracts/events.js';
import { conclusionOf } from '../contracts/statusMapping.js';
import type { ToolError } from '../contracts/result.js';
import { requestApprovalWithTimeout } from './approvals/Approver.js';
import { cacheEntryAfterSuccess } from './cache/upToDate.js';
import { keepArtifacts } from './artifacts/keepArtifacts.js';
import { neededInstances } from './artifacts/wireArtifacts.js';
import { evaluateExpression, interpolate, interpolateDeep, type ExpressionContext } from './pipelineApi.js';
import { truthy } from '../pipeline/expressions/coerce.js';
import type { StepInstance } from './planInstances.js';
import type { ReusedStep } from './rerun.js';
import { runAttempts, type AttemptHost } from './runAttempts.js';
import { withServices, type ServicesHost } from './services/withServices.js';
import { JobServices } from './services/JobServices.js';
import { withRunFolder } from './runFolder.js';
import type { InstanceResult, RunView } from './runState.js';
import { AFTER_SLOT, BEFORE_QUEUED, BEFORE_SLOT, firstVerdict, pipelineKeyOf, ready, reasonOf, type Candidate, type CheckHost, type GateDecision, type Verdict } from './startChecks.js';
import { Slots } from './scheduler/Slots.js';
import { inMatrixJob, JobInstances } from './scheduler/JobInstances.js';
import type { StoredRecord } from './store/RunStore.js';
import type { DebugEdit } from './debug/debugTypes.js';
import type { AttemptOutputFile } from './outputs/AttemptOutputFile.js';
import { evaluateEnvLayers, layeredEnv, stepCwd, type RunnerStepContext } from './stepContext.js';

/** The layer below an expression's `env` context (never the host's variables); copied, never written. */
const EMPTY_ENV: Readonly<Record<string, string>> = Object.freeze({});

function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

/** What the runner lends to the instance starter. */
export interface StarterHost {
  readonly run: RunView;
  /** Records, then delivers to listeners. */
  emit(e: RunEvent): void;
  /** Masks, writes to the step's log file, and batches into `step-log` events. */
  log(step: string, stream: LogStream, text: string): void;
  /** The same for a read of a step's process output as bytes, masked in place. */
  logBytes(step: string, stream: 'stdout' | 'stderr', bytes: Buffer): void;
  /** Releases held masking tails and pending log batches of a step. */
  endStreams(step: string): void;
  mask(text: string): string;
  maskDeep<T>(value: T): T;
  /** The step type named `type`, or undefined when there is none. */
  stepType(type: string): StepType | undefined | Promise<StepType | undefined>;
  /** The executor for an instance (cached per spec), or the error saying why it is unavailable. */
  executorFor(inst: StepInstance): Executor | ToolError;
  /** Stores the result of an instance that ran. */
  record(inst: StepInstance, result: InstanceResult): void;
  /** Records an instance that never started, with its `step-end`. */
  finishUnstarted(inst: StepInstance, status: StepStatus, reason: string, extra?: Partial<InstanceResult>): InstanceResult;
  /** Masks and appends to a step's stored log file only: no live event. */
  appendStoredLog(step: string, text: string): void;
  /** Stores a record listeners do not get (an up-to-date cache entry). */
  storeOnly(record: StoredRecord): void;
  /** Applies and records a debugger's edit (see debug/); the problem when refused. */
  applyDebugEdit(before: StepInstance, edit: DebugEdit): string | undefined;
}

/** Runs phases (main steps, then finally steps) of one run. */
export class InstanceStarter {
  private readonly slots: Slots;
  private readonly matrixSlots = new Map<string, Slots>();
  /** Matrix jobs: `maxParallel` and `failFast` per job instance. */
  private readonly jobs: JobInstances;
  /** `services:` of jobs, one set per job instance. */
  private readonly jobServices: JobServices;
  private readonly checkHost: CheckHost;
  /** The same for every instance of the run: built once, not per instance. */
  private readonly attemptHost: AttemptHost;

  constructor(
    private readonly host: StarterHost,
    private readonly reused: ReadonlyMap<string, ReusedStep>,
  ) {
    const c = host.run.options.concurrency ?? host.run.pipeline.concurrency ?? 4;
    this.slots = new Slots(Math.max(1, c));
    this.jobs = new JobInstances(host.run.instances, host.run.pipeline.jobs);
    this.jobServices = new JobServices(host.run.pipeline.jobs);
    this.checkHost = {
      run: host.run,
      stepType: (type) => host.stepType(type),
      executorFor: (inst) => host.executorFor(inst),
      expressionContext: (inst, failed, skipped) => this.expressionContext(inst, failed, skipped),
      approve: (inst, message, approvers, timeoutMs, signal) => this.approve(inst, message, approvers, timeoutMs, signal),
      applyDebugEdit: (before, edit) => host.applyDebugEdit(before, edit),
    };
    const { run } = host;
    this.attemptHost = { runId: run.runId, emit: (e) => host.emit(e), log: (s, st, t) => host.log(s, st, t), endStreams: (s) => host.endStreams(s), mask: (t) => host.mask(t), outputFiles: run.outputFiles, dryRun: !!run.options.dryRun };
  }

  /** Starts every instance as soon as its dependencies are done; resolves when all have ended. */
  async runPhase(instances: readonly StepInstance[], signal: AbortSignal): Promise<void> {
    const done = new Map<string, Promise<void>>();
    const deferreds = new Map<string, () => void>();
    for (const i of instances) done.set(i.key, new Promise<void>((r) => deferreds.set(i.key, r)));
    await Promise.all(
      instances.map(async (inst) => {
        try {
          await Promise.all(inst.deps.map((d) => done.get(d)));
          await this.start(inst, this.jobs.signalFor(inst, signal));
        } catch (e) {
          if (!this.host.run.results.has(inst.key)) this.host.finishUnstarted(inst, 'failed', `internal error: ${e instanceof Error ? e.message : String(e)}`);
        } finally {
          // Before dependents start: a failFast cancel of the sibling job instances comes first.
          const jobEnded = this.jobs.ended(inst, !!this.host.run.results.get(inst.key)?.failedHard);
          // Steps that need the job start once its services are gone, as after a GitHub job.
          if (jobEnded !== undefined) await this.jobServices.stop(jobEnded);
          deferreds.get(inst.key)!();
        }
      }),
    );
    await this.jobServices.drain();
  }

  private expressionContext(inst: StepInstance, failed: boolean, skipped = false): ExpressionContext {
    const { run } = this.host;
    const base: ExpressionContext = {
      params: run.params,
      env: {},
      secrets: run.secrets,
      steps: jobScopedSteps(inst.step.job !== undefined ? run.pipeline.jobs?.find((j) => j.name === inst.step.job) : undefined, inst.matrix, run.stepsContext),
      matrix: inst.matrix,
      run: { id: run.runId, workspace: run.workspace },
      pipeline: { status: conclusionOf(run.currentStatus()), name: run.pipeline.name },
      state: { failed, cancelled: run.cancelSignal.aborted, skipped },
      ...(run.ci ? { ci: run.ci } : {}),
    };
    if (run.pipeline.jobs?.length) base.jobs = jobsContext(run.pipeline, { ...base, steps: run.stepsContext });
    // The `env` context: pipeline and step `env:` as the process sees them (a value that cannot be
    // evaluated stays as written; the step fails on it when its process environment is built).
    // `base` is this call's own object and its `env` is read only once the layers are evaluated, so it is
    // filled in place rather than copied.
    const runnerEnv = this.runnerEnv(inst);
    base.env = Object.assign(evaluateEnvLayers(EMPTY_ENV, [run.pipeline.env, inst.step.env], base, runnerEnv, true), runnerEnv);
    return base;
  }

  /**
   * The ANSFLOW_* variables a step's process gets that are known before it starts (the attempt and
   * its output file are not): expressions in `with` and `env:` see the same values.
   */
  private runnerEnv(inst: StepInstance): Record<string, string> {
    const { run } = this.host;
    return {
      ANSFLOW: '1',
      ANSFLOW_RUN_ID: run.runId,
      ANSFLOW_STEP: inst.key,
      ANSFLOW_STEP_ID: inst.step.id,
      ANSFLOW_WORKSPACE: run.workspace,
      ...(run.artifacts ? { ANSFLOW_ARTIFACTS: run.artifacts.viewPath(inst.key) } : {}),
    };
  }

  private async start(inst: StepInstance, signal: AbortSignal): Promise<void> {
    const { run } = this.host;
    const deps = inst.deps.map((d) => run.results.get(d)!).filter(Boolean);
    const upstreamFailed = deps.some((d) => d.failedHard || d.upstreamFailed);
    const status = inst.isFinally ? run.currentStatus() : undefined;
    const c: Candidate = {
      host: this.checkHost,
      inst,
      signal,
      reused: this.reused.get(inst.key),
      deps,
      upstreamFailed,
      // For `finally` steps, success()/failure() describe the whole run.
      failed: upstreamFailed || status === 'failed' || status === 'timed-out',
      skippedDep: deps.find((d) => d.status === 'skipped' || d.status === 'cancelled'),
    };
    const skip = (v: Verdict) => void this.host.finishUnstarted(inst, v.status, v.reason, { upstreamFailed, ...v.extra });

    const v0 = firstVerdict(BEFORE_QUEUED, c);
    const before = v0 instanceof Promise ? await v0 : v0;
    // A failure before the start is tolerated by the same continueOnError as one while running.
    const tolerance = before && before.status !== 'failed' ? undefined : this.resolveContinueOnError(c);
    if (tolerance) return skip(tolerance);
    if (before) return skip(before);
    // Optional fields set in place (key order as recorded), not spread from temporary objects.
    const queued: StepQueuedEvent = { type: 'step-queued', runId: run.runId, time: Date.now(), step: inst.key, stepId: inst.step.id };
    if (c.name !== undefined) queued.name = this.host.mask(c.name);
    if (hasKeys(inst.matrix)) queued.matrix = this.host.maskDeep(inst.matrix);
    this.host.emit(queued);
    const v1 = firstVerdict(BEFORE_SLOT, c);
    const gate = v1 instanceof Promise ? await v1 : v1;
    if (gate) return skip(gate);

    const group = this.groupSlots(inst);
    let held = false;
    try {
      await this.jobs.acquire(inst, signal);
      await group?.acquire(signal);
      try {
        await this.slots.acquire(signal);
        held = true;
      } catch (e) {
        group?.release();
        throw e;
      }
    } catch {
      return skip({ status: 'cancelled', reason: `not started: ${reasonOf(signal)}` });
    }
    const v2 = firstVerdict(AFTER_SLOT, c);
    const late = v2 instanceof Promise ? await v2 : v2;
    if (late) {
      this.slots.release();
      group?.release();
      return skip(late);
    }
    const releaseSlot = () => {
      if (held) {
        held = false;
        this.slots.release();
      }
    };
    const reacquireSlot = async (s: AbortSignal) => {
      if (!held) {
        await this.slots.acquire(s);
        held = true;
      }
    };
    try {
      await this.runStarted(c, releaseSlot, reacquireSlot);
    } finally {
      releaseSlot();
      group?.release();
    }
  }

  /**
   * Evaluates `continueOnError: ${{ }}` in the instance's own context (its matrix, params, steps…)
   * and gives the instance a copy of its step with the result, so every later reader of
   * `inst.step.continueOnError` (results, records, the status mapping) sees this instance's value.
   */
  private resolveContinueOnError(c: Candidate): Verdict | undefined {
    const expr = c.inst.step.continueOnErrorExpr;
    if (!expr || !c.ctx) return undefined;
    let value: unknown;
    try {
      // A lone `${{ }}` keeps its value's type; text around it makes a string, as in GitHub.
      value = interpolateDeep(expr.value, c.ctx);
    } catch (e) {
      return { status: 'failed', reason: `cannot evaluate continueOnError: ${e instanceof Error ? e.message : String(e)}` };
    }
    c.inst.step = { ...c.inst.step, continueOnError: truthy(value) };
    return undefined;
  }

  /** Runs the attempts of an instance that passed every check, and records how it ended. */
  private async runStarted(c: Candidate, releaseSlot: () => void, reacquireSlot: (s: AbortSignal) => Promise<void>): Promise<void> {
    const h = this.host;
    const { run } = h;
    const { inst, signal } = c;
    const { step } = inst;
    const ctx = ready(c.ctx, 'the expression context');
    const withParams = ready(c.withParams, 'with');
    const services: ServicesHost = { appendStoredLog: (t) => h.appendStoredLog(inst.key, t), expressions: { ctx, step, pipelineEnv: run.pipeline.env, outputDir: run.outputDir, shell: run.options.interpreters?.shell ?? run.pipeline.defaults.shell } };
    // Files a step writes for its tools (vars, values, passwords) go inside the run folder.
    const result = await withRunFolder(run.outputDir, () =>
      runAttempts(
        this.attemptHost,
        {
          inst,
          type: this.jobServices.wrap(withServices(ready(c.type, 'the step type'), step.services, services), inst, this.jobs.keyOf(inst), services),
          executor: ready(c.executor, 'the executor'),
          retry: step.retry ?? run.pipeline.defaults.retry,
          timeoutMs: step.timeoutMs ?? run.pipeline.defaults.timeoutMs,
          signal,
          releaseSlot,
          reacquireSlot,
          ...(run.options.debug?.afterFailure ? { afterFailure: (f) => run.options.debug!.afterFailure!(inst, f, signal) } : {}),
          makeContext: (attempt, attemptSignal, outputFile) => this.stepContext(c, ctx, withParams, attempt, attemptSignal, outputFile, releaseSlot, reacquireSlot),
        },
      ),
    );
    const failedHard = (result.status === 'failed' || result.status === 'timed-out') && !toleratesFailure(step, result.exitCode);
    // Before dependents can start (they start once this method returns), and also after a failure:
    // a failing step's reports are what people need most.
    if (run.artifacts && step.artifacts.length && result.attempts > 0) {
      keepArtifacts({ artifacts: run.artifacts, workspace: run.workspace, appendStoredLog: (s, t) => h.appendStoredLog(s, t) }, inst, stepCwd(run.workspace, run.pipeline, inst, ctx));
    }
    h.record(inst, { step: inst.key, stepId: step.id, isFinally: inst.isFinally, ...result, failedHard, upstreamFailed: c.upstreamFailed || failedHard });
    if (result.status === 'success' && c.cacheKey && run.options.store) {
      const entry = cacheEntryAfterSuccess(c.cacheKey, ready(c.cacheCwd, 'the cache folder'), step.cache!, run.runId, h.maskDeep(result.outputs));
      run.options.store.writeCacheEntry(pipelineKeyOf(run), inst.key, entry);
      h.storeOnly({ type: 'cache-entry', runId: run.runId, time: Date.now(), step: inst.key, entry });
    }
  }

  private groupSlots(inst: StepInstance): Slots | undefined {
    const max = inst.step.matrix?.maxParallel;
    if (!max || inMatrixJob(inst.step, this.host.run.pipeline.jobs)) return undefined;
    let s = this.matrixSlots.get(inst.step.id);
    if (!s) this.matrixSlots.set(inst.step.id, (s = new Slots(max)));
    return s;
  }

  private async approve(inst: StepInstance, message: string, approvers: string[], timeoutMs: number | undefined, signal: AbortSignal): Promise<GateDecision> {
    const h = this.host;
    const { run } = h;
    // The approver shows the message in a modal or a terminal prompt, so it gets the masked text too.
    const shown = h.mask(message);
    h.emit({ type: 'approval-requested', runId: run.runId, time: Date.now(), step: inst.key, message: shown, approvers });
    let decision: GateDecision = 'rejected';
    let by: string | undefined;
    let reason: string | undefined;
    if (!run.options.approver) reason = 'no approver is available for this run';
    else {
      try {
        const d = await requestApprovalWithTimeout(run.options.approver, { runId: run.runId, step: inst.key, message: shown, approvers, signal }, timeoutMs);
        decision = d.decision;
        by = 'by' in d ? d.by : undefined;
        reason = d.reason;
      } catch {
        reason = 'cancelled while waiting for approval';
      }
    }
    if (reason && decision !== 'approved') h.log(inst.key, 'system', `[ansflow] approval ${decision}: ${reason}\n`);
    h.emit({ type: 'approval-resolved', runId: run.runId, time: Date.now(), step: inst.key, decision, ...(by ? { by } : {}) });
    return decision;
  }

  private stepContext(
    c: Candidate,
    expr: ExpressionContext,
    withParams: Record<string, unknown>,
    attempt: number,
    signal: AbortSignal,
    outputFile: AttemptOutputFile,
    releaseSlot: () => void,
    reacquireSlot: (s: AbortSignal) => Promise<void>,
  ): RunnerStepContext {
    const h = this.host;
    const { run } = h;
    const { inst } = c;
    const outputs: Record<string, string> = {};
    const runnerEnv = this.runnerEnv(inst);
    const env = layeredEnv(run.baseEnv, run.pipeline, inst, expr, runnerEnv);
    // Set one by one in the order the process has always seen them: no temporary objects per attempt.
    for (const k in runnerEnv) env[k] = runnerEnv[k]!;
    env.ANSFLOW_ATTEMPT = String(attempt);
    env.ANSFLOW_OUTPUT = outputFile.path;
    if (run.artifacts) env.ANSFLOW_ARTIFACTS = run.artifacts.provide(inst.key, neededInstances(inst, run.byKey));
    // Values the step's scripts read by reference (see interpolateWith).
    if (c.injected) Object.assign(env, c.injected.env);
    return {
      runId: run.runId,
      step: inst.key,
      stepId: inst.step.id,
      attempt,
      with: withParams,
      env,
      cwd: stepCwd(run.workspace, run.pipeline, inst, expr),
      workspace: run.workspace,
      signal,
      executor: ready(c.executor, 'the executor'),
      secrets: run.secrets,
      dryRun: !!run.options.dryRun,
      interpreters: { shell: run.pipeline.defaults.shell, ...run.options.interpreters },
      log: (stream, text) => h.log(inst.key, stream, text),
      logBytes: (stream, bytes) => h.logBytes(inst.key, stream, bytes),
      progress: (message, fraction, detail) =>
        h.emit({ type: 'step-progress', runId: run.runId, time: Date.now(), step: inst.key, message: h.mask(message), ...(fraction !== undefined ? { fraction } : {}), ...(detail ? { detail: h.maskDeep(detail) } : {}) }),
      setOutput: (name, value) => {
        outputs[name] = value;
        h.emit({ type: 'step-output', runId: run.runId, time: Date.now(), step: inst.key, name, value: h.mask(value) });
      },
      outputsSoFar: () => outputs,
      outputFile,
      forceSignal: run.forceSignal,
      interpolate: (text) => interpolate(text, expr),
      evaluate: (source) => evaluateExpression(source, expr),
      requestApproval: async (message, approvers, timeoutMs) => {
        // Waiting for a person must not hold a concurrency slot.
        releaseSlot();
        try {
          return await this.approve(inst, message, approvers, timeoutMs, signal);
        } finally {
          await reacquireSlot(run.forceSignal).catch(() => {});
        }
      },
    };
  }
}
