// Steps of a run grouped by job (one group per job instance of a matrix job), in plan order, with
// the job's status folded from its steps. The Runs tree, the run terminal and the dashboard use it.

/** What grouping needs of a step, stored or live. */
export interface GroupableStep {
  step: string;
  status: string;
  /** GitHub's value after continueOnError, when known: a tolerated failure does not fail its job. */
  conclusion?: string;
  durationMs?: number;
  job?: string;
  jobKey?: string;
}

/** One job instance and its steps. `id` is the job instance key for a matrix job, else the job name. */
export interface JobGroup<S extends GroupableStep> {
  kind: 'job';
  id: string;
  job: string;
  status: string;
  steps: S[];
}

/** A row under a run: a step outside jobs, or a job group. */
export type RunStepEntry<S extends GroupableStep> = { kind: 'step'; step: S } | JobGroup<S>;

function effective(s: GroupableStep): string {
  return s.status === 'failed' && s.conclusion === 'success' ? 'success' : s.status;
}

/**
 * A job's status from its steps': anything running (or some done and some still queued) is running;
 * then the worst end state wins (failed, timed-out, interrupted, cancelled); all skipped is skipped,
 * all up to date is up-to-date, otherwise success.
 */
export function jobStatus(steps: GroupableStep[]): string {
  const all = steps.map(effective);
  const has = (s: string) => all.includes(s);
  if (!all.length) return 'queued';
  if (has('running')) return 'running';
  if (has('queued')) return all.every((s) => s === 'queued') ? 'queued' : 'running';
  for (const worst of ['failed', 'timed-out', 'interrupted', 'cancelled']) if (has(worst)) return worst;
  if (all.every((s) => s === 'skipped')) return 'skipped';
  if (all.every((s) => s === 'up-to-date')) return 'up-to-date';
  return 'success';
}

/** Steps outside jobs stay rows of their own; a job's steps gather where its first step is. */
export function groupStepsByJob<S extends GroupableStep>(steps: S[]): Array<RunStepEntry<S>> {
  const out: Array<RunStepEntry<S>> = [];
  const groups = new Map<string, JobGroup<S>>();
  for (const step of steps) {
    if (step.job === undefined) {
      out.push({ kind: 'step', step });
      continue;
    }
    const id = step.jobKey ?? step.job;
    let g = groups.get(id);
    if (!g) {
      g = { kind: 'job', id, job: step.job, status: 'queued', steps: [] };
      groups.set(id, g);
      out.push(g);
    }
    g.steps.push(step);
  }
  for (const g of groups.values()) g.status = jobStatus(g.steps);
  return out;
}

/** Sum of the job's step durations, when any is known (steps of a job run one after another). */
export function jobDurationMs(group: JobGroup<GroupableStep>): number | undefined {
  const known = group.steps.filter((s) => s.durationMs !== undefined);
  return known.length ? known.reduce((n, s) => n + s.durationMs!, 0) : undefined;
}
