// Holds tree refreshes back while the view is still fetching children. VS Code 1.100's extension host
// registers each fetched row by id; when a second refresh of the same rows starts before the first
// fetch has finished, both register the same ids and the second fails ("Element with id … is already
// registered", microsoft/vscode#71698, fixed only in later releases): the expanded row then shows no
// children until something refreshes it again. So a refresh waits until no fetch is running and a
// short spacing since the last one has passed (the view needs that long to ask for the rows again);
// requests made meanwhile are merged into one.

/** Timer functions, replaceable in tests. */
export interface GateClock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: GateClock = { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };

export class RefreshGate<T> {
  private fetching = 0;
  /** Rows waiting to be refreshed; 'all' for the whole tree. */
  private pending: Set<T> | 'all' | undefined;
  private holdUntilSpaced = false;
  private timer: unknown;
  private disposed = false;

  constructor(
    private readonly fire: (rows: T[] | undefined) => void,
    private readonly spacingMs = 300,
    private readonly clock: GateClock = realClock,
  ) {}

  /** Asks for `rows` (undefined: everything) to be refreshed, now or as soon as the view is quiet. */
  request(rows?: readonly T[]): void {
    if (this.disposed) return;
    if (!rows) this.pending = 'all';
    else if (this.pending !== 'all') {
      this.pending ??= new Set();
      for (const r of rows) this.pending.add(r);
    }
    this.flush();
  }

  /** Wraps one children fetch of the view, so refreshes wait for it. */
  async fetch<R>(work: () => Promise<R> | R): Promise<R> {
    this.fetching++;
    try {
      return await work();
    } finally {
      this.fetching--;
      // After the fetch's rows are registered (microtasks), not in the middle of it.
      if (this.fetching === 0) this.later(0);
    }
  }

  private flush(): void {
    if (!this.pending || this.fetching > 0 || this.holdUntilSpaced || this.timer !== undefined) return;
    const rows = this.pending;
    this.pending = undefined;
    this.holdUntilSpaced = true;
    this.fire(rows === 'all' ? undefined : [...rows]);
    this.later(this.spacingMs, () => (this.holdUntilSpaced = false));
  }

  private later(ms: number, before?: () => void): void {
    if (this.disposed) return;
    if (this.timer !== undefined && !before) return;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      before?.();
      this.flush();
    }, ms);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
  }
}
