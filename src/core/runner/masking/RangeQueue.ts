// Covered ranges [start, end) of a masking stream, oldest first, in typed arrays that are reused
// read after read. Plain arrays emptied after each read (`length = 0`) dropped their backing
// store, so every read grew them again from nothing: a few hundred ranges a read (one a log line
// in a secret-heavy log) meant a dozen reallocations and their garbage per read.

const INITIAL_CAPACITY = 256;

/** A queue of ranges: pushed and popped at the tail, consumed at the head. */
export class RangeQueue {
  /** Positions are absolute stream offsets: doubles, as a stream may pass 2^31 bytes. */
  start = new Float64Array(INITIAL_CAPACITY);
  end = new Float64Array(INITIAL_CAPACITY);
  /** The oldest range not yet consumed. */
  head = 0;
  /** One past the newest range. */
  tail = 0;

  get empty(): boolean {
    return this.head === this.tail;
  }

  push(start: number, end: number): void {
    if (this.tail === this.start.length) this.makeRoom();
    this.start[this.tail] = start;
    this.end[this.tail] = end;
    this.tail++;
  }

  /** Forgets every range; the arrays stay for the next read. */
  clear(): void {
    this.head = this.tail = 0;
  }

  /** Moves the live ranges to the front, or doubles the arrays when more than half are live. */
  private makeRoom(): void {
    const live = this.tail - this.head;
    if (live * 2 > this.start.length) {
      const start = new Float64Array(this.start.length * 2);
      const end = new Float64Array(this.start.length * 2);
      start.set(this.start.subarray(this.head, this.tail));
      end.set(this.end.subarray(this.head, this.tail));
      this.start = start;
      this.end = end;
    } else {
      this.start.copyWithin(0, this.head, this.tail);
      this.end.copyWithin(0, this.head, this.tail);
    }
    this.head = 0;
    this.tail = live;
  }
}
