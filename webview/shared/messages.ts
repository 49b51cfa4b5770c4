// The one typed protocol between extension hosts and webviews: both directions declared here,
// imported by both sides, and validated on arrival (a webview message is untrusted input).
// Secret values never travel here: run data carries statuses, durations and ids only.
import { isObj, isStr } from './guards.js';

/** Outcome counts for one day (UTC) of runs. */
export interface DayRate {
  day: string;
  total: number;
  success: number;
}

/** One run in a duration trend. */
export interface DurationPoint {
  runId: string;
  time: number;
  durationMs: number;
  status: string;
}

/** Duration statistics of one step of one pipeline. */
export interface StepStat {
  pipeline: string;
  stepId: string;
  runs: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  failures: number;
  /** Runs where the step passed only after a retry. */
  passedAfterRetry: number;
}

/** A row of the recent-runs table. */
export interface RecentRun {
  runId: string;
  pipeline: string;
  status: string;
  startedAt: number;
  durationMs?: number;
  trigger: string;
  failedSteps: string[];
  /** The run's jobs (one per matrix job instance) with their folded status; absent when it has none. */
  jobs?: Array<{ id: string; status: string }>;
}

/** Everything the dashboard renders; the host computes it, the webview only draws. */
export interface DashboardData {
  generatedAt: number;
  pipelines: string[];
  /** The pipeline the data is filtered to, or undefined for all. */
  pipeline?: string;
  successByDay: DayRate[];
  durations: Record<string, DurationPoint[]>;
  stepDurations: Record<string, Record<string, DurationPoint[]>>;
  slowestSteps: StepStat[];
  flakySteps: StepStat[];
  recentRuns: RecentRun[];
}

/** Host → webview. */
export type ToWebview = { type: 'data'; data: DashboardData } | { type: 'error'; message: string };

/** Webview → host. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'filter'; pipeline?: string }
  | { type: 'openRun'; runId: string }
  | { type: 'rerun'; runId: string };

const RUN_ID = /^[\w.:-]{1,128}$/;

/** Validates a message from a webview; undefined for anything malformed or unknown. */
export function parseFromWebview(raw: unknown): FromWebview | undefined {
  if (!isObj(raw) || !isStr(raw.type)) return undefined;
  switch (raw.type) {
    case 'ready':
    case 'refresh':
      return { type: raw.type };
    case 'filter':
      if (raw.pipeline === undefined || raw.pipeline === null) return { type: 'filter' };
      return isStr(raw.pipeline) && raw.pipeline.length <= 512 ? { type: 'filter', pipeline: raw.pipeline } : undefined;
    case 'openRun':
    case 'rerun':
      return isStr(raw.runId) && RUN_ID.test(raw.runId) ? { type: raw.type, runId: raw.runId } : undefined;
    default:
      return undefined;
  }
}

/** Validates a message from the host (the webview checks too: it may outlive a host version). */
export function parseToWebview(raw: unknown): ToWebview | undefined {
  if (!isObj(raw) || !isStr(raw.type)) return undefined;
  if (raw.type === 'error') return isStr(raw.message) ? { type: 'error', message: raw.message } : undefined;
  if (raw.type !== 'data' || !isObj(raw.data)) return undefined;
  const d = raw.data;
  const arrays = ['pipelines', 'successByDay', 'slowestSteps', 'flakySteps', 'recentRuns'];
  if (typeof d.generatedAt !== 'number' || !arrays.every((k) => Array.isArray(d[k])) || !isObj(d.durations) || !isObj(d.stepDurations)) return undefined;
  return { type: 'data', data: d as unknown as DashboardData };
}

/** A typed post helper: `post(target, 'data', { data })`. */
export function post<T extends ToWebview | FromWebview, K extends T['type']>(
  target: { postMessage(message: unknown): unknown },
  type: K,
  body: Omit<Extract<T, { type: K }>, 'type'>,
): void {
  void target.postMessage({ type, ...body });
}
