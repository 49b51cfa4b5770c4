// Hands the merger's lines to one reader (the webview) a batch at a time: the next batch goes only
// after the reader acknowledged the last one, and only acknowledged lines count as read in the ring,
// so a slow webview makes the merger pause its sources instead of piling messages up.
import type { LogMerger } from './LogMerger.js';
import type { LogLine } from './logLine.js';

/** Options of a {@link LogFeed}. */
export interface LogFeedOptions {
  /** Most lines per message. Default 2,000. */
  batchLines?: number;
}

/**
 * ```ts
 * const feed = new LogFeed(merger, (lines, missed) => panel.webview.postMessage({ type: 'lines', lines, missed }));
 * onMessage: 'ready' → feed.restart(); 'ack' → feed.ack(msg.seq)
 * ```
 */
export class LogFeed {
  private lastSent = 0;
  private inFlight = false;
  private readonly sub: { dispose(): void };

  constructor(
    private readonly merger: LogMerger,
    private readonly post: (lines: LogLine[], missed: number) => void,
    private readonly options: LogFeedOptions = {},
  ) {
    this.sub = merger.onDidAppend(() => this.pump());
  }

  /** The reader (re)started with nothing: send everything the ring holds. */
  restart(): void {
    this.lastSent = 0;
    this.inFlight = false;
    this.pump();
  }

  /** The reader has drawn everything up to `seq`. A stale ack (before a restart) is ignored. */
  ack(seq: number): void {
    if (seq !== this.lastSent) return;
    this.inFlight = false;
    this.merger.markRead(seq);
    this.pump();
  }

  dispose(): void {
    this.sub.dispose();
  }

  private pump(): void {
    if (this.inFlight) return;
    const { lines, missed } = this.merger.ring.readAfter(this.lastSent, this.options.batchLines ?? 2000);
    if (lines.length === 0) return;
    this.lastSent = lines[lines.length - 1].seq;
    this.inFlight = true;
    this.post(lines, missed);
  }
}
