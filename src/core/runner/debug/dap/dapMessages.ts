// The few Debug Adapter Protocol shapes the session speaks (a subset of the protocol's JSON).

export interface DapRequest {
  seq: number;
  type: 'request';
  command: string;
  arguments?: Record<string, unknown>;
}

export interface DapResponse {
  seq: number;
  type: 'response';
  request_seq: number;
  command: string;
  success: boolean;
  message?: string;
  body?: unknown;
}

export interface DapEvent {
  seq: number;
  type: 'event';
  event: string;
  body?: unknown;
}

export type DapMessage = DapResponse | DapEvent;

/** Launch arguments of an `ansflow` debug configuration. */
export interface LaunchArgs {
  /** The pipeline file. */
  pipeline: string;
  params?: Record<string, unknown>;
  stopOnEntry?: boolean;
  /** Pause when a step's last attempt fails; Restart Frame runs it again. */
  breakOnFailure?: boolean;
}

/** A breakpoint as `setBreakpoints` sends it (lines are 1-based). */
export interface SourceBreakpointArgs {
  line: number;
  condition?: string;
  hitCondition?: string;
  logMessage?: string;
}
