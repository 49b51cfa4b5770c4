// Runs work for keys one at a time, each key at most once in the queue: asking again for a key that is
// waiting is a no-op, and asking for the key that is running queues it once more (its input may have
// changed after the run read it). A burst of file events (a git checkout touching hundreds of pipeline
// files) thus becomes one re-check per file, in order, instead of one request per event racing for a
// bounded number of places.
export class SerialByKey<K> {
  private readonly waiting = new Set<K>();
  private running = false;
  private disposed = false;

  constructor(
    private readonly work: (key: K) => Promise<unknown>,
    private readonly onError: (key: K, error: unknown) => void = () => undefined,
  ) {}

  /** Keys waiting to run (the one running excluded). */
  get size(): number {
    return this.waiting.size;
  }

  schedule(key: K): void {
    if (this.disposed) return;
    this.waiting.add(key);
    if (!this.running) void this.drain();
  }

  /** Resolves when nothing is waiting or running (tests). */
  async idle(): Promise<void> {
    while (this.running || this.waiting.size > 0) await new Promise((r) => setTimeout(r, 0));
  }

  dispose(): void {
    this.disposed = true;
    this.waiting.clear();
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      for (let next = this.take(); next.found; next = this.take()) {
        try {
          await this.work(next.key);
        } catch (e) {
          this.onError(next.key, e);
        }
      }
    } finally {
      this.running = false;
    }
  }

  private take(): { found: true; key: K } | { found: false } {
    if (this.disposed) return { found: false };
    for (const key of this.waiting) {
      this.waiting.delete(key);
      return { found: true, key };
    }
    return { found: false };
  }
}
