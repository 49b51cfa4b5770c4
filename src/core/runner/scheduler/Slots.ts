// Counting semaphore with FIFO waiters, used for the run's `concurrency` and each matrix step's
// `maxParallel`. Aborting a signal rejects every waiter that passed it, so a cancel never leaves a
// step blocked on a slot. One abort listener per signal (not per waiter): EventTarget listeners
// are kept in a list, and a thousand waiting steps would make each subscription linear.
import { CancellationError } from '../../contracts/result.js';

interface Waiter {
  grant: () => void;
  fail: (e: unknown) => void;
  signal?: AbortSignal;
}

/** A pool of `size` slots. */
export class Slots {
  private used = 0;
  private waiters: Waiter[] = [];
  private readonly watched = new WeakSet<AbortSignal>();

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
    if (signal && !this.watched.has(signal)) {
      this.watched.add(signal);
      signal.addEventListener(
        'abort',
        () => {
          const dropped = this.waiters.filter((w) => w.signal === signal);
          this.waiters = this.waiters.filter((w) => w.signal !== signal);
          for (const w of dropped) w.fail(new CancellationError());
        },
        { once: true },
      );
    }
    return new Promise<void>((resolve, reject) => this.waiters.push({ grant: resolve, fail: reject, signal }));
  }

  /** Returns a slot; the longest waiter gets it. */
  release(): void {
    const next = this.waiters.shift();
    if (next) next.grant();
    else this.used = Math.max(0, this.used - 1);
  }
}
