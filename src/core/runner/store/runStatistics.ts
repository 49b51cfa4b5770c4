// The one definition of run statistics. `ansflow history --stats` and the editor's dashboard both
// call this, so a quantile, a success or a flaky step means the same thing in both places.
// Callers choose the window (which runs); this only counts. Outcomes are read in GitHub's
// vocabulary (statusMapping.ts), so runner states such as `timed-out` count as a failure.
import { conclusionOf } from '../../contracts/statusMapping.js';

/** A step of a run as statistics need it. */
export interface StatStep {
  step: string;
  /** The step's id in the pipeline; matrix instances of one definition share it. */
  stepId: string;
  status: string;
  durationMs?: number;
  /** How many attempts the step made (1 when it passed first time). */
  attempts: number;
}

/** A run as statistics need it. */
export interface StatRun {
  runId: string;
  pipeline: string;
  status: string;
  startedAt: number;
  durationMs?: number;
  steps: readonly StatStep[];
}

/** Statistics of one step definition (pipeline + step id) over the window. */
export interface StepStatistics {
  pipeline: string;
  stepId: string;
  /** Durations (ms) of the counted executions, oldest run first. */
  samples: number[];
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Counted executions: those that concluded `success` or `failure`. */
  runs: number;
  successes: number;
  failures: number;
  /** Executions that succeeded only after a retry. */
  passedAfterRetry: number;
  /** Changes between success and failure from one execution to the next, oldest first. */
  flips: number;
  flaky: boolean;
}

/** Share of finished runs that concluded `success`. */
export interface SuccessRate {
  runs: number;
  succeeded: number;
  rate: number;
}

/**
 * Nearest-rank quantile: the smallest sample such that at least `q` of all samples are <= it,
 * i.e. `sorted[ceil(q * n) - 1]`. Always an observed duration (no interpolation), so p50 of
 * [10, 20, 30, 40] is 20 and p90 of ten samples is the 9th. 0 for no samples.
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

/** True when a run finished (any conclusion but `running`). */
export function runFinished(status: string): boolean {
  return conclusionOf(status) !== 'running';
}

/** True when a run or step concluded `success` in GitHub's vocabulary. */
export function succeeded(status: string): boolean {
  return conclusionOf(status) === 'success';
}

/** Success rate over the finished runs given. */
export function successRate(runs: readonly StatRun[]): SuccessRate {
  const finished = runs.filter((r) => runFinished(r.status));
  const ok = finished.filter((r) => succeeded(r.status)).length;
  return { runs: finished.length, succeeded: ok, rate: finished.length ? ok / finished.length : 0 };
}

/**
 * Whether a step execution counts: it concluded `success` or `failure`. Skipped, cancelled and
 * interrupted steps say nothing about the step itself; `up-to-date` (a cache hit) ran nothing,
 * so its duration would drag the quantiles down.
 */
export function stepCounts(status: string): boolean {
  const c = conclusionOf(status);
  return (c === 'success' || c === 'failure') && status !== 'up-to-date';
}

/**
 * Per step definition statistics. A step is flaky when, within the window, the same definition
 * (pipeline + step id) both failed and succeeded — across runs, or inside one run by passing only
 * after a retry. Sorted most flaky first (flips + passes after retry), then by name.
 */
export function stepStatistics(runs: readonly StatRun[]): StepStatistics[] {
  const acc = new Map<string, { pipeline: string; stepId: string; ms: number[]; outcomes: boolean[]; retried: number }>();
  for (const r of [...runs].sort((a, b) => a.startedAt - b.startedAt)) {
    for (const s of r.steps) {
      if (!stepCounts(s.status)) continue;
      const key = `${r.pipeline}\u0000${s.stepId}`;
      const a = acc.get(key) ?? acc.set(key, { pipeline: r.pipeline, stepId: s.stepId, ms: [], outcomes: [], retried: 0 }).get(key)!;
      const ok = succeeded(s.status);
      a.outcomes.push(ok);
      if (s.durationMs !== undefined) a.ms.push(s.durationMs);
      if (ok && s.attempts > 1) a.retried++;
    }
  }
  const out = [...acc.values()].map((a): StepStatistics => {
    const sorted = [...a.ms].sort((x, y) => x - y);
    const successes = a.outcomes.filter(Boolean).length;
    const failures = a.outcomes.length - successes;
    let flips = 0;
    for (let i = 1; i < a.outcomes.length; i++) if (a.outcomes[i] !== a.outcomes[i - 1]) flips++;
    return {
      pipeline: a.pipeline,
      stepId: a.stepId,
      samples: a.ms,
      meanMs: a.ms.length ? a.ms.reduce((x, y) => x + y, 0) / a.ms.length : 0,
      p50Ms: quantile(sorted, 0.5),
      p90Ms: quantile(sorted, 0.9),
      p95Ms: quantile(sorted, 0.95),
      maxMs: sorted[sorted.length - 1] ?? 0,
      runs: a.outcomes.length,
      successes,
      failures,
      passedAfterRetry: a.retried,
      flips,
      flaky: (successes > 0 && failures > 0) || a.retried > 0,
    };
  });
  return out.sort((a, b) => b.flips + b.passedAfterRetry - (a.flips + a.passedAfterRetry) || a.stepId.localeCompare(b.stepId) || a.pipeline.localeCompare(b.pipeline));
}

/** The flaky steps among {@link stepStatistics}, most flaky first. */
export function flakySteps<T extends StepStatistics>(stats: readonly T[]): T[] {
  return stats.filter((s) => s.flaky);
}
