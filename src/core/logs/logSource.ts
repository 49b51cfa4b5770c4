// What the merger reads from: anything that yields timestamped lines as an async iterable. The
// merger pulls, so a source that is not pulled stops reading its HTTP stream (back-pressure).
import type { LogSourceInfo, RawLogLine } from './logLine.js';

/** How a source is doing, for the view's source list. */
export type LogSourceState = 'following' | 'reconnecting' | 'ended' | 'failed';

/** Handed to {@link LogSource.lines}: cancellation plus a way to report reconnects. */
export interface LogSourceContext {
  signal: AbortSignal;
  status(state: LogSourceState, detail?: string): void;
}

/** One stream of lines: a container, a pod's container, a run step. */
export interface LogSource extends LogSourceInfo {
  lines(ctx: LogSourceContext): AsyncIterable<RawLogLine>;
}
