// JSON Lines helpers for the run store: appends are whole lines written with one write call, and
// reads skip a torn last line (a crash mid-write) instead of failing.
import { closeSync, fsyncSync, openSync, readFileSync, writeSync, existsSync } from 'node:fs';

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

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
    // A previous crash may have left a torn line without its newline; start on a fresh line so the
    // next record stays parseable.
    const text = readFileSync(path, 'utf8');
    if (text.length && !text.endsWith('\n')) writeSync(this.fd, '\n');
  }

  /** Appends one record; with `sync`, also fsyncs so the record survives a power loss. */
  append(record: unknown, sync = false): void {
    if (this.fd === undefined) return;
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
    if (sync) fsyncSync(this.fd);
  }

  /** Flushes written records to disk. */
  sync(): void {
    if (this.fd === undefined) return;
    try {
      fsyncSync(this.fd);
    } catch {
      // Some filesystems refuse fsync; the data is still written.
    }
  }

  close(): void {
    if (this.fd === undefined) return;
    try {
      fsyncSync(this.fd);
    } catch {
      // Some filesystems refuse fsync; the data is still written.
    }
    closeSync(this.fd);
    this.fd = undefined;
  }
}
