// Batches a step's output into `step-log` events: one event per step and stream every `intervalMs`
// (default 50 ms), or sooner when a batch grows past `maxBatchChars` (a piece of half that size or
// more, arriving when nothing is pending, is an event of its own). Consumers then see a few
// events per second per step instead of one per pipe read. Output given as bytes is decoded here,
// per read, with one decoder per step and stream (a read may end inside a character): events are
// the only consumer that needs text.
import { StringDecoder } from 'node:string_decoder';
import type { LogStream } from '../../contracts/events.js';

/** Receives one batch of already-masked text. */
export type LogBatchSink = (step: string, stream: LogStream, text: string) => void;

/** Options for {@link LogBatcher}. */
export interface LogBatcherOptions {
  intervalMs?: number;
  maxBatchChars?: number;
}

/** Collects masked output per step and stream and releases it in batches. See {@link LogBatchSink}. */
export class LogBatcher {
  private readonly buffers = new Map<string, { step: string; stream: LogStream; parts: string[]; size: number }>();
  private readonly decoders = new Map<string, { step: string; stream: LogStream; decoder: StringDecoder }>();
  private timer: NodeJS.Timeout | undefined;
  private readonly intervalMs: number;
  private readonly maxBatchChars: number;

  constructor(
    private readonly sink: LogBatchSink,
    options: LogBatcherOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 50;
    this.maxBatchChars = options.maxBatchChars ?? 64 * 1024;
  }

  /** Adds text to the step's current batch. */
  add(step: string, stream: LogStream, text: string): void {
    if (!text) return;
    const key = `${stream}\u0000${step}`;
    let b = this.buffers.get(key);
    // Half a batch or more with nothing pending: its own event at once, without a copy or a wait.
    if (!b && text.length >= this.maxBatchChars / 2) return this.sink(step, stream, text);
    if (!b) {
      b = { step, stream, parts: [], size: 0 };
      this.buffers.set(key, b);
    }
    b.parts.push(text);
    b.size += text.length;
    if (b.size >= this.maxBatchChars) this.flushKey(key);
    else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flushAll();
      }, this.intervalMs);
      this.timer.unref?.();
    }
  }

  /** Adds already-masked bytes (UTF-8) to the step's current batch; see {@link endBytes}. */
  addBytes(step: string, stream: LogStream, bytes: Uint8Array): void {
    const key = `${stream}\u0000${step}`;
    let d = this.decoders.get(key);
    if (!d) this.decoders.set(key, (d = { step, stream, decoder: new StringDecoder('utf8') }));
    this.add(step, stream, d.decoder.write(bytes as Buffer));
  }

  /** Ends a step's byte streams: an incomplete character at their end is added as U+FFFD. */
  endBytes(step: string): void {
    for (const [key, d] of [...this.decoders]) {
      if (d.step !== step) continue;
      this.decoders.delete(key);
      this.add(step, d.stream, d.decoder.end());
    }
  }

  private flushKey(key: string): void {
    const b = this.buffers.get(key);
    if (!b) return;
    this.buffers.delete(key);
    this.sink(b.step, b.stream, b.parts.join(''));
  }

  /** Releases a step's pending batches now (before its `step-end`, so order is kept). */
  flushStep(step: string): void {
    for (const [key, b] of [...this.buffers]) if (b.step === step) this.flushKey(key);
  }

  /** Releases every pending batch. */
  flushAll(): void {
    for (const key of [...this.buffers.keys()]) this.flushKey(key);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.flushAll();
  }
}
