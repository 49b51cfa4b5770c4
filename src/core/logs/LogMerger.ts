// Merges many log sources into one time-ordered stream in a LogRing. Sources tag lines with the
// API's timestamps, but lines from different sources arrive out of order (network, buffering), so
// each line waits `windowMs` after arrival; then every waiting line stamped at or before the newest
// such line is emitted in timestamp order (a k-way merge of the per-source queues, which are each
// in order already). Back-pressure: a source's pump stops pulling while its queue is full or, in
// 'pause' mode, while the ring holds `capacity` unread lines, which pauses the underlying stream.
import { LogRing } from './LogRing.js';
import { detectLevel } from './detectLevel.js';
import type { LogLine, LogSourceInfo, RawLogLine } from './logLine.js';
import type { LogSource, LogSourceState } from './logSource.js';
import { isCancellationError } from '../contracts/result.js';

/** Options of a {@link LogMerger}. */
export interface LogMergerOptions {
  /** Lines kept (the `ansflow.logs.bufferLines` setting). Default 10,000. */
  bufferLines?: number;
  /** How long a line waits for earlier-stamped lines of other sources. Default 250 ms. */
  windowMs?: number;
  /** Lines queued per source before its stream is paused. Default 1,000. */
  maxQueuedPerSource?: number;
  /** When the reader lags a full buffer behind: pause the sources (default) or overwrite unread lines and count them dropped. */
  whenLagging?: 'pause' | 'overwrite';
  /** Flush on a timer every windowMs / 2 (default); tests turn it off and call flush(now). */
  autoFlush?: boolean;
  now?: () => number;
}

/** A source as the view lists it. */
export interface MergedSourceStatus extends LogSourceInfo {
  state: LogSourceState;
  detail?: string;
  lines: number;
}

/** Counters for the view's status line and the bench. */
export interface LogMergerStats {
  received: number;
  emitted: number;
  dropped: number;
  queued: number;
  /** Sources whose pump waits for room right now. */
  paused: number;
}

interface Queued {
  raw: RawLogLine;
  arrival: number;
}

interface SourceSlot {
  status: MergedSourceStatus;
  queue: Queued[];
  head: number;
  abort: AbortController;
  waiting: boolean;
}

/**
 * Follows sources added over time and keeps the merged lines in {@link LogMerger.ring}.
 *
 * ```ts
 * const merger = new LogMerger({ bufferLines: 10_000 });
 * merger.onDidAppend(() => post(merger.ring.readAfter(lastSent)));
 * merger.add(dockerContainerSource(docker, id, name));
 * merger.dispose();
 * ```
 */
export class LogMerger {
  readonly ring: LogRing;
  private readonly windowMs: number;
  private readonly maxQueued: number;
  private readonly mode: 'pause' | 'overwrite';
  private readonly now: () => number;
  private readonly slots = new Map<string, SourceSlot>();
  private readonly appendListeners = new Set<(lines: LogLine[]) => void>();
  private readonly sourceListeners = new Set<() => void>();
  private wakers: (() => void)[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private received = 0;
  private emitted = 0;
  private disposed = false;

  constructor(options: LogMergerOptions = {}) {
    this.ring = new LogRing(options.bufferLines ?? 10_000);
    this.windowMs = options.windowMs ?? 250;
    this.maxQueued = options.maxQueuedPerSource ?? 1000;
    this.mode = options.whenLagging ?? 'pause';
    this.now = options.now ?? Date.now;
    if (options.autoFlush ?? true) {
      this.timer = setInterval(() => this.flush(), Math.max(10, this.windowMs / 2));
      this.timer.unref?.();
    }
  }

  /** Starts following a source; a source with an id already followed is ignored. */
  add(source: LogSource): void {
    if (this.disposed || this.slots.has(source.id)) return;
    const slot: SourceSlot = { status: { id: source.id, label: source.label, state: 'following', lines: 0 }, queue: [], head: 0, abort: new AbortController(), waiting: false };
    this.slots.set(source.id, slot);
    this.fireSources();
    void this.pump(source, slot);
  }

  /** Stops following a source; lines it already delivered stay. */
  remove(id: string): void {
    const slot = this.slots.get(id);
    if (!slot) return;
    slot.abort.abort();
    this.wake();
    if (slot.status.state === 'following' || slot.status.state === 'reconnecting') this.setState(slot, 'ended');
  }

  /** Whether a source with this id is followed (or was, and has lines waiting). */
  has(id: string): boolean {
    return this.slots.has(id);
  }

  sources(): MergedSourceStatus[] {
    return [...this.slots.values()].map((s) => ({ ...s.status }));
  }

  stats(): LogMergerStats {
    let queued = 0;
    let paused = 0;
    for (const s of this.slots.values()) {
      queued += s.queue.length - s.head;
      if (s.waiting) paused++;
    }
    return { received: this.received, emitted: this.emitted, dropped: this.ring.dropped, queued, paused };
  }

  /** Called with each batch of lines the merger appended to the ring. */
  onDidAppend(listener: (lines: LogLine[]) => void): { dispose(): void } {
    this.appendListeners.add(listener);
    return { dispose: () => this.appendListeners.delete(listener) };
  }

  /** Called when a source is added or changes state. */
  onDidChangeSources(listener: () => void): { dispose(): void } {
    this.sourceListeners.add(listener);
    return { dispose: () => this.sourceListeners.delete(listener) };
  }

  /** The reader has taken every line up to `seq`: room for paused sources. */
  markRead(seq: number): void {
    this.ring.markRead(seq);
    this.wake();
  }

  /** Emits every line whose window has passed (and older-stamped lines waiting beside it); returns how many. */
  flush(now = this.now()): number {
    const cutoff = now - this.windowMs;
    let maxT = -Infinity;
    for (const s of this.slots.values()) {
      for (let i = s.head; i < s.queue.length && s.queue[i].arrival <= cutoff; i++) if (s.queue[i].raw.t > maxT) maxT = s.queue[i].raw.t;
    }
    if (maxT === -Infinity) return 0;
    let room = this.mode === 'pause' ? this.ring.capacity - this.ring.unread : Infinity;
    const out: LogLine[] = [];
    while (room > 0) {
      let best: SourceSlot | undefined;
      for (const s of this.slots.values()) {
        if (s.head < s.queue.length && s.queue[s.head].raw.t <= maxT && (!best || s.queue[s.head].raw.t < best.queue[best.head].raw.t)) best = s;
      }
      if (!best) break;
      const { raw } = best.queue[best.head++];
      const line: LogLine = { seq: this.ring.nextSeq, source: best.status.id, ts: raw.ts, t: raw.t, text: raw.text, level: detectLevel(raw.text) };
      this.ring.push(line);
      out.push(line);
      room--;
    }
    for (const s of this.slots.values()) this.compact(s);
    this.emitted += out.length;
    if (out.length > 0) {
      for (const l of [...this.appendListeners]) {
        try {
          l(out);
        } catch {
          // One failing listener must not starve the rest or stop the merge.
        }
      }
      this.wake();
    }
    return out.length;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer) clearInterval(this.timer);
    for (const s of this.slots.values()) s.abort.abort();
    this.wake();
    this.appendListeners.clear();
    this.sourceListeners.clear();
  }

  private async pump(source: LogSource, slot: SourceSlot): Promise<void> {
    const signal = slot.abort.signal;
    try {
      for await (const raw of source.lines({ signal, status: (state, detail) => this.setState(slot, state, detail) })) {
        if (signal.aborted) break;
        slot.queue.push({ raw, arrival: this.now() });
        slot.status.lines++;
        this.received++;
        // Not pulling the next line is what pauses the source's stream.
        while (!signal.aborted && !this.disposed && this.congested(slot)) {
          slot.waiting = true;
          await new Promise<void>((resolve) => this.wakers.push(resolve));
          slot.waiting = false;
        }
      }
      if (slot.status.state !== 'failed') this.setState(slot, 'ended');
    } catch (e) {
      if (signal.aborted || isCancellationError(e)) this.setState(slot, 'ended');
      else this.setState(slot, 'failed', (e as Error).message);
    }
  }

  private congested(slot: SourceSlot): boolean {
    if (slot.queue.length - slot.head >= this.maxQueued) return true;
    return this.mode === 'pause' && this.ring.unread >= this.ring.capacity;
  }

  private compact(s: SourceSlot): void {
    if (s.head === s.queue.length) {
      s.queue = [];
      s.head = 0;
    } else if (s.head > 1024 && s.head * 2 > s.queue.length) {
      s.queue = s.queue.slice(s.head);
      s.head = 0;
    }
  }

  private wake(): void {
    const w = this.wakers;
    this.wakers = [];
    for (const resolve of w) resolve();
  }

  private setState(slot: SourceSlot, state: LogSourceState, detail?: string): void {
    if (slot.status.state === state && slot.status.detail === detail) return;
    slot.status.state = state;
    slot.status.detail = detail;
    this.fireSources();
  }

  private fireSources(): void {
    for (const l of [...this.sourceListeners]) {
      try {
        l();
      } catch {
        // as in flush
      }
    }
  }
}
