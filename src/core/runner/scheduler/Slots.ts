// Counting semaphore with FIFO waiters, used for the run's `concurrency` and each matrix step's
// `maxParallel`. A waiter whose signal aborts leaves the queue, so a cancel never leaves a step
// blocked on a slot.
import { CancellationError } from '../../contracts/result.js';

/** A pool of `size` slots. */
export class Slots {
  private used = 0;
  private readonly waiters: Array<{ grant: () => void; fail: (e: unknown) => void }> = [];

  constructor(readonly size: number) {}

  /** Number of slots in use. */
  get inUse(): number {
    return this.used;
  }

  /** Resolves once a slot is held; rejects with a CancellationError if `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new CancellationError());
    if (this.used < this.size) {
      this.used++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        fail: reject,
      };
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new CancellationError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Returns a slot; the longest waiter gets it. */
  release(): void {
    const next = this.waiters.shift();
    if (next) next.grant();
    else this.used = Math.max(0, this.used - 1);
  }
}
