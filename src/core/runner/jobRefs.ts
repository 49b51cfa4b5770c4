// Which job (and which matrix instance of it) each step instance belongs to, so the run store,
// the Runs tree, the run terminal and the dashboard can show jobs as groups.
import { instanceKey } from '../pipeline/graph/expandMatrix.js';
import type { Job } from '../pipeline/model.js';
import type { JobRef } from '../contracts/events.js';
import type { StepInstance } from './planInstances.js';

/** Instance key → its job, for the instances that sit in a job; undefined when none do. */
export function jobRefs(instances: readonly StepInstance[], jobs: readonly Job[] | undefined): Record<string, JobRef> | undefined {
  const byName = new Map((jobs ?? []).map((j) => [j.name, j]));
  const out: Record<string, JobRef> = {};
  for (const inst of instances) {
    const job = inst.step.job !== undefined ? byName.get(inst.step.job) : undefined;
    if (!job) continue;
    // Only a matrix job has instances of its own; a plain job's step may still carry its own matrix.
    out[inst.key] = job.matrix && Object.keys(inst.matrix).length ? { job: job.name, jobKey: instanceKey(job.name, inst.matrix) } : { job: job.name };
  }
  return Object.keys(out).length ? out : undefined;
}
