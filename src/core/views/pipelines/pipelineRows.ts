// The rows of a pipeline in the Pipelines view: steps outside jobs in written order, then each job
// as a group of its steps, then the `finally` steps. A job row shows its step count, its number of
// matrix instances and the status its steps had in the last run, folded as the Runs view folds it.
import { expandMatrix } from '../../pipeline/graph/expandMatrix.js';
import type { Job, Pipeline, Step } from '../../pipeline/model.js';
import { jobStatus } from '../runs/jobGroups.js';

/** A step of its own, or a job with its steps. */
export type PipelineRow = { kind: 'step'; step: Step } | { kind: 'job'; job: Job; steps: Step[] };

/** A step's last known result, as the view finds it (a live run first, else the history). */
export interface LastStepResult {
  status: string;
  conclusion?: string;
}

/** Rows under a pipeline: see the file comment. */
export function pipelineRows(pipeline: Pipeline): PipelineRow[] {
  const byId = new Map(pipeline.steps.map((s) => [s.id, s]));
  const rows: PipelineRow[] = pipeline.steps.filter((s) => s.job === undefined).map((step) => ({ kind: 'step', step }));
  for (const job of pipeline.jobs ?? []) {
    rows.push({ kind: 'job', job, steps: job.steps.map((id) => byId.get(id)).filter((s): s is Step => !!s) });
  }
  for (const step of pipeline.finally) rows.push({ kind: 'step', step });
  return rows;
}

/** `3 steps × 2` for a job whose matrix makes two instances; `1 step` for a plain one. */
export function jobDescription(job: Job, steps: readonly Step[]): string {
  const count = `${steps.length} step${steps.length === 1 ? '' : 's'}`;
  const first = steps[0];
  if (!job.matrix || !first) return count;
  return `${count} × ${expandMatrix(first).length}`;
}

/** The job's status in the last run that ran any of its steps; undefined when none is known. */
export function jobLastStatus(steps: readonly Step[], lastOf: (stepId: string) => LastStepResult | undefined): string | undefined {
  const known = steps.flatMap((s) => {
    const r = lastOf(s.id);
    return r ? [{ step: s.id, ...r }] : [];
  });
  return known.length ? jobStatus(known) : undefined;
}

/** A job row's tooltip: the job's name as written for people, the jobs it needs, and its last run's status. */
export function jobTooltip(job: Job, last: string | undefined): string {
  const needs = job.needs.length ? `\nneeds: ${job.needs.map((n) => n.value).join(', ')}` : '';
  return `job ${job.displayName ?? job.name}${needs}${last ? `\nlast run: ${last}` : ''}`;
}
