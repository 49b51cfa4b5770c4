// What the logs webview holds: the last `cap` lines the host sent and, for the current filter, the
// indexes of those that match, extended line by line as batches arrive (never a full rescan per batch).
import { compileLineFilter, type LineFilter } from '../../src/core/logs/lineFilter.js';
import type { WireFilter, WireLine } from '../shared/logMessages.js';

/** Lines kept in the page plus the filtered view over them. */
export class LogStore {
  private lines: WireLine[] = [];
  /** Index into `lines` of each matching line, ascending. */
  private shown: number[] = [];
  private filter: LineFilter = () => true;
  /** Lines the page lost: the host's ring overwrote them (missed) or the page cap pushed them out. */
  lost = 0;

  constructor(private cap: number) {}

  setCap(cap: number): void {
    this.cap = cap;
    this.trim();
  }

  /** Applies a filter; returns the one-line reason when the pattern is refused (the old filter then stays). */
  setFilter(f: WireFilter): string | undefined {
    const r = compileLineFilter({ text: f.text, regex: f.regex, levels: f.levels, levelledOnly: true });
    if (!r.ok) return r.error.message;
    this.filter = r.value;
    this.shown = [];
    for (let i = 0; i < this.lines.length; i++) if (this.filter(this.lines[i])) this.shown.push(i);
    return undefined;
  }

  append(batch: readonly WireLine[], missed = 0): void {
    this.lost += missed;
    for (const l of batch) {
      this.lines.push(l);
      if (this.filter(l)) this.shown.push(this.lines.length - 1);
    }
    // Trim in steps of a tenth so the array is not shifted on every batch.
    if (this.lines.length > this.cap * 1.1) this.trim();
  }

  private trim(): void {
    const extra = this.lines.length - this.cap;
    if (extra <= 0) return;
    this.lost += extra;
    this.lines = this.lines.slice(extra);
    let k = 0;
    while (k < this.shown.length && this.shown[k] < extra) k++;
    this.shown = this.shown.slice(k).map((i) => i - extra);
  }

  /** Matching lines. */
  get count(): number {
    return this.shown.length;
  }

  get total(): number {
    return this.lines.length;
  }

  /** The n-th matching line. */
  at(n: number): WireLine | undefined {
    const i = this.shown[n];
    return i === undefined ? undefined : this.lines[i];
  }

  /** Position (among matching lines) of the first line stamped at or after `t`; `count` when none is. */
  indexAtTime(t: number): number {
    let lo = 0;
    let hi = this.shown.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.lines[this.shown[mid]].t < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The time of the first and last line held, for the jump-to-time box's hint. */
  span(): { first?: number; last?: number } {
    return { first: this.lines[0]?.t, last: this.lines.at(-1)?.t };
  }
}

/**
 * Reads what the user typed in "jump to time": `HH:MM[:SS]` is that time on the day of `reference`
 * (local time), anything else goes through Date.parse. NaN when it is no time.
 */
export function parseJumpTime(text: string, reference: number): number {
  const m = /^\s*(\d{1,2}):(\d\d)(?::(\d\d)(?:\.(\d{1,3}))?)?\s*$/.exec(text);
  if (m) {
    const d = new Date(reference);
    d.setHours(Number(m[1]), Number(m[2]), Number(m[3] ?? 0), Number((m[4] ?? '0').padEnd(3, '0')));
    return d.getTime();
  }
  return text.trim() ? Date.parse(text.trim()) : NaN;
}
