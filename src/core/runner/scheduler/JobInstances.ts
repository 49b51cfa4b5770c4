// A matrix job's `maxParallel` and `failFast` act on job instances, as in GitHub Actions: an
// instance (`test[node=20]`, its whole chain of steps) takes a slot when its first step is about to
// start and gives it back when its last step has ended, so `maxParallel: 1` runs one chain after
// the other instead of interleaving them step by step. Under `failFast` (the default) a hard
// failure in one instance aborts the other instances' signal: their running steps are cancelled and
// the rest never start, while the failing instance's own later steps are skipped as usual. Every
// job is tracked (a plain job is one instance) so that what lives as long as a job instance (its
// services) ends with its last step.
import { ToolError } from '../../contracts/result.js';
import type { Job, Step } from '../../pipeline/model.js';
import type { StepInstance } from '../planInstances.js';
import { jobRefs } from '../jobRefs.js';
import { Slots } from './Slots.js';

interface JobInstance {
  readonly key: string;
  readonly job: Job;
  /** Step instances of this job instance that have not ended yet. */
  readonly pending: Set<string>;
  readonly abort: AbortController;
  /** The slot request shared by the instance's steps (the first one to get there makes it). */
  slot?: Promise<void>;
  held: boolean;
}

/** Whether `step` belongs to a job with a matrix (its `maxParallel`/`failFast` are the job's). */
export function inMatrixJob(step: Step, jobs: readonly Job[] | undefined): boolean {
  return step.job !== undefined && !!jobs?.some((j) => j.name === step.job && j.matrix);
}

/** The job instances of one run, with the slots and the cancellation of matrix jobs. */
export class JobInstances {
  private readonly byStep = new Map<string, JobInstance>();
  private readonly byJob = new Map<string, JobInstance[]>();
  private readonly slots = new Map<string, Slots>();

  constructor(instances: readonly StepInstance[], jobs: readonly Job[] | undefined) {
    const refs = jobRefs(instances, jobs) ?? {};
    const jobByName = new Map((jobs ?? []).map((j) => [j.name, j]));
    const byKey = new Map<string, JobInstance>();
    for (const inst of instances) {
      const ref = refs[inst.key];
      const job = ref ? jobByName.get(ref.job) : undefined;
      if (!ref || !job) continue;
      const key = ref.jobKey ?? ref.job;
      let ji = byKey.get(key);
      if (!ji) {
        ji = { key, job, pending: new Set(), abort: new AbortController(), held: false };
        byKey.set(key, ji);
        this.byJob.set(job.name, [...(this.byJob.get(job.name) ?? []), ji]);
        if (job.matrix?.maxParallel && !this.slots.has(job.name)) this.slots.set(job.name, new Slots(job.matrix.maxParallel));
      }
      ji.pending.add(inst.key);
      this.byStep.set(inst.key, ji);
    }
  }

  /** The signal an instance runs under: the phase's, also aborted when a sibling job instance fails. */
  signalFor(inst: StepInstance, phase: AbortSignal): AbortSignal {
    const ji = this.byStep.get(inst.key);
    return ji?.job.matrix ? AbortSignal.any([phase, ji.abort.signal]) : phase;
  }

  /** The job instance `inst` belongs to (`test[node=20]`, or the job's name for a plain job). */
  keyOf(inst: StepInstance): string | undefined {
    return this.byStep.get(inst.key)?.key;
  }

  /** Waits for the job instance's slot (under `maxParallel`); rejects when `signal` aborts first. */
  acquire(inst: StepInstance, signal: AbortSignal): Promise<void> {
    const ji = this.byStep.get(inst.key);
    const slots = ji && this.slots.get(ji.job.name);
    if (!ji || !slots) return Promise.resolve();
    ji.slot ??= slots.acquire(signal).then(() => {
      ji.held = true;
      // Every step may have ended while the request waited (all cancelled): nothing will release it.
      if (!ji.pending.size) this.release(ji);
    });
    return ji.slot;
  }

  /**
   * An instance has ended (run or not): frees the slot after the job instance's last step. Returns
   * the job instance key when that was its last step.
   */
  ended(inst: StepInstance, failedHard: boolean): string | undefined {
    const ji = this.byStep.get(inst.key);
    if (!ji) return undefined;
    ji.pending.delete(inst.key);
    if (failedHard && ji.job.matrix && ji.job.matrix.failFast !== false) {
      const reason = new ToolError('cancelled', `job instance ${ji.key} failed (failFast)`);
      for (const other of this.byJob.get(ji.job.name) ?? []) if (other !== ji && other.pending.size && !other.abort.signal.aborted) other.abort.abort(reason);
    }
    if (ji.pending.size) return undefined;
    this.release(ji);
    return ji.key;
  }

  private release(ji: JobInstance): void {
    if (!ji.held) return;
    ji.held = false;
    this.slots.get(ji.job.name)?.release();
  }
}
