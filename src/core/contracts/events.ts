// The runner's one typed event stream. Every consumer (CLI printer, run store, terminals, graph
// overlay, diagnostics, notifications) subscribes to these and nothing else.
import type { Conclusion } from './statusMapping.js';

/** `interrupted` is never emitted: readers give it to a step or run whose runner process died. */
export type StepStatus = 'queued' | 'running' | 'success' | 'failed' | 'skipped' | 'cancelled' | 'timed-out' | 'up-to-date' | 'interrupted';
export type RunStatus = 'running' | 'success' | 'failed' | 'cancelled' | 'timed-out' | 'interrupted';
export type LogStream = 'stdout' | 'stderr' | 'system';

interface EventBase {
  runId: string;
  /** Epoch milliseconds. */
  time: number;
}

export interface RunStartEvent extends EventBase {
  type: 'run-start';
  pipeline: string;
  file?: string;
  params: Record<string, unknown>;
  trigger: string;
  /** Concrete step instance keys in plan order (matrix expanded). */
  steps: string[];
  /** Instance key → its job, for steps inside `jobs:`; absent when no step is (and in old records). */
  jobs?: Record<string, JobRef>;
}

/** The job a step instance belongs to; `jobKey` names the job instance of a matrix job (`test[node=20]`). */
export interface JobRef {
  job: string;
  jobKey?: string;
}

export interface StepQueuedEvent extends EventBase {
  type: 'step-queued';
  /** Instance key: the step id, plus `[k=v,…]` for matrix instances. */
  step: string;
  stepId: string;
  /** The step's `name` with `${{ }}` evaluated (masked), when it has one. */
  name?: string;
  matrix?: Record<string, unknown>;
}

export interface StepStartEvent extends EventBase {
  type: 'step-start';
  step: string;
  stepId: string;
  attempt: number;
  executor: string;
}

/** A batch of output; `text` is already masked. */
export interface StepLogEvent extends EventBase {
  type: 'step-log';
  step: string;
  stream: LogStream;
  text: string;
}

export interface StepProgressEvent extends EventBase {
  type: 'step-progress';
  step: string;
  message: string;
  /** 0..1 when known. */
  fraction?: number;
  /** Tool-specific structured detail (e.g. an Ansible task result). */
  detail?: Record<string, unknown>;
}

export interface StepOutputEvent extends EventBase {
  type: 'step-output';
  step: string;
  name: string;
  /** Masked value. */
  value: string;
}

export interface ApprovalRequestedEvent extends EventBase {
  type: 'approval-requested';
  step: string;
  message: string;
  approvers: string[];
}

export interface ApprovalResolvedEvent extends EventBase {
  type: 'approval-resolved';
  step: string;
  decision: 'approved' | 'rejected' | 'timed-out';
  by?: string;
}

export interface StepEndEvent extends EventBase {
  type: 'step-end';
  step: string;
  stepId: string;
  status: StepStatus;
  attempt: number;
  exitCode?: number;
  durationMs: number;
  /** Why a step was skipped, failed or cancelled, for people. */
  reason?: string;
  /** GitHub's result before / after continueOnError (contracts/statusMapping); absent in old records. */
  outcome?: Conclusion | 'running';
  conclusion?: Conclusion | 'running';
}

export interface RunEndEvent extends EventBase {
  type: 'run-end';
  status: RunStatus;
  /** `status` in GitHub's values (contracts/statusMapping); absent in old records. */
  conclusion?: Conclusion | 'running';
  durationMs: number;
}

export type RunEvent =
  | RunStartEvent
  | StepQueuedEvent
  | StepStartEvent
  | StepLogEvent
  | StepProgressEvent
  | StepOutputEvent
  | ApprovalRequestedEvent
  | ApprovalResolvedEvent
  | StepEndEvent
  | RunEndEvent;

export type RunEventType = RunEvent['type'];
