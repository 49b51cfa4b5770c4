// Computes the dashboard's statistics from run records. Pure, so the numbers are unit-tested and the
// webview only draws them. Reads the minimal record shape below; the run store's records fit it.
import type { DashboardData, DayRate, DurationPoint, RecentRun, StepStat } from '../../../webview/shared/messages.js';

/** The fields of a stored run this needs. */
export interface RunRecordLike {
  runId: string;
  pipeline: string;
  status: string;
  startedAt: number;
  durationMs?: number;
  trigger: string;
  steps: Array<{ step: string; stepId: string; status: string; durationMs?: number; attempt?: number }>;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

/** Statistics for the dashboard, newest runs first in tables; `pipeline` filters to one pipeline. */
export function computeDashboard(records: readonly RunRecordLike[], options: { pipeline?: string; now?: number; days?: number; recent?: number } = {}): DashboardData {
  const now = options.now ?? Date.now();
  const days = options.days ?? 30;
  const pipelines = [...new Set(records.map((r) => r.pipeline))].sort();
  const runs = records.filter((r) => !options.pipeline || r.pipeline === options.pipeline).sort((a, b) => a.startedAt - b.startedAt);
  const finished = runs.filter((r) => r.status !== 'running');

  const byDay = new Map<string, DayRate>();
  for (let i = days - 1; i >= 0; i--) {
    const day = new Date(now - i * 86_400_000).toISOString().slice(0, 10);
    byDay.set(day, { day, total: 0, success: 0 });
  }
  for (const r of finished) {
    const b = byDay.get(new Date(r.startedAt).toISOString().slice(0, 10));
    if (!b) continue;
    b.total++;
    if (r.status === 'success') b.success++;
  }

  const durations: Record<string, DurationPoint[]> = {};
  const stepDurations: Record<string, Record<string, DurationPoint[]>> = {};
  const stepAcc = new Map<string, { pipeline: string; stepId: string; ms: number[]; failures: number; retried: number }>();
  for (const r of finished) {
    if (r.durationMs !== undefined) (durations[r.pipeline] ??= []).push({ runId: r.runId, time: r.startedAt, durationMs: r.durationMs, status: r.status });
    for (const s of r.steps) {
      if (s.status === 'skipped' || s.status === 'queued' || s.status === 'up-to-date') continue;
      const key = `${r.pipeline}\u0000${s.stepId}`;
      const acc = stepAcc.get(key) ?? { pipeline: r.pipeline, stepId: s.stepId, ms: [], failures: 0, retried: 0 };
      if (s.durationMs !== undefined) {
        acc.ms.push(s.durationMs);
        ((stepDurations[r.pipeline] ??= {})[s.stepId] ??= []).push({ runId: r.runId, time: r.startedAt, durationMs: s.durationMs, status: s.status });
      }
      if (s.status === 'failed' || s.status === 'timed-out') acc.failures++;
      if (s.status === 'success' && (s.attempt ?? 1) > 1) acc.retried++;
      stepAcc.set(key, acc);
    }
  }
  // Trends show the last 50 points so the charts stay readable and messages small.
  for (const k of Object.keys(durations)) durations[k] = durations[k].slice(-50);
  for (const p of Object.values(stepDurations)) for (const k of Object.keys(p)) p[k] = p[k].slice(-50);

  const stats: StepStat[] = [...stepAcc.values()].map((a) => {
    const sorted = [...a.ms].sort((x, y) => x - y);
    return {
      pipeline: a.pipeline,
      stepId: a.stepId,
      runs: a.ms.length,
      medianMs: quantile(sorted, 0.5),
      p95Ms: quantile(sorted, 0.95),
      maxMs: sorted[sorted.length - 1] ?? 0,
      failures: a.failures,
      passedAfterRetry: a.retried,
    };
  });
  const slowestSteps = stats.filter((s) => s.runs > 0).sort((a, b) => b.medianMs - a.medianMs).slice(0, 10);
  const flakySteps = stats
    .filter((s) => s.passedAfterRetry > 0)
    .sort((a, b) => b.passedAfterRetry / Math.max(1, b.runs) - a.passedAfterRetry / Math.max(1, a.runs))
    .slice(0, 10);

  const recentRuns: RecentRun[] = [...runs]
    .reverse()
    .slice(0, options.recent ?? 25)
    .map((r) => ({
      runId: r.runId,
      pipeline: r.pipeline,
      status: r.status,
      startedAt: r.startedAt,
      durationMs: r.durationMs,
      trigger: r.trigger,
      failedSteps: r.steps.filter((s) => s.status === 'failed' || s.status === 'timed-out').map((s) => s.step),
    }));

  return { generatedAt: now, pipelines, pipeline: options.pipeline, successByDay: [...byDay.values()], durations, stepDurations, slowestSteps, flakySteps, recentRuns };
}
