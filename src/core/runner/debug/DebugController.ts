// The control surface a debugger drives: which instances to hold (breakpoints by step id or
// instance key, or every one while paused), releasing them, cancelling the run, and reading or
// editing the expression context of an instance. Snapshots and evaluation results are masked.
import { err, ok, ToolError, type Result } from '../../contracts/result.js';
import { Emitter, type Event } from '../events/Emitter.js';
import { SecretMasker } from '../masking/SecretMasker.js';
import { evaluateExpression } from '../pipelineApi.js';
import type { RunHandle } from '../runTypes.js';
import type { Candidate } from '../startChecks.js';
import type { DebugEdit, DebugHook } from './debugTypes.js';

/** An instance waiting for the debugger before it is evaluated and started. */
export interface HeldStep {
  key: string;
  stepId: string;
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
}

/** What a snapshot needs of an instance that reached its start. */
interface Seen {
  inst: Candidate['inst'];
  host: Candidate['host'];
  failed: boolean;
  skipped: boolean;
}

export class DebugController implements DebugHook {
  private readonly breakpoints = new Set<string>();
  private pausedAll: boolean;
  /** Every instance that reached the hook, for snapshots after it started or ended. */
  private readonly seen = new Map<string, Seen>();
  private readonly waiting = new Map<string, () => void>();
  private readonly heldEmitter = new Emitter<HeldStep>();
  private handle: RunHandle | undefined;
  private masker: SecretMasker | undefined;

  /** Fires when an instance starts waiting. */
  readonly onHeld: Event<HeldStep> = this.heldEmitter.event;

  constructor(options: { breakpoints?: Iterable<string>; stopOnEntry?: boolean } = {}) {
    for (const b of options.breakpoints ?? []) this.breakpoints.add(b);
    this.pausedAll = !!options.stopOnEntry;
  }

  /** The run to cancel on `cancel()`. */
  attach(handle: RunHandle): void {
    this.handle = handle;
  }

  beforeStart(c: Candidate): Promise<void> | undefined {
    const { key, step } = c.inst;
    // Not the candidate itself: it goes on to hold the evaluated context and `with` of its step.
    this.seen.set(key, { inst: c.inst, host: c.host, failed: c.failed, skipped: !!c.skippedDep });
    if (!this.pausedAll && !this.breakpoints.has(step.id) && !this.breakpoints.has(key)) return undefined;
    return new Promise<void>((resolve) => {
      const release = () => {
        this.waiting.delete(key);
        c.signal.removeEventListener('abort', release);
        resolve();
      };
      this.waiting.set(key, release);
      c.signal.addEventListener('abort', release, { once: true });
      this.heldEmitter.fire({ key, stepId: step.id });
    });
  }

  /** Breakpoints: step ids (every instance of the step) or instance keys. */
  setBreakpoints(ids: Iterable<string>): void {
    this.breakpoints.clear();
    for (const id of ids) this.breakpoints.add(id);
  }

  /** Holds every instance that reaches its start from now on. */
  pause(): void {
    this.pausedAll = true;
  }

  /** Instances waiting now, in the order they arrived. */
  held(): HeldStep[] {
    return [...this.waiting.keys()].map((key) => ({ key, stepId: this.seen.get(key)!.inst.step.id }));
  }

  /** Lets one held instance go on; later ones are still held when paused (step over). */
  release(key: string): boolean {
    const r = this.waiting.get(key);
    r?.();
    return !!r;
  }

  /** Stops holding every instance and lets the held ones go on (breakpoints stay). */
  continue(): void {
    this.pausedAll = false;
    for (const r of [...this.waiting.values()]) r();
  }

  /** Cancels the run: held instances are released and recorded cancelled; `finally` steps run. */
  cancel(reason = 'cancelled from the debugger'): void {
    this.breakpoints.clear();
    this.pausedAll = false;
    this.handle?.cancel(reason);
    for (const r of [...this.waiting.values()]) r();
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
    };
    return ok(this.maskerFor(c).maskDeep(snap));
  }

  /** Evaluates an expression (with or without `${{ }}`) in an instance's context; the value is masked. */
  evaluate(key: string, expression: string): Result<unknown> {
    const c = this.seen.get(key);
    if (!c) return err(new ToolError('not-found', `step instance '${key}' has not reached its start yet`));
    const source = expression.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
    try {
      return ok(this.maskerFor(c).maskDeep(evaluateExpression(source, c.host.expressionContext(c.inst, c.failed, c.skipped))));
    } catch (e) {
      return err(new ToolError('invalid-input', this.maskerFor(c).mask(e instanceof Error ? e.message : String(e))));
    }
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
