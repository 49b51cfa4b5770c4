// Decides, just before each instance would start, whether and how it runs: rerun reuse, `if`,
// fail-fast, approval gate, up-to-date check, then a concurrency slot and the attempt loop.
import type { StepType } from '../contracts/StepType.js';
import type { StepStatus } from '../contracts/events.js';
import { conclusionOf } from '../contracts/statusMapping.js';
import { ToolError } from '../contracts/result.js';
import { requestApprovalWithTimeout } from './approvals/Approver.js';
import { cacheEntryAfterSuccess, checkUpToDate } from './cache/upToDate.js';
import { keepArtifacts } from './artifacts/keepArtifacts.js';
import { neededInstances, reuseArtifacts } from './artifacts/wireArtifacts.js';
import type { DagRunner, InstanceResult } from './DagRunner.js';
import { callsStatusFunction } from '../pipeline/expressions/statusFunctions.js';
import { evaluateCondition, evaluateExpression, interpolate, type ExpressionContext } from './pipelineApi.js';
import type { StepInstance } from './planInstances.js';
import type { ReusedStep } from './rerun.js';
import { runAttempts } from './runAttempts.js';
import { withRunFolder } from './runFolder.js';
import { displayName, evaluateMatrix } from './instanceValues.js';
import { interpolateWith, fingerprintValues, type InjectedValues } from './interpolateWith.js';
import { Slots } from './scheduler/Slots.js';
import { evaluateEnvLayers, layeredEnv, stepCwd, type RunnerStepContext } from './stepContext.js';

/** Runs phases (main steps, then finally steps) of one run for a {@link DagRunner}. */
export class InstanceStarter {
  private readonly slots: Slots;
  private readonly matrixSlots = new Map<string, Slots>();

  constructor(
    private readonly runner: DagRunner,
    private readonly reused: Map<string, ReusedStep>,
  ) {
    const c = runner.options.concurrency ?? runner.pipeline.concurrency ?? 4;
    this.slots = new Slots(Math.max(1, c));
  }

  /** Starts every instance as soon as its dependencies are done; resolves when all have ended. */
  async runPhase(instances: StepInstance[], signal: AbortSignal): Promise<void> {
    const done = new Map<string, Promise<void>>();
    const deferreds = new Map<string, () => void>();
    for (const i of instances) done.set(i.key, new Promise<void>((r) => deferreds.set(i.key, r)));
    await Promise.all(
      instances.map(async (inst) => {
        try {
          await Promise.all(inst.deps.map((d) => done.get(d)));
          await this.start(inst, signal);
        } catch (e) {
          if (!this.runner.results.has(inst.key)) this.runner.finishUnstarted(inst, 'failed', `internal error: ${e instanceof Error ? e.message : String(e)}`);
        } finally {
          deferreds.get(inst.key)!();
        }
      }),
    );
  }

  private expressionContext(inst: StepInstance, failed: boolean, skipped = false): ExpressionContext {
    const r = this.runner;
    const base: ExpressionContext = {
      params: r.params,
      env: {},
      secrets: r.secrets,
      steps: r.stepsContext,
      matrix: inst.matrix,
      run: { id: r.runId, workspace: r.workspace },
      pipeline: { status: conclusionOf(r.currentStatus()), name: r.pipeline.name },
      state: { failed, cancelled: r.runAbort.signal.aborted, skipped },
    };
    // The `env` context: pipeline and step `env:` as the process sees them (a value that cannot be
    // evaluated stays as written; the step fails on it when its process environment is built).
    const runnerEnv = this.runnerEnv(inst);
    return { ...base, env: { ...evaluateEnvLayers({}, [r.pipeline.env, inst.step.env], base, runnerEnv, true), ...runnerEnv } };
  }

  /**
   * The ANSFLOW_* variables a step's process gets that are known before it starts (the attempt and
   * its output file are not): expressions in `with` and `env:` see the same values.
   */
  private runnerEnv(inst: StepInstance): Record<string, string> {
    const r = this.runner;
    return {
      ANSFLOW: '1',
      ANSFLOW_RUN_ID: r.runId,
      ANSFLOW_STEP: inst.key,
      ANSFLOW_STEP_ID: inst.step.id,
      ANSFLOW_WORKSPACE: r.workspace,
      ...(r.artifacts ? { ANSFLOW_ARTIFACTS: r.artifacts.viewPath(inst.key) } : {}),
    };
  }

  private async start(inst: StepInstance, signal: AbortSignal): Promise<void> {
    const r = this.runner;
    const step = inst.step;
    const depResults = inst.deps.map((d) => r.results.get(d)!).filter(Boolean);
    const upstreamFailed = depResults.some((d) => d.failedHard || d.upstreamFailed);
    // For `finally` steps, success()/failure() describe the whole run.
    const failed = inst.isFinally ? r.currentStatus() === 'failed' || r.currentStatus() === 'timed-out' || upstreamFailed : upstreamFailed;
    const skip = (status: StepStatus, reason: string, extra: Partial<InstanceResult> = {}) => r.finishUnstarted(inst, status, reason, { upstreamFailed, ...extra });

    const reuse = this.reused.get(inst.key);
    if (reuse) return void skip('up-to-date', `outputs reused from run ${reuse.runId}`, { outputs: reuse.outputs });
    if (signal.aborted) return void skip('cancelled', `not started: ${reasonOf(signal)}`);
    const failFastStop = (): string | undefined => {
      if (!inst.isFinally && r.options.failFast && r.currentStatus() === 'failed') return 'not started: an earlier step failed (failFast)';
      if (step.matrix?.failFast !== false && step.matrix) {
        const sibling = [...r.results.values()].find((x) => x.stepId === step.id && x.failedHard);
        if (sibling) return `not started: matrix sibling ${sibling.step} failed (failFast)`;
      }
      return undefined;
    };
    const stopped = failFastStop();
    if (stopped) return void skip('cancelled', stopped);

    // As in GitHub Actions, a skipped or cancelled dependency makes success() false.
    const skippedDep = depResults.find((d) => d.status === 'skipped' || d.status === 'cancelled');
    // Matrix values may hold `${{ }}` (evaluated once, before anything reads them).
    try {
      inst.matrix = evaluateMatrix(inst, this.expressionContext(inst, failed, !!skippedDep));
    } catch (e) {
      return void skip('failed', `cannot evaluate matrix: ${e instanceof Error ? e.message : String(e)}`);
    }
    const ctx = this.expressionContext(inst, failed, !!skippedDep);
    const condition = step.if?.value ?? (inst.isFinally ? 'always()' : 'success()');
    // An `if` without a status function means `success() && (…)` (finally steps: as written).
    if (!inst.isFinally && (!step.if || !callsStatusFunction(condition))) {
      if (upstreamFailed) return void skip('skipped', `a dependency failed (${depResults.find((d) => d.failedHard || d.upstreamFailed)!.step})`);
      if (skippedDep) return void skip('skipped', `dependency ${skippedDep.step} was ${skippedDep.status}`);
    }
    try {
      if (!evaluateCondition(condition, ctx, inst.isFinally ? 'always' : 'success')) return void skip('skipped', `condition was false: ${condition}`);
    } catch (e) {
      return void skip('failed', `cannot evaluate if: ${e instanceof Error ? e.message : String(e)}`);
    }

    let type: StepType | undefined;
    try {
      type = step.type ? await r.stepType(step.type) : undefined;
    } catch (e) {
      return void skip('failed', `cannot load step type '${step.type}': ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!type) return void skip('failed', `unknown step type '${step.type ?? '(none)'}'`);
    const executor = r.executorFor(inst);
    if (executor instanceof ToolError) return void skip('failed', `${executor.message}. ${executor.hint ?? ''}`.trim());

    let withParams: Record<string, unknown>;
    let injected: InjectedValues | undefined;
    try {
      ({ with: withParams, injected } = interpolateWith(type, step.with, ctx, r.outputDir, r.options.interpreters?.shell ?? r.pipeline.defaults.shell));
    } catch (e) {
      return void skip('failed', `cannot evaluate with: ${e instanceof Error ? e.message : String(e)}`);
    }
    const problems = type.validate?.(withParams) ?? [];
    if (problems.length) return void skip('failed', problems.map((p) => (p.key ? `with.${p.key}: ${p.message}` : p.message)).join('; '));

    let name: string | undefined;
    try {
      name = displayName(inst, ctx);
    } catch (e) {
      return void skip('failed', `cannot evaluate name: ${e instanceof Error ? e.message : String(e)}`);
    }
    r.emit({
      type: 'step-queued',
      runId: r.runId,
      time: Date.now(),
      step: inst.key,
      stepId: step.id,
      ...(name !== undefined ? { name: r.masker.mask(name) } : {}),
      ...(Object.keys(inst.matrix).length ? { matrix: r.masker.maskDeep(inst.matrix) } : {}),
    });

    // Up to date: same definition and sources as the last success (paths relative to the step's
    // working directory), and its generated files intact.
    let cacheKey: string | undefined;
    const pipelineKey = r.pipeline.file ?? r.pipeline.name ?? 'pipeline';
    const cacheCwd = step.cache ? stepCwd(r.workspace, r.pipeline, inst, ctx) : r.workspace;
    if (step.cache && r.options.store && !r.options.dryRun) {
      const definition = { type: step.type, with: withParams, values: fingerprintValues(injected), rawValues: injected?.raw, env: step.env, matrix: inst.matrix };
      const answer = checkUpToDate({ store: r.options.store, pipelineKey, step: inst.key, definition, workspace: r.workspace, cwd: cacheCwd, cache: step.cache });
      cacheKey = answer.fingerprint;
      if (!r.options.force && answer.upToDate) {
        reuseArtifacts(r.artifacts, r.options.store, inst, answer.upToDate.runId);
        return void skip('up-to-date', `sources unchanged since run ${answer.upToDate.runId}`, { outputs: answer.upToDate.outputs ?? {} });
      }
    }

    if (step.approval && !r.options.dryRun) {
      let message: string;
      try {
        message = interpolate(step.approval.message, ctx);
      } catch (e) {
        return void skip('failed', `cannot evaluate approval message: ${e instanceof Error ? e.message : String(e)}`);
      }
      const decision = await this.approve(inst, message, step.approval.approvers, step.approval.timeoutMs, signal);
      if (decision !== 'approved') return void skip(signal.aborted ? 'cancelled' : 'failed', decision === 'timed-out' ? 'approval timed out' : `approval ${decision}`);
    }

    const group = this.groupSlots(inst);
    let held = false;
    try {
      await group?.acquire(signal);
      try {
        await this.slots.acquire(signal);
        held = true;
      } catch (e) {
        group?.release();
        throw e;
      }
    } catch {
      return void skip('cancelled', `not started: ${reasonOf(signal)}`);
    }
    // A step waiting for a slot (concurrency, maxParallel) may have seen a failure meanwhile.
    const stoppedWhileWaiting = failFastStop();
    if (stoppedWhileWaiting) {
      this.slots.release();
      group?.release();
      return void skip('cancelled', stoppedWhileWaiting);
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
      // Files a step writes for its tools (vars, values, passwords) go inside the run folder.
      const result = await withRunFolder(r.outputDir, () =>
        runAttempts(
          { runId: r.runId, emit: (e) => r.emit(e), log: (s, st, t) => r.log(s, st, t), endStreams: (s) => r.endStreams(s), mask: (t) => r.masker.mask(t), outputDir: r.outputDir, dryRun: !!r.options.dryRun },
          {
            inst,
            type,
            executor,
            retry: step.retry ?? r.pipeline.defaults.retry,
            timeoutMs: step.timeoutMs ?? r.pipeline.defaults.timeoutMs,
            signal,
            releaseSlot,
            reacquireSlot,
            makeContext: (attempt, attemptSignal, outputFile) => this.stepContext(inst, ctx, withParams, injected, attempt, attemptSignal, outputFile, releaseSlot, reacquireSlot),
          },
        ),
      );
      const failedHard = (result.status === 'failed' || result.status === 'timed-out') && !step.continueOnError;
      // Before dependents can start (they start once this method returns), and also after a failure:
      // a failing step's reports are what people need most.
      if (r.artifacts && step.artifacts.length && result.attempts > 0) keepArtifacts(r, inst, stepCwd(r.workspace, r.pipeline, inst, ctx));
      r.record(inst, { step: inst.key, stepId: step.id, isFinally: inst.isFinally, ...result, failedHard, upstreamFailed: upstreamFailed || failedHard });
      if (result.status === 'success' && cacheKey && r.options.store) {
        const entry = cacheEntryAfterSuccess(cacheKey, cacheCwd, step.cache!, r.runId, r.masker.maskDeep(result.outputs));
        r.options.store.writeCacheEntry(pipelineKey, inst.key, entry);
        r.runWriter?.record({ type: 'cache-entry', runId: r.runId, time: Date.now(), step: inst.key, entry });
      }
    } finally {
      releaseSlot();
      group?.release();
    }
  }

  private groupSlots(inst: StepInstance): Slots | undefined {
    const max = inst.step.matrix?.maxParallel;
    if (!max) return undefined;
    let s = this.matrixSlots.get(inst.step.id);
    if (!s) this.matrixSlots.set(inst.step.id, (s = new Slots(max)));
    return s;
  }

  private async approve(inst: StepInstance, message: string, approvers: string[], timeoutMs: number | undefined, signal: AbortSignal): Promise<'approved' | 'rejected' | 'timed-out'> {
    const r = this.runner;
    // The approver shows the message in a modal or a terminal prompt, so it gets the masked text too.
    const shown = r.masker.mask(message);
    r.emit({ type: 'approval-requested', runId: r.runId, time: Date.now(), step: inst.key, message: shown, approvers });
    let decision: 'approved' | 'rejected' | 'timed-out' = 'rejected';
    let by: string | undefined;
    let reason: string | undefined;
    if (!r.options.approver) reason = 'no approver is available for this run';
    else {
      try {
        const d = await requestApprovalWithTimeout(r.options.approver, { runId: r.runId, step: inst.key, message: shown, approvers, signal }, timeoutMs);
        decision = d.decision;
        by = 'by' in d ? d.by : undefined;
        reason = d.reason;
      } catch {
        reason = 'cancelled while waiting for approval';
      }
    }
    if (reason && decision !== 'approved') r.log(inst.key, 'system', `[ansflow] approval ${decision}: ${reason}\n`);
    r.emit({ type: 'approval-resolved', runId: r.runId, time: Date.now(), step: inst.key, decision, ...(by ? { by } : {}) });
    return decision;
  }

  private stepContext(
    inst: StepInstance,
    expr: ExpressionContext,
    withParams: Record<string, unknown>,
    injected: InjectedValues | undefined,
    attempt: number,
    signal: AbortSignal,
    outputFile: string,
    releaseSlot: () => void,
    reacquireSlot: (s: AbortSignal) => Promise<void>,
  ): RunnerStepContext {
    const r = this.runner;
    const outputs: Record<string, string> = {};
    const runnerEnv = this.runnerEnv(inst);
    const env = layeredEnv(r.baseEnv, r.pipeline, inst, expr, runnerEnv);
    Object.assign(env, {
      ...runnerEnv,
      ANSFLOW_ATTEMPT: String(attempt),
      ANSFLOW_OUTPUT: outputFile,
      ...(r.artifacts ? { ANSFLOW_ARTIFACTS: r.artifacts.provide(inst.key, neededInstances(inst, r.byKey)) } : {}),
    });
    // Values the step's scripts read by reference (see interpolateWith).
    Object.assign(env, injected?.env);
    const executor = r.executorFor(inst) as Exclude<ReturnType<DagRunner['executorFor']>, ToolError>;
    return {
      runId: r.runId,
      step: inst.key,
      stepId: inst.step.id,
      attempt,
      with: withParams,
      env,
      cwd: stepCwd(r.workspace, r.pipeline, inst, expr),
      workspace: r.workspace,
      signal,
      executor,
      secrets: r.secrets,
      dryRun: !!r.options.dryRun,
      interpreters: { shell: r.pipeline.defaults.shell, ...r.options.interpreters },
      log: (stream, text) => r.log(inst.key, stream, text),
      progress: (message, fraction, detail) =>
        r.emit({ type: 'step-progress', runId: r.runId, time: Date.now(), step: inst.key, message: r.masker.mask(message), ...(fraction !== undefined ? { fraction } : {}), ...(detail ? { detail: r.masker.maskDeep(detail) } : {}) }),
      setOutput: (name, value) => {
        outputs[name] = value;
        r.emit({ type: 'step-output', runId: r.runId, time: Date.now(), step: inst.key, name, value: r.masker.mask(value) });
      },
      outputsSoFar: () => outputs,
      forceSignal: r.forceAbort.signal,
      interpolate: (text) => interpolate(text, expr),
      evaluate: (source) => evaluateExpression(source, expr),
      requestApproval: async (message, approvers, timeoutMs) => {
        // Waiting for a person must not hold a concurrency slot.
        releaseSlot();
        try {
          return await this.approve(inst, message, approvers, timeoutMs, signal);
        } finally {
          await reacquireSlot(r.forceAbort.signal).catch(() => {});
        }
      },
    };
  }
}

function reasonOf(signal: AbortSignal): string {
  return signal.reason instanceof Error ? signal.reason.message : 'cancelled';
}
