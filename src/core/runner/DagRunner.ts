// Runs a parsed pipeline as a true DAG: each step instance starts the moment its own `needs` are
// done (not layer by layer), bounded by `concurrency` and each matrix step's (or matrix job's) `maxParallel`.
// `finally` steps run after everything else with a fresh signal, so they also run after a failure,
// a cancel or a pipeline timeout.
//
// @example
// const run = runPipeline(parsePipeline(text, { file }), { store, params: { env: 'dev' } });
// run.onEvent((e) => console.log(e.type));
// const summary = await run.done;
import { toleratesFailure, type Step } from '../pipeline/model.js';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { LogStream, RunEvent, StepStatus } from '../contracts/events.js';
import type { Executor, StepType } from '../contracts/StepType.js';
import { ToolError } from '../contracts/result.js';
import { conclusionOf, stepResult } from '../contracts/statusMapping.js';
import type { ParsedPipeline } from '../pipeline/model.js';
import { Emitter } from './events/Emitter.js';
import { LogBatcher } from './events/LogBatcher.js';
import { createExecutor } from './executors/index.js';
import { SecretMasker } from './masking/SecretMasker.js';
import { StepLogRouter } from './events/StepLogRouter.js';
import { maskError, rememberSecrets } from './masking/knownSecrets.js';
import { createRunFolder, removeStaleRunFolders, runFolderPath } from './runFolder.js';
import { planInstances, type StepInstance } from './planInstances.js';
import { jobRefs } from './jobRefs.js';
import { resolveSecrets } from './secrets/SecretProvider.js';
import { loadedStepType, loadStepType } from './steps/index.js';
import type { RunWriter, StoredRecord } from './store/RunStore.js';
import type { RunHandle, RunOptions, RunSummary } from './runTypes.js';
import { InstanceStarter, type StarterHost } from './InstanceStarter.js';
import { RunState, type InstanceResult, type RunView } from './runState.js';
import { resolveParams } from './stepContext.js';
import { ciForRun, pipelineSkipReason } from './pipelineGate.js';
import { selectReused, type ReusedStep } from './rerun.js';
import { createRunArtifacts, reuseArtifacts } from './artifacts/wireArtifacts.js';
import type { DebugEdit } from './debug/debugTypes.js';

/** A time-ordered, unique run id: `YYYYMMDD-HHMMSS-xxxxxx`. */
export function newRunId(now = new Date()): string {
  const iso = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${iso}-${randomBytes(3).toString('hex')}`;
}

export type { InstanceResult } from './runState.js';

/** Runs one pipeline once. Use {@link runPipeline} unless you need the object. */
export class DagRunner implements StarterHost {
  readonly runId: string;
  /** Everything the run knows and decides on; see runState.ts. */
  private readonly state: RunState;
  private readonly emitter = new Emitter<RunEvent>();
  private masker = new SecretMasker([]);
  private writer: RunWriter | undefined;
  private readonly batcher: LogBatcher;
  private readonly logs: StepLogRouter;
  /** Step types given by the caller; undefined: the built-in ones, loaded on first use. */
  private readonly stepTypes: ReadonlyMap<string, StepType> | undefined;
  private readonly executors = new Map<string, Executor | ToolError>();
  readonly done: Promise<RunSummary>;

  constructor(
    readonly parsed: ParsedPipeline,
    readonly options: RunOptions = {},
  ) {
    const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) throw new ToolError('invalid-input', `the pipeline has ${errors.length} error(s): ${errors[0]!.message}`);
    const pipeline = parsed.pipeline;
    this.runId = options.runId ?? newRunId();
    // process.env is a slow exotic object: copy it once per run, not once per step.
    const baseEnv = Object.fromEntries(Object.entries(options.baseEnv ?? process.env).filter((e): e is [string, string] => e[1] !== undefined));
    this.state = new RunState(
      this.runId,
      pipeline,
      resolve(options.workspace ?? (pipeline.file ? dirname(pipeline.file) : process.cwd())),
      runFolderPath(this.runId),
      planInstances(pipeline),
      options,
      baseEnv,
    );
    this.stepTypes = options.stepTypes;
    this.batcher = new LogBatcher((step, stream, text) => this.emit({ type: 'step-log', runId: this.runId, time: Date.now(), step, stream, text }), {
      intervalMs: options.logBatchMs,
    });
    this.logs = new StepLogRouter({ masker: () => this.masker, writer: () => this.writer, batcher: this.batcher });
    // Start on a later tick so callers can subscribe to `onEvent` first.
    this.done = new Promise<void>((r) => setImmediate(r))
      .then(() => this.execute())
      .catch((e: unknown) => {
        // Whoever prints this (the CLI's last resort, an editor notification) must not show a secret.
        throw maskError(e, (t) => this.masker.mask(t));
      });
  }

  /** What the starter may read of the run. */
  get run(): RunView {
    return this.state;
  }

  /** The public handle. */
  handle(): RunHandle {
    return { runId: this.runId, onEvent: this.emitter.event, cancel: (reason, o) => this.cancel(reason, o), done: this.done };
  }

  /** Stops the run; a second call (or `force`) also kills `finally` steps at once. */
  cancel(reason = 'cancelled', options: { force?: boolean } = {}): void {
    if (this.state.cancelSignal.aborted || options.force) this.state.forceStop(new ToolError('cancelled', `${reason} (forced)`));
    this.state.stop('cancelled', new ToolError('cancelled', reason));
  }

  /** Records, then delivers to listeners: nothing reaches a consumer before it is in the store. */
  emit(e: RunEvent): void {
    e = this.maskEvent(e);
    // Masked once here with the writer's own masker: the writer need not walk the event again.
    this.writer?.record(e, true);
    this.emitter.fire(e);
  }

  private readonly maskedKeys = new Map<string, string>();

  /** Every string of an event, keys included (an output or artifact name can be a secret). */
  private maskEvent(e: RunEvent): RunEvent {
    if (this.masker.empty) return e;
    if (e.type !== 'step-log') return this.masker.maskDeep(e);
    // Log text is masked by its stream already; only the step name is left, and it repeats.
    let step = this.maskedKeys.get(e.step);
    if (step === undefined) this.maskedKeys.set(e.step, (step = this.masker.mask(e.step)));
    return step === e.step ? e : { ...e, step };
  }

  /** Masks and routes a step's output: every byte to its log file, batches to the event stream. */
  log(step: string, stream: LogStream, text: string): void {
    this.logs.text(step, stream, text);
  }

  /** A read of a step's process output, masked in place (see StepLogRouter). */
  logBytes(step: string, stream: 'stdout' | 'stderr', bytes: Buffer): void {
    this.logs.bytes(step, stream, bytes);
  }

  /** Releases held tails and batches of a step, before its `step-end`. */
  endStreams(step: string): void {
    this.logs.end(step);
  }

  mask(text: string): string {
    return this.masker.mask(text);
  }

  maskDeep<T>(value: T): T {
    return this.masker.maskDeep(value);
  }

  appendStoredLog(step: string, text: string): void {
    this.writer?.appendLog(step, this.masker.mask(text));
  }

  storeOnly(record: StoredRecord): void {
    this.writer?.record(record);
  }

  /** The step type named `type`, or undefined when there is none; a promise only until its module has loaded. */
  stepType(type: string): StepType | undefined | Promise<StepType | undefined> {
    if (this.stepTypes) return this.stepTypes.get(type);
    return loadedStepType(type) ?? loadStepType(type);
  }

  /** The executor for an instance (cached per spec), or the error saying why it is unavailable. */
  executorFor(inst: StepInstance): Executor | ToolError {
    const spec = inst.step.executor ?? this.state.pipeline.defaults.executor;
    const key = JSON.stringify(spec ?? { kind: 'local' });
    let ex = this.executors.get(key);
    if (!ex) {
      const r = createExecutor(spec, { workspace: this.state.workspace, killGraceMs: this.options.killGraceMs });
      ex = r.ok ? r.value : r.error;
      this.executors.set(key, ex);
    }
    return ex;
  }

  private async execute(): Promise<RunSummary> {
    const run = this.state;
    const { pipeline, instances } = run;
    const t0 = Date.now();
    let startError: string | undefined;
    try {
      run.secrets = await resolveSecrets(pipeline.secrets, this.options.secrets);
    } catch (e) {
      startError = e instanceof ToolError && e.hint ? `${e.message}. ${e.hint}` : e instanceof Error ? e.message : String(e);
    }
    this.masker = new SecretMasker(Object.values(run.secrets));
    rememberSecrets(Object.values(run.secrets));
    const { params, problems } = resolveParams(pipeline, this.options.params ?? {});
    run.params = params;
    if (problems.length) startError ??= problems.join('; ');
    let skipReason: string | undefined;
    if (!startError) {
      try {
        run.ci = await ciForRun(pipeline, this.options.baseEnv ?? process.env, run.workspace, this.options.ci);
        skipReason = pipelineSkipReason(pipeline, params, run.ci);
      } catch (e) {
        startError = e instanceof Error ? e.message : String(e);
      }
    }

    const jobs = jobRefs(instances, pipeline.jobs);
    const start: RunEvent = {
      type: 'run-start',
      runId: this.runId,
      time: t0,
      pipeline: pipeline.name ?? (pipeline.file ? pipeline.file.replace(/^.*[\\/]/, '') : 'pipeline'),
      ...(pipeline.file ? { file: pipeline.file } : {}),
      params: this.masker.maskDeep(params),
      trigger: this.options.trigger ?? 'api',
      steps: instances.map((i) => i.key),
      ...(jobs ? { jobs } : {}),
    };
    if (this.options.store) this.writer = this.options.store.beginRun(start, this.masker);
    this.emitter.fire(this.maskEvent(start));
    // The folder the run's own folder was placed in (runFoldersRoot, checked once, when the path was made).
    removeStaleRunFolders(dirname(run.outputDir));
    try {
      createRunFolder(run.outputDir);
    } catch (e) {
      startError ??= `cannot create the run's temp folder: ${e instanceof Error ? e.message : String(e)}`;
    }

    const timeout =
      this.options.timeoutMs !== undefined
        ? setTimeout(() => run.stop('timed-out', new ToolError('timeout', `pipeline timed out after ${this.options.timeoutMs} ms`)), this.options.timeoutMs)
        : undefined;

    try {
      let reused = new Map<string, ReusedStep>();
      try {
        if (!startError) reused = selectReused(run);
        run.artifacts = createRunArtifacts({ runId: this.runId, outputDir: run.outputDir, instances: [...instances], writer: this.writer, store: this.options.store, limits: this.options.artifactLimits, mask: (t) => this.masker.mask(t) });
        for (const [key, r] of reused) reuseArtifacts(run.artifacts, this.options.store, run.byKey.get(key)!, r.runId);
      } catch (e) {
        startError = e instanceof Error ? e.message : String(e);
      }
      if (startError) {
        for (const inst of instances) this.finishUnstarted(inst, 'failed', startError);
      } else if (skipReason) {
        for (const inst of instances) this.finishUnstarted(inst, 'skipped', skipReason);
      } else {
        const starter = new InstanceStarter(this, reused);
        await starter.runPhase(
          instances.filter((i) => !i.isFinally),
          run.cancelSignal,
        );
        // Finally steps see the main steps' outcome (not each other's), and get a fresh signal:
        // only a forced cancel stops them.
        run.endMainPhase();
        await starter.runPhase(
          instances.filter((i) => i.isFinally),
          run.forceSignal,
        );
      }
    } finally {
      if (timeout) clearTimeout(timeout);
      this.batcher.dispose();
      rmSync(run.outputDir, { recursive: true, force: true });
    }

    const status = run.finalStatus(!!startError);
    const durationMs = Date.now() - t0;
    this.emit({ type: 'run-end', runId: this.runId, time: Date.now(), status, conclusion: conclusionOf(status), durationMs });
    this.writer?.close();
    this.emitter.dispose();
    return {
      runId: this.runId,
      status,
      conclusion: conclusionOf(status),
      durationMs,
      steps: instances
        .map((i) => run.results.get(i.key)!)
        // Masked whole: a step key can hold a secret matrix value, an output name can be a secret.
        .map(({ failedHard: _f, upstreamFailed: _u, ...s }) => this.masker.maskDeep({ ...s, ...stepResult(s.status, tolerated(run.byKey.get(s.step)?.step, s.exitCode)) })),
      ...(startError ? { error: this.masker.mask(startError) } : {}),
    };
  }

  /** Records an instance that never started (skipped, cancelled, reused, up to date). */
  finishUnstarted(inst: StepInstance, status: StepStatus, reason: string, extra: Partial<InstanceResult> = {}): InstanceResult {
    const result: InstanceResult = {
      step: inst.key,
      stepId: inst.step.id,
      status,
      attempts: 0,
      durationMs: 0,
      reason: this.masker.mask(reason),
      outputs: {},
      isFinally: inst.isFinally,
      failedHard: status === 'failed' && !inst.step.continueOnError,
      upstreamFailed: false,
      ...extra,
    };
    for (const [name, value] of Object.entries(result.outputs)) {
      this.emit({ type: 'step-output', runId: this.runId, time: Date.now(), step: inst.key, name, value });
    }
    this.emit({ type: 'step-end', runId: this.runId, time: Date.now(), step: inst.key, stepId: inst.step.id, status, attempt: 0, durationMs: 0, reason: result.reason, ...stepResult(status, inst.step.continueOnError) });
    this.state.record(inst, result);
    return result;
  }

  record(inst: StepInstance, result: InstanceResult): void {
    this.state.record(inst, result);
  }

  applyDebugEdit(before: StepInstance, edit: DebugEdit): string | undefined {
    const problem = this.state.applyDebugEdit(edit);
    if (!problem) this.writer?.record({ type: 'debug-edit', runId: this.runId, time: Date.now(), before: before.key, edit });
    return problem;
  }
}

/** Starts a run of `parsed`; throws a ToolError('invalid-input') when it has error diagnostics. */
export function runPipeline(parsed: ParsedPipeline, options: RunOptions = {}): RunHandle {
  return new DagRunner(parsed, options).handle();
}

function tolerated(step: Step | undefined, exitCode: number | undefined): boolean {
  return !!step && toleratesFailure(step, exitCode);
}
