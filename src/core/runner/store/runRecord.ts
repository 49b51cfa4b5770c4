// Shapes the run store reads back: what history views, the dashboard and `ansflow history` show.
import type { RunStatus, StepStatus } from '../../contracts/events.js';
import type { ArtifactRecord, ArtifactSkip } from '../artifacts/artifactTypes.js';
import type { Conclusion } from '../../contracts/statusMapping.js';

/** One line of the run index (`index.jsonl`); a run has a start line and, once finished, an end line. */
export interface RunIndexEntry {
  runId: string;
  pipeline: string;
  file?: string;
  startedAt: number;
  pid?: number;
  /** The writer process's start time, so a reused pid is not taken for the writer (store/writerProcess). */
  pidStart?: string;
  trigger?: string;
  status?: RunStatus;
  endedAt?: number;
  durationMs?: number;
}

/** A run as listed in history. `interrupted` marks a run whose runner died without a `run-end`. */
export interface RunListItem {
  runId: string;
  pipeline: string;
  file?: string;
  startedAt: number;
  status: RunStatus;
  /** `status` in GitHub's values (contracts/statusMapping), also for records written before it existed. */
  conclusion?: Conclusion | 'running';
  durationMs?: number;
  interrupted?: boolean;
}

/** One attempt of one step. */
export interface AttemptRecord {
  attempt: number;
  startedAt: number;
  status: StepStatus;
  exitCode?: number;
  durationMs: number;
  reason?: string;
}

/** A step instance's history within one run. */
export interface StepRecord {
  step: string;
  stepId: string;
  status: StepStatus;
  /** GitHub's result before / after continueOnError; old records without them get the mapped status. */
  outcome?: Conclusion | 'running';
  conclusion?: Conclusion | 'running';
  attempts: AttemptRecord[];
  /** Sum of attempt durations. */
  durationMs: number;
  exitCode?: number;
  reason?: string;
  /** Masked output values. */
  outputs: Record<string, string>;
  matrix?: Record<string, unknown>;
  /** The job (`jobs:`) this step sits in; absent for steps outside jobs and in runs recorded before jobs. */
  job?: string;
  /** The job instance of a matrix job (`test[node=20]`). */
  jobKey?: string;
  /** Content hash of inputs when the step declared `cache`. */
  cacheKey?: string;
  /** Files kept by `artifacts:` (paths masked; `stored` relative to the run folder, see RunHistory.artifactPath). */
  artifacts?: ArtifactRecord[];
  /** Matches that were not kept, and why. */
  artifactsSkipped?: ArtifactSkip[];
}

/** A whole run, rebuilt from its event records. */
export interface RunRecord extends RunListItem {
  params: Record<string, unknown>;
  plan: string[];
  steps: StepRecord[];
  /** Lines that could not be read (a torn last line after a crash). */
  tornLines: number;
}
