// Routes a step's output: masked once, then every byte to the step's log file and batches to the
// event stream. Process output arrives as the bytes read from the pipe and is masked in place, so
// it reaches the log file without being decoded or encoded; only event batches are decoded. Text
// (steps that log themselves) goes through the same per-stream masker as its UTF-8 bytes, so a
// secret split between text and bytes of one stream is still found.
import type { LogStream } from '../../contracts/events.js';
import type { ByteMaskingStream, SecretMasker } from '../masking/SecretMasker.js';
import type { LogBatcher } from './LogBatcher.js';

/** Where masked output goes: the run's log files (absent without a store). */
export interface StepLogWriter {
  appendLog(step: string, masked: string | Uint8Array): void;
}

/** What the router reads at each call: the masker and writer change when the run starts. */
export interface StepLogSinks {
  masker(): SecretMasker;
  writer(): StepLogWriter | undefined;
  readonly batcher: LogBatcher;
}

type OutputStream = Exclude<LogStream, 'system'>;

/** One masking stream per step and stream; see the file comment. */
export class StepLogRouter {
  private readonly streams = new Map<string, ByteMaskingStream>();

  constructor(private readonly sinks: StepLogSinks) {}

  /** Text a step logs itself; `system` lines are masked whole (they are never split). */
  text(step: string, stream: LogStream, text: string): void {
    if (!text) return;
    if (stream === 'system') {
      const masked = this.sinks.masker().mask(text);
      this.sinks.writer()?.appendLog(step, masked);
      this.sinks.batcher.add(step, stream, masked);
      return;
    }
    this.bytes(step, stream, Buffer.from(text, 'utf8'));
  }

  /** A read of a step's process output; its bytes are overwritten by the masked ones. */
  bytes(step: string, stream: OutputStream, bytes: Buffer): void {
    if (!bytes.length) return;
    const key = `${stream}\u0000${step}`;
    let ms = this.streams.get(key);
    if (!ms) this.streams.set(key, (ms = this.sinks.masker().byteStream()));
    this.route(step, stream, ms.push(bytes));
  }

  /** Releases a step's held tails and pending batches, before its `step-end`. */
  end(step: string): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const key = `${stream}\u0000${step}`;
      const ms = this.streams.get(key);
      if (!ms) continue;
      this.streams.delete(key);
      this.route(step, stream, ms.end());
    }
    this.sinks.batcher.endBytes(step);
    this.sinks.batcher.flushStep(step);
  }

  private route(step: string, stream: OutputStream, masked: Buffer): void {
    if (!masked.length) return;
    this.sinks.writer()?.appendLog(step, masked);
    this.sinks.batcher.addBytes(step, stream, masked);
  }
}
