// What the runner and a debugger exchange: the hook a run calls before each step instance, and the
// value edits a debugger may make while a step is held.
import type { StepStatus } from '../../contracts/events.js';
import type { StepInstance } from '../planInstances.js';
import type { Candidate } from '../startChecks.js';

/** A value changed while debugging, before the held step starts. Secrets are never editable. */
export type DebugEdit = { kind: 'param'; name: string; value: unknown } | { kind: 'output'; step: string; name: string; value: string };

/** The run record's line for an edit: `before` is the held instance the edit was made for. */
export interface DebugEditRecord {
  type: 'debug-edit';
  runId: string;
  time: number;
  before: string;
  edit: DebugEdit;
}

/** Passed as `RunOptions.debug`: asked before each instance is evaluated. */
export interface DebugHook {
  /** Undefined to go on at once (the common case, kept synchronous); else a promise resolved on release. */
  beforeStart(c: Candidate): Promise<void> | undefined;
  /**
   * Asked when an instance's last attempt failed (breakOnFailure): undefined to let the failure
   * stand at once; else a promise of true to run one more attempt (Restart Frame), false to go on.
   */
  afterFailure?(inst: StepInstance, failure: AttemptFailure, signal: AbortSignal): Promise<boolean> | undefined;
}

/** The attempt that failed, as a debugger shows it. */
export interface AttemptFailure {
  attempt: number;
  status: StepStatus;
  exitCode?: number;
  /** Masked. */
  reason?: string;
}
