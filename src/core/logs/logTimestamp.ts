// Splits the timestamp the Docker Engine API (`timestamps=1`) and the Kubernetes pod log API
// (`timestamps=true`) put before each line: RFC 3339 with up to nine fraction digits, then one space.
import type { RawLogLine } from './logLine.js';

const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d) /;

/** Parses a timestamp into epoch milliseconds with a sub-millisecond fraction; NaN when it is not one. */
export function parseLogTime(ts: string): number {
  const m = STAMP.exec(ts + ' ');
  if (!m) return NaN;
  const whole = Date.parse(m[1] + m[3]);
  const frac = m[2] ? Number('0.' + m[2]) * 1000 : 0;
  return whole + frac;
}

/**
 * A raw API line as a {@link RawLogLine}. A line without a timestamp (a source that cannot stamp, or
 * a continuation the API did not prefix) takes `fallback`, the previous line's time, so it stays put.
 */
export function splitTimestamp(line: string, fallback: { ts: string; t: number }): RawLogLine {
  const m = STAMP.exec(line);
  if (!m) return { ts: fallback.ts, t: fallback.t, text: stripCr(line) };
  const ts = line.slice(0, m[0].length - 1);
  const t = parseLogTime(ts);
  return { ts, t, text: stripCr(line.slice(m[0].length)) };
}

function stripCr(s: string): string {
  return s.endsWith('\r') ? s.slice(0, -1) : s;
}

/** Whole seconds at or before `t`, as RFC 3339: Kubernetes' `sinceTime` has one-second precision. */
export function sinceTimeOf(t: number): string {
  return new Date(Math.floor(t / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
