// The live output of `ansflow run`, written once per event-loop turn: a turn often ends one step and
// starts the next (two lines), and a chatty step's log chunks arrive several to a turn. One write each
// cost a system call and a wake-up of the terminal (or of the program reading the pipe) per line.

/** Text gathered during one turn of the event loop and written to `out` in one call at its end. */
export class TurnWriter {
  private pending = '';
  private scheduled = false;
  private full: Promise<void> | undefined;

  constructor(private readonly out: NodeJS.WritableStream) {}

  /**
   * Queues `text`. Returns the wait for the stream to drain while it is full (the caller's queue holds
   * and bounds the rest meanwhile, as it did with one write per line), otherwise nothing to wait for.
   */
  write(text: string): Promise<void> | undefined {
    if (text) {
      this.pending += text;
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    }
    return this.full;
  }

  /** Writes what is pending now; resolves once the stream can take more. */
  flush(): Promise<void> {
    this.scheduled = false;
    const text = this.pending;
    this.pending = '';
    if (text && !this.out.write(text) && !this.full) {
      this.full = new Promise((resolve) =>
        this.out.once('drain', () => {
          this.full = undefined;
          resolve();
        }),
      );
    }
    return this.full ?? Promise.resolve();
  }
}
