// Shapes run records into what the dashboard draws. The numbers themselves (quantiles, success,
// flaky) come from core's runStatistics, the same module `ansflow history --stats` uses, so the
// two never disagree; this file only picks, orders and trims them for the view.
import type { DashboardData, DayRate, DurationPoint, RecentRun, StepStat } from '../../../webview/shared/messages.js';
import { conclusionOf } from '../../core/contracts/statusMapping.js';
import { groupStepsByJob } from '../../core/views/runs/jobGroups.js';
import { flakySteps, runFinished, stepCounts, stepStatistics, succeeded, type StatRun, type StepStatistics } from '../../core/runner/store/runStatistics.js';

/** The fields of a stored run this needs. */
export interface RunRecordLike {
  runId: string;
  pipeline: string;
  status: string;
  startedAt: number;
  durationMs?: number;
  trigger: string;
  steps: Array<{ step: string; stepId: string; status: string; durationMs?: number; attempt?: number; job?: string; jobKey?: string }>;
}

/** The record shape runStatistics reads (`attempt` here is the number of attempts made). */
function toStatRun(r: RunRecordLike): StatRun {
  return { ...r, steps: r.steps.map((s) => ({ step: s.step, stepId: s.stepId, status: s.status, durationMs: s.durationMs, attempts: s.attempt ?? 1 })) };
}

function toStepStat(s: StepStatistics): StepStat {
  return { pipeline: s.pipeline, stepId: s.stepId, runs: s.runs, medianMs: s.p50Ms, p95Ms: s.p95Ms, maxMs: s.maxMs, failures: s.failures, passedAfterRetry: s.passedAfterRetry };
}

/** Statistics for the dashboard, newest runs first in tables; `pipeline` filters to one pipeline. */
export function computeDashboard(records: readonly RunRecordLike[], options: { pipeline?: string; now?: number; days?: number; recent?: number } = {}): DashboardData {
  const now = options.now ?? Date.now();
  const days = options.days ?? 30;
  const pipelines = [...new Set(records.map((r) => r.pipeline))].sort();
  const runs = records.filter((r) => !options.pipeline || r.pipeline === options.pipeline).sort((a, b) => a.startedAt - b.startedAt);
  const finished = runs.filter((r) => runFinished(r.status));

  const byDay = new Map<string, DayRate>();
  for (let i = days - 1; i >= 0; i--) {
    const day = new Date(now - i * 86_400_000).toISOString().slice(0, 10);
    byDay.set(day, { day, total: 0, success: 0 });
  }
  for (const r of finished) {
    const b = byDay.get(new Date(r.startedAt).toISOString().slice(0, 10));
    if (!b) continue;
    b.total++;
    if (succeeded(r.status)) b.success++;
  }

  const durations: Record<string, DurationPoint[]> = {};
  const stepDurations: Record<string, Record<string, DurationPoint[]>> = {};
  for (const r of finished) {
    if (r.durationMs !== undefined) (durations[r.pipeline] ??= []).push({ runId: r.runId, time: r.startedAt, durationMs: r.durationMs, status: r.status });
    for (const s of r.steps) {
      if (!stepCounts(s.status) || s.durationMs === undefined) continue;
      ((stepDurations[r.pipeline] ??= {})[s.stepId] ??= []).push({ runId: r.runId, time: r.startedAt, durationMs: s.durationMs, status: s.status });
    }
  }
  // Trends show the last 50 points so the charts stay readable and messages small.
  for (const k of Object.keys(durations)) durations[k] = durations[k].slice(-50);
  for (const p of Object.values(stepDurations)) for (const k of Object.keys(p)) p[k] = p[k].slice(-50);

  const stats = stepStatistics(runs.map(toStatRun));
  const slowestSteps = stats.filter((s) => s.samples.length > 0).sort((a, b) => b.p50Ms - a.p50Ms).slice(0, 10).map(toStepStat);
  const flaky = flakySteps(stats).slice(0, 10).map(toStepStat);

  const recentRuns: RecentRun[] = [...runs]
    .reverse()
    .slice(0, options.recent ?? 25)
    .map((r) => {
      // One entry per job instance with its folded status; runs without jobs carry none.
      const jobs = groupStepsByJob(r.steps).flatMap((g) => (g.kind === 'job' ? [{ id: g.id, status: g.status }] : []));
      return {
        runId: r.runId,
        pipeline: r.pipeline,
        status: r.status,
        startedAt: r.startedAt,
        durationMs: r.durationMs,
        trigger: r.trigger,
        failedSteps: r.steps.filter((s) => conclusionOf(s.status) === 'failure').map((s) => s.step),
        ...(jobs.length ? { jobs } : {}),
      };
    });

  return { generatedAt: now, pipelines, pipeline: options.pipeline, successByDay: [...byDay.values()], durations, stepDurations, slowestSteps, flakySteps: flaky, recentRuns };
}
