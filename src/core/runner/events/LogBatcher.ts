// Batches a step's output into `step-log` events: one event per step and stream every `intervalMs`
// (default 50 ms), or sooner when a batch grows past `maxBatchChars` (a piece of half that size or
// more, arriving when nothing is pending, is an event of its own). Consumers then see a few
// events per second per step instead of one per pipe read. Output given as bytes is copied into a
// byte batch and decoded once per event (events are the only consumer that needs text), with one
// decoder per step and stream kept across events, as a read may end inside a character. ASCII
// output with no character left open is copied as latin1 instead (the same text, without UTF-8
// decoding's work).
import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import type { LogStream } from '../../contracts/events.js';

/** Receives one batch of already-masked text. */
export type LogBatchSink = (step: string, stream: LogStream, text: string) => void;

/** A stream's bytes waiting for their event: decoded once, when the event goes out. */
interface ByteBatch {
  step: string;
  stream: LogStream;
  /** Allocated on the first small read, reused for every batch of the stream. */
  bytes: Buffer | undefined;
  fill: number;
  decoder: StringDecoder;
  /** The decoder holds no bytes of an open character (it was last given bytes ending in ASCII, or nothing). */
  idle: boolean;
}

/** Options for {@link LogBatcher}. */
export interface LogBatcherOptions {
  intervalMs?: number;
  maxBatchChars?: number;
}

/** Collects masked output per step and stream and releases it in batches. See {@link LogBatchSink}. */
export class LogBatcher {
  private readonly buffers = new Map<string, { step: string; stream: LogStream; parts: string[]; size: number }>();
  private readonly byteBatches = new Map<string, ByteBatch>();
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
    // Bytes pending for the same stream go first.
    const pendingBytes = this.byteBatches.get(key);
    if (pendingBytes) this.flushBytes(pendingBytes);
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
    else this.armTimer();
  }

  /** Adds already-masked bytes (UTF-8) to the step's current batch; see {@link endBytes}. */
  addBytes(step: string, stream: LogStream, bytes: Uint8Array): void {
    if (!bytes.length) return;
    const key = `${stream}\u0000${step}`;
    // Text pending for the same stream goes first.
    if (this.buffers.has(key)) this.flushKey(key);
    let b = this.byteBatches.get(key);
    if (!b) this.byteBatches.set(key, (b = { step, stream, bytes: undefined, fill: 0, decoder: new StringDecoder('utf8'), idle: true }));
    const max = this.maxBatchChars;
    if (b.fill + bytes.length > max) this.flushBytes(b);
    // Half a batch or more with nothing pending: its own event at once, without a copy or a wait.
    if (b.fill === 0 && bytes.length >= max / 2) return this.emitText(b, decode(b, bytes as Buffer));
    b.bytes ??= Buffer.allocUnsafe(max);
    b.bytes.set(bytes, b.fill);
    b.fill += bytes.length;
    if (b.fill >= max) this.flushBytes(b);
    else this.armTimer();
  }

  /** Ends a step's byte streams: their pending bytes go out, an incomplete character at the end as U+FFFD. */
  endBytes(step: string): void {
    for (const [key, b] of [...this.byteBatches]) {
      if (b.step !== step) continue;
      this.byteBatches.delete(key);
      const text = b.fill ? decode(b, b.bytes!.subarray(0, b.fill)) : '';
      this.emitText(b, text + b.decoder.end());
    }
  }

  private flushBytes(b: ByteBatch): void {
    if (!b.fill) return;
    const text = decode(b, b.bytes!.subarray(0, b.fill));
    b.fill = 0;
    this.emitText(b, text);
  }

  private emitText(b: ByteBatch, text: string): void {
    if (text) this.sink(b.step, b.stream, text);
  }

  private armTimer(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushAll();
    }, this.intervalMs);
    this.timer.unref?.();
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
    for (const b of this.byteBatches.values()) if (b.step === step) this.flushBytes(b);
  }

  /** Releases every pending batch. */
  flushAll(): void {
    for (const key of [...this.buffers.keys()]) this.flushKey(key);
    for (const b of this.byteBatches.values()) this.flushBytes(b);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.flushAll();
  }
}

/** A batch's bytes as text: see the file comment. */
function decode(b: ByteBatch, bytes: Buffer): string {
  if (b.idle && isAscii(bytes)) return bytes.toString('latin1');
  // An ASCII byte cannot continue a character, so after one nothing is held.
  b.idle = bytes[bytes.length - 1]! < 0x80;
  return b.decoder.write(bytes);
}
