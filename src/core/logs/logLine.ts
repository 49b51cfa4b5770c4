// The unit every merged-log stage passes along: one line of one source, with the time the API
// stamped on it (Docker and Kubernetes both prefix RFC 3339 nanosecond timestamps on request).

/** Levels recognised in line text by {@link detectLevel}; `undefined` when a line names none. */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** Every level, most severe first (the webview's level filter lists them in this order). */
export const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug', 'trace'];

/** A line as a source hands it over: the API's timestamp text and the line without it. */
export interface RawLogLine {
  /** The timestamp exactly as the API wrote it (kept for `sinceTime` and overlap checks). */
  ts: string;
  /** Milliseconds since the epoch, with sub-millisecond digits as a fraction (a double keeps about microseconds; `ts` keeps all). */
  t: number;
  text: string;
}

/** A merged line: a {@link RawLogLine} tagged with its source, a sequence number and a level. */
export interface LogLine extends RawLogLine {
  /** Increases by one per line the merger emits, so readers can ask for "everything after n". */
  seq: number;
  /** The id of the {@link LogSourceInfo} it came from. */
  source: string;
  level?: LogLevel;
}

/** What a view needs to show a source: a stable id and a label (pod/container, container name, step). */
export interface LogSourceInfo {
  id: string;
  label: string;
}
