// JSON Lines helpers for the run store: appends are whole lines written with one write call, and
// reads skip a torn last line (a crash mid-write) instead of failing.
import { closeSync, fsync, fsyncSync, openSync, readFileSync, writeSync, existsSync } from 'node:fs';

/** Parses JSONL text; a line that does not parse is skipped (only the last can be torn by a crash). */
export function parseJsonl<T>(text: string): { records: T[]; skipped: number } {
  const records: T[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      records.push(JSON.parse(line) as T);
    } catch {
      skipped++;
    }
  }
  return { records, skipped };
}

/** Reads a JSONL file; a missing file reads as empty. */
export function readJsonl<T>(path: string): T[] {
  if (!existsSync(path)) return [];
  return parseJsonl<T>(readFileSync(path, 'utf8')).records;
}

/** An append-only JSONL file held open; each record is one `write` so a kill -9 tears at most one line. */
export class JsonlAppender {
  private fd: number | undefined;
  /** A background fsync is running: the fd stays open until it returns. */
  private syncing = false;
  private closed = false;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
    // A previous crash may have left a torn line without its newline; start on a fresh line so the
    // next record stays parseable.
    const text = readFileSync(path, 'utf8');
    if (text.length && !text.endsWith('\n')) writeSync(this.fd, '\n');
  }

  /** Appends one record; with `sync`, also fsyncs so the record survives a power loss. */
  append(record: unknown, sync = false): void {
    if (this.fd === undefined || this.closed) return;
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
    if (sync) fsyncSync(this.fd);
  }

  /** Flushes written records to disk. */
  sync(): void {
    if (this.fd === undefined || this.closed) return;
    try {
      fsyncSync(this.fd);
    } catch {
      // Some filesystems refuse fsync; the data is still written.
    }
  }

  /**
   * Flushes written records to disk on the thread pool: an fsync takes milliseconds on a busy disk,
   * and the grouped ones of a run's step ends held the event loop (and every step's start) meanwhile.
   * Records are written before this is asked for, so a kill -9 still loses none of them.
   */
  syncInBackground(): void {
    if (this.fd === undefined || this.closed || this.syncing) return;
    this.syncing = true;
    fsync(this.fd, () => {
      // An error is ignored as in sync(): the data is still written.
      this.syncing = false;
      if (this.closed) this.release();
    });
  }

  close(): void {
    if (this.fd === undefined || this.closed) return;
    this.closed = true;
    try {
      fsyncSync(this.fd);
    } catch {
      // Some filesystems refuse fsync; the data is still written.
    }
    // Closed by the background fsync's callback instead, so its fd cannot be reused under it.
    if (!this.syncing) this.release();
  }

  private release(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}
