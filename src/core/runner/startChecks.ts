// The rules an instance must pass before it starts, as ordered lists of named checks: the first
// check that gives a verdict decides, and the instance is recorded with that verdict unstarted.
// A check may leave what it computed on the candidate (the evaluated `with`, the step type…) for the
// checks after it and for the start itself. New rules go into the list at the point where what they
// read is known.
import type { Executor, StepType } from '../contracts/StepType.js';
import type { StepStatus } from '../contracts/events.js';
import type { ApprovalSpec } from '../pipeline/model.js';
import { ToolError } from '../contracts/result.js';
import { callsStatusFunction } from '../pipeline/expressions/statusFunctions.js';
import { reuseArtifacts } from './artifacts/wireArtifacts.js';
import { checkUpToDate } from './cache/upToDate.js';
import { displayName, evaluateMatrix, matrixHasExpressions } from './instanceValues.js';
import { fingerprintValues, interpolateWith, type InjectedValues } from './interpolateWith.js';
import { evaluateCondition, interpolate, type ExpressionContext } from './pipelineApi.js';
import type { StepInstance } from './planInstances.js';
import type { ReusedStep } from './rerun.js';
import type { InstanceResult, RunView } from './runState.js';
import { stepCwd } from './stepContext.js';
import type { DebugEdit } from './debug/debugTypes.js';
import { heldByDebugger } from './debug/heldByDebugger.js';
import { inMatrixJob } from './scheduler/JobInstances.js';

/** How an approval gate ended. */
export type GateDecision = 'approved' | 'rejected' | 'timed-out';

/** Why an instance does not start: recorded as its result. */
export interface Verdict {
  status: StepStatus;
  reason: string;
  extra?: Partial<InstanceResult>;
}

/** What the checks may ask of the runner. */
export interface CheckHost {
  readonly run: RunView;
  /** The step type, as a value once it has been loaded (a start then needs no tick for it). */
  stepType(type: string): StepType | undefined | Promise<StepType | undefined>;
  /** The executor for an instance, or the error saying why it is unavailable. */
  executorFor(inst: StepInstance): Executor | ToolError;
  expressionContext(inst: StepInstance, failed: boolean, skipped: boolean): ExpressionContext;
  /** Asks the run's approver; emits the request and the decision. */
  approve(inst: StepInstance, message: string, approvers: string[], timeoutMs: number | undefined, signal: AbortSignal): Promise<GateDecision>;
  /** Applies and records a debugger's edit made while `before` is held; the problem when refused. */
  applyDebugEdit(before: StepInstance, edit: DebugEdit): string | undefined;
}

/** One instance about to start, with what the checks have worked out so far. */
export interface Candidate {
  readonly host: CheckHost;
  readonly inst: StepInstance;
  /** The phase's signal: a cancel for main steps, a forced cancel for `finally` steps. */
  readonly signal: AbortSignal;
  /** Outputs to take from an earlier run instead of running (`--from`, `--rerun-failed`). */
  readonly reused: ReusedStep | undefined;
  /** Results of the instances this one needs. */
  readonly deps: readonly InstanceResult[];
  /** A hard failure happened in a dependency or above it. */
  readonly upstreamFailed: boolean;
  /** What `failure()` sees (for `finally` steps: the whole run). */
  readonly failed: boolean;
  /** A dependency that was skipped or cancelled (makes `success()` false, as in GitHub Actions). */
  readonly skippedDep: InstanceResult | undefined;
  // Set by the checks that compute them, in list order.
  ctx?: ExpressionContext;
  type?: StepType;
  executor?: Executor;
  withParams?: Record<string, unknown>;
  injected?: InjectedValues;
  name?: string;
  /** Fingerprint to store after a success (steps with `cache`). */
  cacheKey?: string;
  cacheCwd?: string;
}

/** A rule, and the function that returns the verdict stopping an instance that breaks it. */
export interface StartCheck {
  rule: string;
  check(c: Candidate): Verdict | undefined | Promise<Verdict | undefined>;
}

/**
 * The first verdict of `checks` in order, or undefined when the instance passes them all: a value
 * when every check answered synchronously (most do, for most steps), else a promise of it.
 */
export function firstVerdict(checks: readonly StartCheck[], c: Candidate, from = 0): Verdict | undefined | Promise<Verdict | undefined> {
  for (let i = from; i < checks.length; i++) {
    const v = checks[i]!.check(c);
    // Only a check that waits makes the chain wait: a thousand-step run pays no tick per check.
    if (v instanceof Promise) return v.then((verdict) => verdict ?? firstVerdict(checks, c, i + 1));
    if (v) return v;
  }
  return undefined;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Why a signal aborted, as a verdict's reason shows it. */
export function reasonOf(signal: AbortSignal): string {
  return signal.reason instanceof Error ? signal.reason.message : 'cancelled';
}

/** Compute-only fields of a candidate are read after their check passed. */
export function ready<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} was not prepared before the start`);
  return value;
}

export function notReusedFromEarlierRun(c: Candidate): Verdict | undefined {
  if (c.reused) return { status: 'up-to-date', reason: `outputs reused from run ${c.reused.runId}`, extra: { outputs: c.reused.outputs } };
  return undefined;
}

export function runNotCancelled(c: Candidate): Verdict | undefined {
  if (c.signal.aborted) return { status: 'cancelled', reason: `not started: ${reasonOf(c.signal)}` };
  return undefined;
}

export function noFailFastStop(c: Candidate): Verdict | undefined {
  const { inst, host } = c;
  const { step } = inst;
  if (!inst.isFinally && host.run.options.failFast && host.run.currentStatus() === 'failed') return { status: 'cancelled', reason: 'not started: an earlier step failed (failFast)' };
  // A matrix job's failFast acts on whole job instances (scheduler/JobInstances.ts).
  if (step.matrix && step.matrix.failFast !== false && !inMatrixJob(step, host.run.pipeline.jobs)) {
    for (const x of host.run.results.values()) {
      if (x.stepId === step.id && x.failedHard) return { status: 'cancelled', reason: `not started: matrix sibling ${x.step} failed (failFast)` };
    }
  }
  return undefined;
}

export function matrixEvaluates(c: Candidate): Verdict | undefined {
  // Matrix values may hold `${{ }}` (evaluated once, before anything reads them). Most instances
  // have none, and building a context to evaluate nothing cost a trivial step a context more.
  if (matrixHasExpressions(c.inst.matrix)) {
    try {
      c.inst.matrix = evaluateMatrix(c.inst, c.host.expressionContext(c.inst, c.failed, !!c.skippedDep));
    } catch (e) {
      return { status: 'failed', reason: `cannot evaluate matrix: ${message(e)}` };
    }
  }
  c.ctx = c.host.expressionContext(c.inst, c.failed, !!c.skippedDep);
  return undefined;
}

/** The condition as written, or the default: `success()`, `always()` for `finally` steps. */
function conditionOf(inst: StepInstance): string {
  return inst.step.if?.value ?? (inst.isFinally ? 'always()' : 'success()');
}

export function dependenciesSucceeded(c: Candidate): Verdict | undefined {
  // An `if` without a status function means `success() && (…)`; finally steps run as written.
  if (c.inst.isFinally || (c.inst.step.if && callsStatusFunction(conditionOf(c.inst)))) return undefined;
  if (c.upstreamFailed) return { status: 'skipped', reason: `a dependency failed (${c.deps.find((d) => d.failedHard || d.upstreamFailed)!.step})` };
  if (c.skippedDep) return { status: 'skipped', reason: `dependency ${c.skippedDep.step} was ${c.skippedDep.status}` };
  return undefined;
}

export function conditionHolds(c: Candidate): Verdict | undefined {
  const condition = conditionOf(c.inst);
  try {
    if (!evaluateCondition(condition, ready(c.ctx, 'the expression context'), c.inst.isFinally ? 'always' : 'success')) return { status: 'skipped', reason: `condition was false: ${condition}` };
  } catch (e) {
    return { status: 'failed', reason: `cannot evaluate if: ${message(e)}` };
  }
  return undefined;
}

export function stepTypeExists(c: Candidate): Verdict | undefined | Promise<Verdict | undefined> {
  const name = c.inst.step.type;
  const cannotLoad = (e: unknown): Verdict => ({ status: 'failed', reason: `cannot load step type '${name}': ${message(e)}` });
  let found: StepType | undefined | Promise<StepType | undefined>;
  try {
    found = name ? c.host.stepType(name) : undefined;
  } catch (e) {
    return cannotLoad(e);
  }
  // Waited for only until the type has been loaded once.
  return found instanceof Promise ? found.then((t) => typeFound(c, t), cannotLoad) : typeFound(c, found);
}

function typeFound(c: Candidate, type: StepType | undefined): Verdict | undefined {
  c.type = type;
  if (!type) return { status: 'failed', reason: `unknown step type '${c.inst.step.type ?? '(none)'}'` };
  return undefined;
}

export function executorIsAvailable(c: Candidate): Verdict | undefined {
  const executor = c.host.executorFor(c.inst);
  if (executor instanceof ToolError) return { status: 'failed', reason: `${executor.message}. ${executor.hint ?? ''}`.trim() };
  c.executor = executor;
  return undefined;
}

export function withEvaluates(c: Candidate): Verdict | undefined {
  const { run } = c.host;
  try {
    ({ with: c.withParams, injected: c.injected } = interpolateWith(ready(c.type, 'the step type'), c.inst.step.with, ready(c.ctx, 'the expression context'), run.outputDir, run.options.interpreters?.shell ?? run.pipeline.defaults.shell));
  } catch (e) {
    return { status: 'failed', reason: `cannot evaluate with: ${message(e)}` };
  }
  return undefined;
}

export function withIsValid(c: Candidate): Verdict | undefined {
  const problems = ready(c.type, 'the step type').validate?.(ready(c.withParams, 'with')) ?? [];
  if (problems.length) return { status: 'failed', reason: problems.map((p) => (p.key ? `with.${p.key}: ${p.message}` : p.message)).join('; ') };
  return undefined;
}

export function nameEvaluates(c: Candidate): Verdict | undefined {
  try {
    c.name = displayName(c.inst, ready(c.ctx, 'the expression context'));
  } catch (e) {
    return { status: 'failed', reason: `cannot evaluate name: ${message(e)}` };
  }
  return undefined;
}

/** Up to date: same definition and sources as the last success (paths relative to the step's working directory), and its generated files intact. */
export function notUpToDate(c: Candidate): Verdict | undefined {
  const { run } = c.host;
  const { inst } = c;
  const { step } = inst;
  const ctx = ready(c.ctx, 'the expression context');
  c.cacheCwd = step.cache ? stepCwd(run.workspace, run.pipeline, inst, ctx) : run.workspace;
  if (!step.cache || !run.options.store || run.options.dryRun) return undefined;
  const definition = { type: step.type, with: c.withParams, values: fingerprintValues(c.injected), rawValues: c.injected?.raw, env: step.env, matrix: inst.matrix };
  const answer = checkUpToDate({ store: run.options.store, pipelineKey: pipelineKeyOf(run), step: inst.key, definition, workspace: run.workspace, cwd: c.cacheCwd, cache: step.cache });
  c.cacheKey = answer.fingerprint;
  if (run.options.force || !answer.upToDate) return undefined;
  reuseArtifacts(run.artifacts, run.options.store, inst, answer.upToDate.runId);
  return { status: 'up-to-date', reason: `sources unchanged since run ${answer.upToDate.runId}`, extra: { outputs: answer.upToDate.outputs ?? {} } };
}

/** The key the up-to-date cache files a pipeline's entries under. */
export function pipelineKeyOf(run: Pick<RunView, 'pipeline'>): string {
  return run.pipeline.file ?? run.pipeline.name ?? 'pipeline';
}

export function approvalGranted(c: Candidate): Verdict | undefined | Promise<Verdict | undefined> {
  const { approval } = c.inst.step;
  // Most steps have no gate: they are not made to wait a tick for one.
  if (!approval || c.host.run.options.dryRun) return undefined;
  return askApproval(c, approval);
}

async function askApproval(c: Candidate, approval: ApprovalSpec): Promise<Verdict | undefined> {
  let text: string;
  try {
    text = interpolate(approval.message, ready(c.ctx, 'the expression context'));
  } catch (e) {
    return { status: 'failed', reason: `cannot evaluate approval message: ${message(e)}` };
  }
  const decision = await c.host.approve(c.inst, text, approval.approvers, approval.timeoutMs, c.signal);
  if (decision === 'approved') return undefined;
  return { status: c.signal.aborted ? 'cancelled' : 'failed', reason: decision === 'timed-out' ? 'approval timed out' : `approval ${decision}` };
}

/** Before the instance is announced (`step-queued`): whether it runs at all, and with what values. */
export const BEFORE_QUEUED: readonly StartCheck[] = [
  { rule: 'an instance reused from an earlier run does not run again', check: notReusedFromEarlierRun },
  { rule: 'nothing starts once the run is cancelled', check: runNotCancelled },
  { rule: 'nothing starts after a failure under failFast', check: noFailFastStop },
  { rule: 'a step held by the debugger waits for its release', check: heldByDebugger },
  { rule: 'matrix values evaluate', check: matrixEvaluates },
  { rule: 'dependencies succeeded, unless the if calls a status function', check: dependenciesSucceeded },
  { rule: 'the if condition holds', check: conditionHolds },
  { rule: 'the step type exists', check: stepTypeExists },
  { rule: 'the executor is available', check: executorIsAvailable },
  { rule: 'with evaluates', check: withEvaluates },
  { rule: 'with is valid for the step type', check: withIsValid },
  { rule: 'the display name evaluates', check: nameEvaluates },
];

/** After `step-queued`, before waiting for a slot. */
export const BEFORE_SLOT: readonly StartCheck[] = [
  { rule: 'an up-to-date step does not run again', check: notUpToDate },
  { rule: 'a gated step is approved', check: approvalGranted },
];

/** Once a slot is held: a step waiting for one (concurrency, maxParallel) may have seen a failure meanwhile. */
export const AFTER_SLOT: readonly StartCheck[] = [{ rule: 'nothing starts after a failure under failFast', check: noFailFastStop }];
