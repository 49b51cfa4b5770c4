// The merged view's memory bound: the last `capacity` lines (the `ansflow.logs.bufferLines`
// setting) in a fixed array. A reader takes lines in order with `readAfter(seq)`; lines it has not
// read yet are "unread", and a write that overwrites one counts as dropped, which the view shows.
import type { LogLine } from './logLine.js';

/** Lines a reader asked for, plus how many it missed since its cursor because they were overwritten. */
export interface RingRead {
  lines: LogLine[];
  /** Lines after the cursor that were already overwritten when the reader came. */
  missed: number;
}

/**
 * A ring buffer of {@link LogLine}s numbered by `seq`.
 *
 * ```ts
 * const ring = new LogRing(10_000);
 * ring.push({ ...line, seq: ring.nextSeq });
 * const { lines } = ring.readAfter(lastSeen); ring.markRead(lines.at(-1)!.seq);
 * ```
 */
export class LogRing {
  private readonly slots: (LogLine | undefined)[];
  private written = 0;
  /** Seq of the last line the consumer has taken (0: none). */
  private readUpTo = 0;
  /** Unread lines lost to overwriting. */
  dropped = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring capacity must be a positive integer, not ${capacity}`);
    this.slots = new Array(capacity);
  }

  /** The seq the next pushed line must carry (lines are numbered 1, 2, 3, …). */
  get nextSeq(): number {
    return this.written + 1;
  }

  /** Lines pushed and not yet marked read, at most `capacity`. */
  get unread(): number {
    return Math.min(this.written - this.readUpTo, this.capacity);
  }

  push(line: LogLine): void {
    const evicted = this.written >= this.capacity ? this.written - this.capacity + 1 : 0;
    if (evicted > this.readUpTo) {
      this.dropped++;
      this.readUpTo = evicted;
    }
    this.slots[this.written % this.capacity] = line;
    this.written++;
  }

  /** Up to `max` lines with seq > `after`, oldest first; counts lines already gone as missed. */
  readAfter(after: number, max = this.capacity): RingRead {
    const oldest = Math.max(1, this.written - this.capacity + 1);
    const from = Math.max(after + 1, oldest);
    const missed = Math.max(0, oldest - (after + 1));
    const to = Math.min(this.written, from + max - 1);
    const lines: LogLine[] = [];
    for (let s = from; s <= to; s++) lines.push(this.slots[(s - 1) % this.capacity]!);
    return { lines, missed };
  }

  /** The consumer has taken everything up to `seq`. */
  markRead(seq: number): void {
    if (seq > this.readUpTo) this.readUpTo = Math.min(seq, this.written);
  }

  /** Every line held, oldest first (export, a new view attaching). */
  all(): LogLine[] {
    return this.readAfter(0).lines;
  }
}
