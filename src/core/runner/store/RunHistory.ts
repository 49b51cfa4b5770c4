// Read side of the run store: listing, one run rebuilt from its records, logs, and the statistics
// the history views show (durations per step, success rate, trends, flaky steps). The counting
// itself lives in runStatistics.ts, shared with the dashboard; this only picks the window of runs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent, RunStatus } from '../../contracts/events.js';
import { conclusionOf, normaliseRunStatus, normaliseStepStatus } from '../../contracts/statusMapping.js';
import { parseJsonl } from './jsonl.js';
import { logFileName, type RunStore, type StoredRecord } from './RunStore.js';
import type { RunListItem, RunRecord, StepRecord } from './runRecord.js';
import { writerAlive } from './writerProcess.js';
import { storedPath } from '../artifacts/RunArtifacts.js';
import { flakySteps, runFinished, stepStatistics, succeeded, successRate, type StatRun, type StepStatistics, type SuccessRate } from './runStatistics.js';

/** Why a step reads as interrupted (see {@link RunHistory.getRun}). */
const INTERRUPTED_REASON = 'the runner process ended before this step finished (killed or crashed)';

/** Options for {@link RunHistory.listRuns}. */
export interface ListRunsOptions {
  limit?: number;
  pipeline?: string;
}

/** Statistics of one step definition over recent runs; `step` is its step id (see runStatistics.ts). */
export type StepDurationStats = StepStatistics & { step: string };

/** One day of a pipeline's trend. */
export interface TrendPoint {
  day: string;
  runs: number;
  failed: number;
  meanDurationMs: number;
}

/** A step that both failed and succeeded within the window, or passed only after a retry. */
export type FlakyStep = StepDurationStats;

/** Queries over a {@link RunStore}. */
export class RunHistory {
  constructor(private readonly store: RunStore) {}

  /** Runs, newest first. A run whose runner died before `run-end` is listed as `interrupted`. */
  listRuns(options: ListRunsOptions = {}): RunListItem[] {
    const items = this.store
      .readIndex()
      .filter((e) => !options.pipeline || e.pipeline === options.pipeline)
      .map((e): RunListItem => {
        const finished = e.status !== undefined && e.status !== 'running';
        const interrupted = !finished && !writerAlive(e.pid, e.pidStart);
        const status = finished ? normaliseRunStatus(e.status!) : interrupted ? 'interrupted' : 'running';
        return {
          runId: e.runId,
          pipeline: e.pipeline,
          file: e.file,
          startedAt: e.startedAt,
          status,
          conclusion: conclusionOf(status),
          durationMs: e.durationMs,
          ...(interrupted ? { interrupted } : {}),
        };
      })
      .reverse();
    return options.limit ? items.slice(0, options.limit) : items;
  }

  /** Raw stored records of a run (torn last line skipped). */
  readRecords(runId: string): { records: StoredRecord[]; skipped: number } {
    const path = join(this.store.runDir(runId), 'run.jsonl');
    if (!existsSync(path)) return { records: [], skipped: 0 };
    return parseJsonl<StoredRecord>(readFileSync(path, 'utf8'));
  }

  /** A run rebuilt from its records, or undefined when unknown. Accepts a unique run id prefix. */
  getRun(runIdOrPrefix: string): RunRecord | undefined {
    const runId = this.resolveRunId(runIdOrPrefix);
    if (!runId) return undefined;
    const { records, skipped } = this.readRecords(runId);
    const start = records.find((r): r is Extract<RunEvent, { type: 'run-start' }> => r.type === 'run-start');
    if (!start) return undefined;
    const steps = new Map<string, StepRecord>();
    const get = (step: string, stepId: string) => {
      let s = steps.get(step);
      if (!s) {
        s = { step, stepId, status: 'queued', attempts: [], durationMs: 0, outputs: {} };
        steps.set(step, s);
      }
      return s;
    };
    let end: Extract<RunEvent, { type: 'run-end' }> | undefined;
    for (const r of records) {
      switch (r.type) {
        case 'step-queued':
          get(r.step, r.stepId).matrix = r.matrix;
          break;
        case 'step-start': {
          const s = get(r.step, r.stepId);
          s.status = 'running';
          s.attempts.push({ attempt: r.attempt, startedAt: r.time, status: 'running', durationMs: 0 });
          break;
        }
        case 'step-output':
          if (steps.has(r.step)) steps.get(r.step)!.outputs[r.name] = r.value;
          break;
        case 'step-end': {
          const s = get(r.step, r.stepId);
          s.status = normaliseStepStatus(r.status);
          if (r.outcome) s.outcome = r.outcome;
          if (r.conclusion) s.conclusion = r.conclusion;
          s.exitCode = r.exitCode;
          s.reason = r.reason;
          const a = s.attempts.find((x) => x.attempt === r.attempt && x.status === 'running');
          if (a) Object.assign(a, { status: r.status, exitCode: r.exitCode, durationMs: r.durationMs, reason: r.reason });
          s.durationMs = s.attempts.reduce((n, x) => n + x.durationMs, 0) || r.durationMs;
          break;
        }
        case 'cache-entry':
          get(r.step, r.step.replace(/\[.*$/, '')).cacheKey = r.entry.inputs;
          break;
        case 'step-artifacts': {
          const s = get(r.step, r.step.replace(/\[.*$/, ''));
          s.artifacts = r.files;
          if (r.skipped.length) s.artifactsSkipped = r.skipped;
          break;
        }
        case 'run-end':
          end = r;
          break;
      }
    }
    const listed = this.listRuns().find((x) => x.runId === runId);
    const status: RunStatus = end ? normaliseRunStatus(end.status) : (listed?.status ?? 'failed');
    // The writer is gone without a run-end: what it was doing will never finish.
    if (!end && listed?.interrupted) for (const s of steps.values()) markInterrupted(s);
    // Records written before the status mapping carry no outcome/conclusion: map the stored state.
    for (const s of steps.values()) {
      const job = start.jobs?.[s.step];
      if (job) Object.assign(s, job.jobKey ? { job: job.job, jobKey: job.jobKey } : { job: job.job });
      s.outcome ??= conclusionOf(s.status);
      s.conclusion ??= s.outcome;
    }
    return {
      runId,
      pipeline: start.pipeline,
      file: start.file,
      startedAt: start.time,
      status,
      conclusion: conclusionOf(status),
      durationMs: end?.durationMs,
      ...(listed?.interrupted ? { interrupted: true } : {}),
      params: start.params,
      plan: start.steps,
      steps: [...steps.values()],
      tornLines: skipped,
    };
  }

  /** Full id for an id or unique prefix (`latest` means the newest run). */
  resolveRunId(idOrPrefix: string): string | undefined {
    const ids = this.store.readIndex().map((e) => e.runId);
    if (idOrPrefix === 'latest') return ids[ids.length - 1];
    if (ids.includes(idOrPrefix)) return idOrPrefix;
    const matches = ids.filter((id) => id.startsWith(idOrPrefix));
    return matches.length === 1 ? matches[0] : undefined;
  }

  /** Absolute path of a kept artifact (`stored` from {@link StepRecord.artifacts}), or undefined when not on disk. */
  artifactPath(runId: string, stored: string): string | undefined {
    const runIdOk = this.resolveRunId(runId) === runId;
    const path = runIdOk ? storedPath(this.store.runDir(runId), stored) : undefined;
    return path && existsSync(path) ? path : undefined;
  }

  /** The masked log text of one step of a run (all attempts), or undefined when none was written. */
  readLog(runId: string, step: string): string | undefined {
    const path = join(this.store.runDir(runId), 'logs', logFileName(step));
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  }

  private recentRuns(pipeline: string | undefined, limit: number): RunRecord[] {
    return this.listRuns({ pipeline, limit })
      .map((r) => this.getRun(r.runId))
      .filter((r): r is RunRecord => r !== undefined);
  }

  /** The last `limit` runs of a pipeline in the shape runStatistics.ts reads. */
  statRuns(pipeline?: string, limit = 50): StatRun[] {
    return this.recentRuns(pipeline, limit).map((r) => ({
      runId: r.runId,
      pipeline: r.pipeline,
      status: r.status,
      startedAt: r.startedAt,
      durationMs: r.durationMs,
      steps: r.steps.map((s) => ({ step: s.step, stepId: s.stepId, status: s.status, durationMs: s.attempts.length ? s.durationMs : undefined, attempts: s.attempts.length })),
    }));
  }

  /** Durations of each step definition over the last `limit` runs of a pipeline (only steps that ran). */
  stepDurations(pipeline?: string, limit = 50): StepDurationStats[] {
    return stepStatistics(this.statRuns(pipeline, limit)).map((s) => ({ step: s.stepId, ...s }));
  }

  /** Share of finished runs that succeeded among the last `limit`. */
  successRate(pipeline?: string, limit = 50): SuccessRate {
    return successRate(this.statRuns(pipeline, limit));
  }

  /** Runs, failures and mean duration per UTC day over the last `days` days. */
  trends(pipeline?: string, days = 14, now = Date.now()): TrendPoint[] {
    const from = now - days * 86_400_000;
    const byDay = new Map<string, { runs: number; failed: number; total: number; timed: number }>();
    for (const r of this.listRuns({ pipeline })) {
      if (r.startedAt < from) continue;
      const day = new Date(r.startedAt).toISOString().slice(0, 10);
      const d = byDay.get(day) ?? byDay.set(day, { runs: 0, failed: 0, total: 0, timed: 0 }).get(day)!;
      d.runs++;
      if (runFinished(r.status) && !succeeded(r.status)) d.failed++;
      if (r.durationMs !== undefined) {
        d.total += r.durationMs;
        d.timed++;
      }
    }
    return [...byDay]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, d]) => ({ day, runs: d.runs, failed: d.failed, meanDurationMs: d.timed ? d.total / d.timed : 0 }));
  }

  /** Steps that both failed and succeeded in the last `limit` runs, or passed only after a retry. */
  flakySteps(pipeline?: string, limit = 50): FlakyStep[] {
    return flakySteps(stepStatistics(this.statRuns(pipeline, limit))).map((s) => ({ step: s.stepId, ...s }));
  }
}

function markInterrupted(s: StepRecord): void {
  for (const a of s.attempts) if (a.status === 'running') Object.assign(a, { status: 'interrupted', reason: INTERRUPTED_REASON });
  if (s.status === 'running' || s.status === 'queued') {
    s.status = 'interrupted';
    s.reason = INTERRUPTED_REASON;
  }
}
