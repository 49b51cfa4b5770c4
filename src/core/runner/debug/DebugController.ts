// The control surface a debugger drives: which instances to hold (breakpoints by step id or
// instance key, or every one while paused), releasing them, cancelling the run, and reading or
// editing the expression context of an instance. Snapshots and evaluation results are masked.
import { err, ok, ToolError, type Result } from '../../contracts/result.js';
import { Emitter, type Event } from '../events/Emitter.js';
import { SecretMasker } from '../masking/SecretMasker.js';
import { evaluateExpression, interpolate } from '../pipelineApi.js';
import type { StepInstance } from '../planInstances.js';
import type { RunHandle } from '../runTypes.js';
import type { Candidate } from '../startChecks.js';
import { BreakpointSet, type StepBreakpoint } from './BreakpointSet.js';
import type { AttemptFailure, DebugEdit, DebugHook } from './debugTypes.js';

/** An instance waiting for the debugger: before it is evaluated and started, or after its last attempt failed. */
export interface HeldStep {
  key: string;
  stepId: string;
  /** Set when held after a failure (breakOnFailure): `restart` runs it again. */
  failure?: AttemptFailure;
  /** A breakpoint condition that could not be evaluated (the instance is held so it can be looked at). */
  problem?: string;
}

/** A logpoint's message, interpolated and masked. */
export interface LogpointMessage {
  key: string;
  text: string;
}

/** Where an instance stands, as a snapshot shows it. */
export type InstanceState = 'held' | 'started' | 'finished';

/** The expression context of one instance, secrets masked. */
export interface ContextSnapshot {
  step: string;
  state: InstanceState;
  job?: string;
  params: Record<string, unknown>;
  env: Record<string, string>;
  /** Names only: every value is the mask. */
  secrets: Record<string, string>;
  steps: Record<string, unknown>;
  matrix: Record<string, unknown>;
  jobs?: Record<string, unknown>;
  ci?: unknown;
  /** The attempt that failed, for an instance held after a failure. */
  failure?: AttemptFailure;
}

/** What a snapshot needs of an instance that reached its start. */
interface Seen {
  inst: Candidate['inst'];
  host: Candidate['host'];
  failed: boolean;
  skipped: boolean;
}

export class DebugController implements DebugHook {
  private readonly breakpoints = new BreakpointSet();
  private pausedAll: boolean;
  private breakOnFailure: boolean;
  /** Every instance that reached the hook, for snapshots after it started or ended. */
  private readonly seen = new Map<string, Seen>();
  private readonly waiting = new Map<string, (retry: boolean) => void>();
  private readonly failures = new Map<string, AttemptFailure>();
  private readonly problems = new Map<string, string>();
  private readonly heldEmitter = new Emitter<HeldStep>();
  private readonly releasedEmitter = new Emitter<HeldStep>();
  private readonly logEmitter = new Emitter<LogpointMessage>();
  private handle: RunHandle | undefined;
  private masker: SecretMasker | undefined;

  /** Fires when an instance starts waiting. */
  readonly onHeld: Event<HeldStep> = this.heldEmitter.event;
  /** Fires when a waiting instance goes on (release, continue, restart or cancel). */
  readonly onReleased: Event<HeldStep> = this.releasedEmitter.event;
  /** Fires when a logpoint is hit (nothing is held for it). */
  readonly onLogpoint: Event<LogpointMessage> = this.logEmitter.event;

  constructor(options: { breakpoints?: Iterable<string | StepBreakpoint>; stopOnEntry?: boolean; breakOnFailure?: boolean } = {}) {
    this.breakpoints.set(options.breakpoints ?? []);
    this.pausedAll = !!options.stopOnEntry;
    this.breakOnFailure = !!options.breakOnFailure;
  }

  /** The run to cancel on `cancel()`. */
  attach(handle: RunHandle): void {
    this.handle = handle;
  }

  beforeStart(c: Candidate): Promise<void> | undefined {
    const { key, step } = c.inst;
    // Not the candidate itself: it goes on to hold the evaluated context and `with` of its step.
    const seen: Seen = { inst: c.inst, host: c.host, failed: c.failed, skipped: !!c.skippedDep };
    this.seen.set(key, seen);
    if (this.pausedAll) return this.hold(key, step.id, c.signal).then(() => undefined);
    if (this.breakpoints.empty || (!this.breakpoints.has(step.id) && !this.breakpoints.has(key))) return undefined;
    const hit = this.breakpoints.hit([step.id, key], {
      evaluate: (source) => this.evaluateIn(seen, source),
      interpolate: (text) => interpolate(text, c.host.expressionContext(c.inst, c.failed, seen.skipped)),
    });
    for (const text of hit.logs) this.logEmitter.fire({ key, text: this.maskerFor(seen).mask(text) });
    if (hit.problem) this.problems.set(key, this.maskerFor(seen).mask(hit.problem));
    if (!hit.pause) return undefined;
    return this.hold(key, step.id, c.signal).then(() => undefined);
  }

  /** breakOnFailure: holds an instance whose last attempt failed; resolves true when it is to run again. */
  afterFailure(inst: StepInstance, failure: AttemptFailure, signal: AbortSignal): Promise<boolean> | undefined {
    if (!this.breakOnFailure || signal.aborted) return undefined;
    this.failures.set(inst.key, failure);
    return this.hold(inst.key, inst.step.id, signal);
  }

  /** Waits for a release (false) or a restart (true); a cancel releases. */
  private hold(key: string, stepId: string, signal: AbortSignal): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const release = (retry: boolean) => {
        const was = this.heldStep(key, stepId);
        this.waiting.delete(key);
        this.failures.delete(key);
        this.problems.delete(key);
        signal.removeEventListener('abort', onAbort);
        resolve(retry);
        this.releasedEmitter.fire(was);
      };
      const onAbort = () => release(false);
      this.waiting.set(key, release);
      signal.addEventListener('abort', onAbort, { once: true });
      this.heldEmitter.fire(this.heldStep(key, stepId));
    });
  }

  private heldStep(key: string, stepId: string): HeldStep {
    const failure = this.failures.get(key);
    const problem = this.problems.get(key);
    return { key, stepId, ...(failure ? { failure } : {}), ...(problem ? { problem } : {}) };
  }

  /** Breakpoints: step ids (every instance of the step) or instance keys, optionally with a condition, hit count or log message. */
  setBreakpoints(breakpoints: Iterable<string | StepBreakpoint>): void {
    this.breakpoints.set(breakpoints);
  }

  /** Whether a step whose last attempt fails is held (breakOnFailure). */
  setBreakOnFailure(on: boolean): void {
    this.breakOnFailure = on;
  }

  /** Holds every instance that reaches its start from now on. */
  pause(): void {
    this.pausedAll = true;
  }

  /** Instances waiting now, in the order they arrived. */
  held(): HeldStep[] {
    return [...this.waiting.keys()].map((key) => this.heldStep(key, this.seen.get(key)!.inst.step.id));
  }

  /** Lets one held instance go on (a failed one keeps its failure); later ones are still held when paused (step over). */
  release(key: string): boolean {
    const r = this.waiting.get(key);
    r?.(false);
    return !!r;
  }

  /** Runs an instance held after a failure once more (Restart Frame); the problem when it is not held so. */
  restart(key: string): Result<void> {
    const r = this.waiting.get(key);
    if (!r || !this.failures.has(key)) return err(new ToolError('invalid-input', `step instance '${key}' is not held after a failure: only a failed step is run again`));
    r(true);
    return ok(undefined);
  }

  /** Stops holding every instance and lets the held ones go on (breakpoints stay). */
  continue(): void {
    this.pausedAll = false;
    for (const r of [...this.waiting.values()]) r(false);
  }

  /** Cancels the run: held instances are released and recorded cancelled; `finally` steps run. */
  cancel(reason = 'cancelled from the debugger'): void {
    this.breakpoints.set([]);
    this.pausedAll = false;
    // `finally` steps still run after a cancel; with the debugger gone, nothing may wait for it.
    this.breakOnFailure = false;
    this.handle?.cancel(reason);
    for (const r of [...this.waiting.values()]) r(false);
  }

  /** The expression context of an instance that reached its start, secrets masked. */
  snapshot(key: string): Result<ContextSnapshot> {
    const c = this.seen.get(key);
    if (!c) return err(new ToolError('not-found', `step instance '${key}' has not reached its start yet`));
    const ctx = c.host.expressionContext(c.inst, c.failed, c.skipped);
    const secretNames = Object.fromEntries(Object.keys(ctx.secrets).map((n) => [n, this.maskerFor(c).mask(ctx.secrets[n]!)]));
    const snap: ContextSnapshot = {
      step: key,
      state: this.waiting.has(key) ? 'held' : c.host.run.results.has(key) ? 'finished' : 'started',
      ...(c.inst.step.job !== undefined ? { job: c.inst.step.job } : {}),
      params: { ...ctx.params },
      env: { ...ctx.env },
      secrets: secretNames,
      steps: { ...ctx.steps },
      matrix: { ...ctx.matrix },
      ...(ctx.jobs ? { jobs: ctx.jobs as Record<string, unknown> } : {}),
      ...(ctx.ci ? { ci: ctx.ci } : {}),
      ...(this.failures.has(key) ? { failure: this.failures.get(key) } : {}),
    };
    return ok(this.maskerFor(c).maskDeep(snap));
  }

  /** Evaluates an expression (with or without `${{ }}`) in an instance's context; the value is masked. */
  evaluate(key: string, expression: string): Result<unknown> {
    const c = this.seen.get(key);
    if (!c) return err(new ToolError('not-found', `step instance '${key}' has not reached its start yet`));
    try {
      return ok(this.maskerFor(c).maskDeep(this.evaluateIn(c, expression)));
    } catch (e) {
      return err(new ToolError('invalid-input', this.maskerFor(c).mask(e instanceof Error ? e.message : String(e))));
    }
  }

  /** The unmasked value: a breakpoint condition must see what the step will see. */
  private evaluateIn(c: Seen, expression: string): unknown {
    const source = expression.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
    return evaluateExpression(source, c.host.expressionContext(c.inst, c.failed, c.skipped));
  }

  /** Changes a param or a finished step's output before the held instance `before` starts; recorded in the run. */
  edit(before: string, edit: DebugEdit): Result<void> {
    const c = this.seen.get(before);
    if (!c || !this.waiting.has(before)) return err(new ToolError('invalid-input', `step instance '${before}' is not held: values change only before a step starts`));
    const problem = c.host.applyDebugEdit(c.inst, edit);
    return problem ? err(new ToolError('invalid-input', problem)) : ok(undefined);
  }

  // Secrets are resolved before any instance reaches its start, so the first one sees them all.
  private maskerFor(c: Seen): SecretMasker {
    return (this.masker ??= new SecretMasker(Object.values(c.host.run.secrets)));
  }
}
