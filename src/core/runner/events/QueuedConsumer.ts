// Delivers run events to an asynchronous (possibly slow) consumer without ever blocking the runner
// and with bounded memory.
//
// Policy: events are queued in order. Non-log events (a few per step) are always kept. When the
// text of queued `step-log` events exceeds `maxQueuedLogChars`, the oldest queued log batches are
// dropped and replaced by one `system` notice per step saying how much was left out; the run store
// writes logs to files directly, so `ansflow logs` still has every byte.
import type { RunEvent, StepLogEvent } from '../../contracts/events.js';
import type { Disposable, Event } from './Emitter.js';

/** Options for {@link subscribeQueued}. */
export interface QueuedConsumerOptions {
  /** Upper bound on queued log text, in UTF-16 code units. Default 4 Mi. */
  maxQueuedLogChars?: number;
}

/** A subscription whose `idle` promise resolves once every queued event was handled. */
export interface QueuedSubscription extends Disposable {
  /** Resolves when the queue is empty and the consumer is not busy. */
  idle(): Promise<void>;
  /** Log text dropped so far, in code units. */
  readonly droppedChars: number;
}

function droppedNotice(e: StepLogEvent, chars: number): StepLogEvent {
  return { ...e, stream: 'system', text: `[ansflow] ${chars} characters of output not shown here (consumer too slow); the full log is in the run store\n` };
}

/** Subscribes `consumer` to `event` through a bounded queue; see the policy at the top of this file. */
export function subscribeQueued(
  event: Event<RunEvent>,
  consumer: (e: RunEvent) => void | Promise<void>,
  options: QueuedConsumerOptions = {},
): QueuedSubscription {
  const max = options.maxQueuedLogChars ?? 4 * 1024 * 1024;
  const queue: Array<RunEvent & { dropped?: number }> = [];
  let logChars = 0;
  let droppedChars = 0;
  let busy = false;
  let waiters: Array<() => void> = [];

  const settle = () => {
    if (!busy && queue.length === 0) {
      const w = waiters;
      waiters = [];
      w.forEach((r) => r());
    }
  };

  const shed = () => {
    for (let i = 0; i < queue.length && logChars > max; i++) {
      const e = queue[i]!;
      if (e.type !== 'step-log' || e.dropped !== undefined) continue;
      logChars -= e.text.length;
      droppedChars += e.text.length;
      // Merge into a notice for the same step right before it, if there is one.
      const prev = queue[i - 1];
      if (prev && prev.type === 'step-log' && prev.dropped !== undefined && prev.step === e.step) {
        prev.dropped += e.text.length;
        Object.assign(prev, droppedNotice(prev, prev.dropped));
        queue.splice(i, 1);
        i--;
      } else {
        queue[i] = Object.assign(droppedNotice(e, e.text.length), { dropped: e.text.length });
      }
    }
  };

  const pump = async () => {
    if (busy) return;
    busy = true;
    while (queue.length) {
      const e = queue.shift()!;
      if (e.type === 'step-log' && e.dropped === undefined) logChars -= e.text.length;
      const { dropped: _d, ...plain } = e as RunEvent & { dropped?: number };
      try {
        await consumer(plain as RunEvent);
      } catch {
        // A failing consumer must not stop the others or the run.
      }
    }
    busy = false;
    settle();
  };

  const sub = event((e) => {
    queue.push(e);
    if (e.type === 'step-log') {
      logChars += e.text.length;
      if (logChars > max) shed();
    }
    void pump();
  });

  return {
    dispose: () => sub.dispose(),
    idle: () =>
      new Promise<void>((resolve) => {
        waiters.push(resolve);
        settle();
      }),
    get droppedChars() {
      return droppedChars;
    },
  };
}
