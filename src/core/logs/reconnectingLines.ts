// Keeps one log stream going across drops: when the API stream fails (or ends while the container
// still runs) it is opened again from the last line's time. Kubernetes' `sinceTime` has whole-second
// precision and Docker's `since` is given the same, so the new stream repeats part of what was
// seen: lines stamped before the last one are skipped, and at exactly the last stamp, as many
// lines of each text as were already delivered.
import type { RawLogLine } from './logLine.js';
import type { LogSourceContext } from './logSource.js';
import { splitTimestamp } from './logTimestamp.js';
import { isCancellationError } from '../contracts/result.js';
import { abortableSleep } from '../util/abortableSleep.js';

/** How to (re)open the stream and decide whether an ended one should be reopened. */
export interface ReconnectOptions {
  /** Opens the API stream: raw lines with their timestamp prefix; `since` is epoch ms of the last line seen. */
  open(since: number | undefined, signal: AbortSignal): AsyncIterable<string>;
  /** Asked after a stream ended cleanly: true reopens it (the stream dropped, the container runs on). */
  stillRunning?(signal: AbortSignal): Promise<boolean>;
  /** Consecutive failed attempts before giving up. Default 6. */
  maxFailures?: number;
  /** First retry delay, doubled per failure up to 8 s. Default 250 ms. */
  backoffMs?: number;
  sleep?(ms: number, signal: AbortSignal): Promise<void>;
}

/** Lines of a stream that survives drops, without the overlap a reopen repeats. */
export async function* reconnectingLines(opts: ReconnectOptions, ctx: LogSourceContext): AsyncGenerator<RawLogLine> {
  const { signal } = ctx;
  const sleep = opts.sleep ?? abortableSleep;
  let last: { ts: string; t: number } | undefined;
  // Texts delivered with exactly `last.t`, counted, and what is left to skip of them after a reopen.
  let atLast = new Map<string, number>();
  let replay = new Map<string, number>();
  let failures = 0;
  for (;;) {
    let failed: Error | undefined;
    try {
      for await (const rawLine of opts.open(last?.t, signal)) {
        const line = splitTimestamp(rawLine, last ?? { ts: '', t: 0 });
        if (last && line.t < last.t) continue;
        if (last && line.t === last.t) {
          const left = replay.get(line.text) ?? 0;
          if (left > 0) {
            replay.set(line.text, left - 1);
            continue;
          }
        } else {
          atLast = new Map();
          replay = new Map();
        }
        atLast.set(line.text, (atLast.get(line.text) ?? 0) + 1);
        last = { ts: line.ts, t: line.t };
        if (failures > 0) {
          failures = 0;
          ctx.status('following');
        }
        yield line;
      }
    } catch (e) {
      if (signal.aborted || isCancellationError(e)) return;
      failed = e as Error;
    }
    if (signal.aborted) return;
    // A clean end, or a failure once the container is gone (its log may be gone too), ends the source.
    if (!failed || opts.stillRunning) {
      let running = !failed;
      try {
        running = opts.stillRunning ? await opts.stillRunning(signal) : false;
      } catch (e) {
        if (signal.aborted || isCancellationError(e)) return;
      }
      if (!running) return;
    }
    failures++;
    if (failures > (opts.maxFailures ?? 6)) throw failed ?? new Error('the log stream keeps ending while the container runs');
    ctx.status('reconnecting', failed?.message);
    replay = new Map(atLast);
    try {
      await sleep(Math.min(8000, (opts.backoffMs ?? 250) * 2 ** (failures - 1)), signal);
    } catch {
      return;
    }
    if (signal.aborted) return;
  }
}
