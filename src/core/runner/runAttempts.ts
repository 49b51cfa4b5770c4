// Runs one step instance through its attempts: per-attempt context, timeout, outputs file, retries
// with backoff. Every attempt emits its own `step-start` and `step-end` carrying `attempt`.
import { toleratesFailure } from '../pipeline/model.js';
import { lstatSync, readFileSync, rmSync, type Stats } from 'node:fs';
import type { LogStream, RunEvent, StepEndEvent, StepStatus } from '../contracts/events.js';
import { stepResult } from '../contracts/statusMapping.js';
import type { Executor, StepOutcome, StepType } from '../contracts/StepType.js';
import { isCancellationError, ToolError } from '../contracts/result.js';
import type { RetrySpec } from '../pipeline/model.js';
import { parseOutputFile } from './outputs/parseOutputFile.js';
import { AttemptOutputFile } from './outputs/AttemptOutputFile.js';
import type { OutputFilePool } from './outputs/OutputFilePool.js';
import { givenValues } from './outputs/givenValues.js';
import type { StepInstance } from './planInstances.js';
import type { RunnerStepContext } from './stepContext.js';
import { withDependencyCache, type DependencyCacheState } from './cache/withDependencyCache.js';
import { abortableSleep } from '../util/abortableSleep.js';
import type { AttemptFailure } from './debug/debugTypes.js';

/** Exit code recorded for an attempt stopped by its timeout (as coreutils `timeout` does). */
export const TIMEOUT_EXIT_CODE = 124;

/** What the runner lends to the attempt loop. */
export interface AttemptHost {
  runId: string;
  emit(e: RunEvent): void;
  /** Masks, writes to the step's log file, and batches into `step-log` events. */
  log(step: string, stream: LogStream, text: string): void;
  /** Releases held masking tails and pending log batches of a step. */
  endStreams(step: string): void;
  mask(text: string): string;
  /** Names of the attempts' outputs files, in the run folder. */
  outputFiles: OutputFilePool;
  dryRun: boolean;
}

/** Everything one instance needs that depends on the run's state at the moment it starts. */
export interface AttemptInput {
  inst: StepInstance;
  type: StepType;
  executor: Executor;
  retry?: RetrySpec;
  timeoutMs?: number;
  /** Builds the context for one attempt (fresh `with`/env; output file and signal given). */
  makeContext(attempt: number, signal: AbortSignal, outputFile: AttemptOutputFile): RunnerStepContext;
  /** Run-level signal: cancel or pipeline timeout (the finally phase passes its own). */
  signal: AbortSignal;
  /** Lets the slot go while sleeping between attempts, and takes it back after (both idempotent). */
  releaseSlot(): void;
  reacquireSlot(signal: AbortSignal): Promise<void>;
  /** A debugger's say after the last attempt failed (breakOnFailure): true runs one more attempt. */
  afterFailure?(failure: AttemptFailure): Promise<boolean> | undefined;
}

/** The outcome of all attempts of one instance. */
export interface AttemptsResult {
  status: StepStatus;
  exitCode?: number;
  attempts: number;
  durationMs: number;
  reason?: string;
  outputs: Record<string, string>;
}


/** Exit code of a shell that could not find a command (POSIX). */
const MISSING_TOOL_EXIT_CODE = 127;

/** Whether an attempt failed because its program (or interpreter) does not exist. */
function isMissingTool(e: unknown): boolean {
  if (e instanceof ToolError) return e.code === 'tool-not-found';
  const errno = e as NodeJS.ErrnoException | undefined;
  return errno?.code === 'ENOENT' && typeof errno.syscall === 'string' && errno.syscall.startsWith('spawn');
}

function errorMessage(e: unknown): string {
  if (e instanceof ToolError) return e.hint ? `${e.message}. ${e.hint}` : e.message;
  return e instanceof Error ? e.message : String(e);
}

async function defaultDryRun(type: StepType, ctx: RunnerStepContext): Promise<StepOutcome> {
  ctx.log('system', `[dry run] would run ${type.describe?.(ctx.with) ?? type.type}\n`);
  return { exitCode: 0 };
}

/** Runs the attempts of one instance; never throws. */
export async function runAttempts(host: AttemptHost, input: AttemptInput): Promise<AttemptsResult> {
  const { inst, type, retry } = input;
  // Grows when a debugger retries a failed instance (Restart Frame).
  let maxAttempts = 1 + Math.max(0, retry?.max ?? 0);
  const outputs: Record<string, string> = {};
  let total = 0;
  // The last attempt's outputs file name, for the pool once the next attempt has its own.
  let previousFile: string | undefined;
  let last: AttemptsResult = { status: 'failed', attempts: 0, durationMs: 0, outputs };
  // `cache: {key, paths}`: restored before the first attempt, saved after the one that succeeds.
  const depCache = inst.step.dependencyCache;
  const depCacheState: DependencyCacheState = {};

  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const started = Date.now();
    // A signal of the attempt's own, even without a timeout: step types and clients hang abort
    // listeners on it, and some never take them off (a Kubernetes Job's watch, a rollout wait); on the
    // run's signal those would pile up over a long run (and warn past ten), on this one they go with it.
    const ac = new AbortController();
    const onRunAbort = () => ac.abort(input.signal.reason);
    input.signal.addEventListener('abort', onRunAbort, { once: true });
    let timedOut = false;
    const timer =
      input.timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = true;
            ac.abort(new ToolError('timeout', `step timed out after ${input.timeoutMs} ms`));
          }, input.timeoutMs)
        : undefined;
    const outputFile = host.outputFiles.take();
    // Only now, so that this attempt's name is never the previous attempt's.
    if (previousFile) host.outputFiles.give(previousFile);
    previousFile = undefined;
    // Created by the executor as the step's process starts (see AttemptOutputFile); a dry run starts none.
    const ctx = input.makeContext(attempt, ac.signal, new AttemptOutputFile(outputFile));
    host.emit({ type: 'step-start', runId: host.runId, time: started, step: inst.key, stepId: inst.step.id, attempt, executor: input.executor.kind });

    let status: StepStatus;
    let exitCode: number | undefined;
    let reason: string | undefined;
    let missingTool = false;
    try {
      const outcome = host.dryRun
        ? await (type.dryRun ? type.dryRun(ctx) : defaultDryRun(type, ctx))
        : depCache
          ? await withDependencyCache(depCache, ctx, depCacheState, () => type.run(ctx))
          : await type.run(ctx);
      exitCode = outcome.exitCode;
      status = outcome.skipped !== undefined ? 'skipped' : outcome.exitCode === 0 ? 'success' : 'failed';
      if (status === 'skipped') reason = outcome.skipped;
      if (status === 'failed') reason = outcome.message ?? `exited with code ${outcome.exitCode}`;
      for (const [k, v] of Object.entries(outcome.outputs ?? {})) ctx.setOutput(k, v);
    } catch (e) {
      if (timedOut) {
        status = 'timed-out';
        exitCode = TIMEOUT_EXIT_CODE;
        reason = `timed out after ${input.timeoutMs} ms`;
      } else if (input.signal.aborted || isCancellationError(e)) {
        status = input.signal.reason instanceof ToolError && input.signal.reason.code === 'timeout' ? 'timed-out' : 'cancelled';
        reason = input.signal.reason instanceof Error ? input.signal.reason.message : 'cancelled';
      } else {
        status = 'failed';
        reason = errorMessage(e);
        missingTool = isMissingTool(e);
        ctx.log('system', `${reason}\n`);
      }
    } finally {
      if (timer) clearTimeout(timer);
      input.signal.removeEventListener('abort', onRunAbort);
    }
    if (timedOut && status !== 'timed-out') {
      status = 'timed-out';
      exitCode = TIMEOUT_EXIT_CODE;
      reason = `timed out after ${input.timeoutMs} ms`;
    }

    // Outputs count even from a failed attempt (a step may report why it failed through them).
    let outputText: string | undefined;
    // One lstat: most steps write no outputs, and their file (or its name, when none was created)
    // goes back to the pool as it is. Anything else (written, or replaced by the step with a link
    // or a folder) is read as before and removed.
    const st = lstatQuietly(outputFile);
    if (!st || (st.isFile() && st.size === 0)) previousFile = outputFile;
    else {
      try {
        outputText = readFileSync(outputFile, 'utf8');
      } catch {
        // Removed in between, or not a file: no outputs.
      }
      removeQuietly(outputFile);
    }
    if (outputText) {
      const parsed = parseOutputFile(outputText, { knownValues: givenValues(ctx.env, ctx.with) });
      for (const [k, v] of Object.entries(parsed.outputs)) ctx.setOutput(k, v);
      for (const p of parsed.problems) ctx.log('system', `[ansflow] $ANSFLOW_OUTPUT line ${p.line}: ${p.message}\n`);
    }
    Object.assign(outputs, ctx.outputsSoFar());

    const durationMs = Date.now() - started;
    total += durationMs;
    host.endStreams(inst.key);
    const maskedReason = reason && host.mask(reason);
    host.emit(stepEndEvent(host.runId, inst, status, attempt, exitCode, durationMs, reason ? maskedReason : undefined));
    last = { status, exitCode, attempts: attempt, durationMs: total, reason: maskedReason, outputs };
    if (status === 'success' || status === 'skipped' || status === 'cancelled' || input.signal.aborted) break;
    if (!retriesOnItsOwn(host, inst, retry, attempt, maxAttempts, exitCode, missingTool)) {
      if (!input.afterFailure || toleratesFailure(inst.step, exitCode)) break;
      const held = input.afterFailure({ attempt, status, ...(exitCode !== undefined ? { exitCode } : {}), ...(last.reason ? { reason: last.reason } : {}) });
      if (!held) break;
      // Held by the debugger: other steps may use the slot meanwhile.
      input.releaseSlot();
      if (!(await held) || input.signal.aborted) break;
      try {
        await input.reacquireSlot(input.signal);
      } catch {
        break;
      }
      maxAttempts = attempt + 1;
      continue;
    }
    const delay = (retry?.backoffMs ?? 0) * (retry?.exponential ? 2 ** (attempt - 1) : 1);
    host.log(inst.key, 'system', `[ansflow] attempt ${attempt} of ${maxAttempts} ${status}; retrying in ${delay} ms\n`);
    input.releaseSlot();
    await abortableSleep(delay, input.signal);
    try {
      await input.reacquireSlot(input.signal);
    } catch {
      break;
    }
  }
  if (previousFile) host.outputFiles.give(previousFile);
  return last;
}

/**
 * An attempt's `step-end`, its optional fields set in place: the records keep their key order, and
 * no temporary object is spread per step.
 */
function stepEndEvent(runId: string, inst: StepInstance, status: StepStatus, attempt: number, exitCode: number | undefined, durationMs: number, reason: string | undefined): StepEndEvent {
  const e = { type: 'step-end', runId, time: Date.now(), step: inst.key, stepId: inst.step.id, status, attempt } as StepEndEvent;
  if (exitCode !== undefined) e.exitCode = exitCode;
  e.durationMs = durationMs;
  if (reason !== undefined) e.reason = reason;
  const { outcome, conclusion } = stepResult(status, toleratesFailure(inst.step, exitCode));
  e.outcome = outcome;
  e.conclusion = conclusion;
  return e;
}

/**
 * Removed before the next attempt starts (a step may have left a folder there), so the run folder holds
 * only running attempts' files. Only steps that wrote outputs get here, so the synchronous call is rare.
 */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // Gone already, or not ours to remove: the run folder goes with the run.
  }
}

/** What is at an attempt's outputs file's path (not following a link), or undefined when nothing is. */
function lstatQuietly(path: string): Stats | undefined {
  try {
    return lstatSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** Whether the step's `retry` asks for another attempt after this failed one. */
function retriesOnItsOwn(host: AttemptHost, inst: StepInstance, retry: RetrySpec | undefined, attempt: number, maxAttempts: number, exitCode: number | undefined, missingTool: boolean): boolean {
  if (attempt >= maxAttempts) return false;
  const codes = retry?.onExitCodes ?? [];
  if (codes.length && (exitCode === undefined || !codes.includes(exitCode))) return false;
  // A program that is not installed stays missing: retrying only repeats the failure after a wait.
  // 127 is the shell's "command not found"; naming it in `onExitCodes` still retries it.
  if ((missingTool || exitCode === MISSING_TOOL_EXIT_CODE) && !codes.includes(MISSING_TOOL_EXIT_CODE)) {
    host.log(inst.key, 'system', `[ansflow] not retrying: the program was not found\n`);
    return false;
  }
  return true;
}
