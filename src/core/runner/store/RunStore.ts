// The run store: one folder per run holding `run.jsonl` (every non-log event, appended as it is
// emitted) and one masked log file per step, plus `index.jsonl` listing runs. Records are written
// with synchronous appends *before* the runner hands the event to any consumer, so a kill -9 loses
// nothing a consumer has seen; fsync happens at run start, each step end and run end.
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, writeSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { RunEvent, RunStartEvent } from '../../contracts/events.js';
import { JsonlAppender, readJsonl } from './jsonl.js';
import type { RunIndexEntry } from './runRecord.js';
import { processStartTime, writerAlive } from './writerProcess.js';
import { withFileLock } from './indexLock.js';
import type { StepArtifactsRecord } from '../artifacts/artifactTypes.js';
import type { DebugEditRecord } from '../debug/debugTypes.js';

/** Where a store lives and how much it keeps. */
export interface RunStoreOptions {
  /** Folder holding every run (CLI: `<workspace>/.ansflow/runs`). */
  root: string;
  /** Runs kept per store; older ones are deleted when a new run starts. Default 100. */
  maxRuns?: number;
}

/** Inputs recorded for a step declaring `cache`, so an unchanged step can be skipped next time. */
export interface CacheEntry {
  inputs: string;
  generates: string;
  runId: string;
  time: number;
  /** Masked outputs of that run, handed to dependents when the step is skipped as up to date. */
  outputs?: Record<string, string>;
}

/** A record in `run.jsonl`: a run event, the cache key of a step that succeeded, or a step's kept artifacts. */
export type StoredRecord = RunEvent | { type: 'cache-entry'; runId: string; time: number; step: string; entry: CacheEntry } | StepArtifactsRecord | DebugEditRecord;

/** File name for a step instance's log: readable, and unique even after sanitising. */
export function logFileName(step: string): string {
  const safe = step.replace(/[^A-Za-z0-9._-]+/g, '_');
  // File systems refuse names over 255 bytes (ENAMETOOLONG): a long key keeps a head plus a hash.
  if (safe === step && step.length <= MAX_NAME_HEAD) return `${step}.log`;
  return `${safe.slice(0, MAX_NAME_HEAD)}-${createHash('sha1').update(step).digest('hex').slice(0, 8)}.log`;
}

const MAX_NAME_HEAD = 100;

/** Hides secrets in what reaches disk (the run's SecretMasker). */
export interface RecordMasker {
  mask(text: string): string;
  maskDeep<T>(value: T): T;
}

/** Writes one run's records and logs; created by {@link RunStore.beginRun}. */
export class RunWriter {
  private readonly records: JsonlAppender;
  private readonly logFds = new Map<string, number>();
  private closed = false;
  /** Every record, key and step name is masked with it before it is written (a secret can be a key). */
  masker: RecordMasker | undefined;
  private readonly maskedSteps = new Map<string, string>();

  constructor(
    private readonly store: RunStore,
    readonly runId: string,
    readonly dir: string,
  ) {
    mkdirSync(join(dir, 'logs'), { recursive: true });
    this.records = new JsonlAppender(join(dir, 'run.jsonl'));
  }

  /** Appends an event (step-log events are ignored: logs go to files through {@link appendLog}). */
  record(e: StoredRecord, alreadyMasked = false): void {
    if (this.closed || e.type === 'step-log') return;
    if (this.masker && !alreadyMasked) e = this.masker.maskDeep(e);
    // The write itself happens now, so a kill -9 of the runner loses nothing already emitted. fsync
    // (power loss) is immediate at run start/end and grouped every 200 ms for step ends (on the
    // thread pool), because an fsync per step would cost more than running a short step.
    const sync = e.type === 'run-start' || e.type === 'run-end';
    this.records.append(e, sync);
    if (!sync && (e.type === 'step-end' || e.type === 'approval-requested')) this.syncSoon();
    if (e.type === 'run-end') this.store.appendIndex({ runId: this.runId, pipeline: '', startedAt: 0, status: e.status, endedAt: e.time, durationMs: e.durationMs });
  }

  private syncTimer: NodeJS.Timeout | undefined;

  private syncSoon(): void {
    if (this.syncTimer) return;
    this.syncTimer = setTimeout(() => {
      this.syncTimer = undefined;
      this.records.syncInBackground();
    }, 200);
    this.syncTimer.unref?.();
  }

  /** Appends already-masked output (text, or UTF-8 bytes as read) to the step's log file (every byte, no batching, no dropping). */
  appendLog(step: string, text: string | Uint8Array): void {
    if (this.closed || !text) return;
    let fd = this.logFds.get(step);
    if (fd === undefined) {
      fd = openSync(this.logPath(step), 'a');
      this.logFds.set(step, fd);
    }
    if (typeof text === 'string') writeSync(fd, text);
    else writeSync(fd, text);
  }

  /** Path of a step's log file. */
  logPath(step: string): string {
    // Named after the masked step, as the records name it (a matrix value can be a secret).
    let name = this.maskedSteps.get(step);
    if (name === undefined) this.maskedSteps.set(step, (name = this.masker ? this.masker.mask(step) : step));
    return join(this.dir, 'logs', logFileName(name));
  }

  /** Closes every file; later writes are ignored. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.records.close();
    for (const fd of this.logFds.values()) closeSync(fd);
    this.logFds.clear();
  }
}

/** Owns the store folder: creates run writers, the index, retention and the cache table. */
export class RunStore {
  readonly root: string;
  private readonly maxRuns: number;

  constructor(options: RunStoreOptions) {
    this.root = options.root;
    this.maxRuns = options.maxRuns ?? 100;
  }

  /** Folder of one run. */
  runDir(runId: string): string {
    return join(this.root, runId);
  }

  get indexPath(): string {
    return join(this.root, 'index.jsonl');
  }

  /**
   * A cheap fingerprint (two stats) that changes when the index does or, with `runId`, when that run's
   * records do: for readers polling the store because file events can miss it (see GraphEditorProvider).
   */
  stamp(runId?: string): string {
    const of = (path: string): string => {
      try {
        const s = statSync(path);
        return `${s.ino}:${s.size}:${s.mtimeMs}`;
      } catch {
        return '-';
      }
    };
    return runId ? `${of(this.indexPath)} ${of(join(this.runDir(runId), 'run.jsonl'))}` : of(this.indexPath);
  }

  /** Starts recording a run: applies retention, writes the index line and the run-start record. */
  beginRun(start: RunStartEvent, masker?: RecordMasker): RunWriter {
    if (masker) start = masker.maskDeep(start);
    mkdirSync(this.root, { recursive: true });
    this.applyRetention(this.maxRuns - 1);
    this.appendIndex({ runId: start.runId, pipeline: start.pipeline, file: start.file, startedAt: start.time, pid: process.pid, pidStart: processStartTime(process.pid), trigger: start.trigger });
    const w = new RunWriter(this, start.runId, this.runDir(start.runId));
    w.masker = masker;
    w.record(start);
    return w;
  }

  /** @internal */
  appendIndex(entry: RunIndexEntry): void {
    mkdirSync(this.root, { recursive: true });
    withFileLock(this.indexLockPath, () => {
      const a = new JsonlAppender(this.indexPath);
      a.append(entry, true);
      a.close();
    });
  }

  private get indexLockPath(): string {
    return `${this.indexPath}.lock`;
  }

  /** Index lines merged per run, oldest first. */
  readIndex(): RunIndexEntry[] {
    const byId = new Map<string, RunIndexEntry>();
    for (const e of readJsonl<RunIndexEntry>(this.indexPath)) {
      const prev = byId.get(e.runId);
      if (!prev) byId.set(e.runId, { ...e });
      else Object.assign(prev, Object.fromEntries(Object.entries(e).filter(([k, v]) => v !== undefined && !(k === 'pipeline' && v === '') && !(k === 'startedAt' && v === 0))));
    }
    return [...byId.values()].sort((a, b) => a.startedAt - b.startedAt);
  }

  /** Deletes one run (its folder and index lines). */
  deleteRun(runId: string): void {
    // Only a listed run: the id builds a path that is deleted recursively.
    const listed = this.rewriteIndex((index) => (index.some((e) => e.runId === runId) ? index.filter((e) => e.runId !== runId) : undefined));
    if (listed) rmSync(this.runDir(runId), { recursive: true, force: true });
  }

  /** Replaces the index with what `change` makes of it (undefined: leave it), under the index lock. */
  private rewriteIndex(change: (entries: RunIndexEntry[]) => RunIndexEntry[] | undefined): RunIndexEntry[] | undefined {
    mkdirSync(this.root, { recursive: true });
    return withFileLock(this.indexLockPath, () => {
      const entries = change(this.readIndex());
      if (entries) this.writeIndex(entries);
      return entries;
    });
  }

  private writeIndex(entries: RunIndexEntry[]): void {
    const tmp = `${this.indexPath}.tmp-${process.pid}`;
    writeFileSync(tmp, entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
    renameSync(tmp, this.indexPath);
  }

  /**
   * Deletes the oldest runs so at most `keep` remain, and compacts the index. A run still being
   * written (no end line, its writer process alive: another window, the CLI) is never deleted.
   */
  applyRetention(keep = this.maxRuns): void {
    if (this.readIndex().length <= keep) return;
    let drop: RunIndexEntry[] = [];
    this.rewriteIndex((entries) => {
      const live = (e: RunIndexEntry) => (e.status === undefined || e.status === 'running') && writerAlive(e.pid, e.pidStart);
      const excess = entries.length - keep;
      drop = entries.filter((e) => !live(e)).slice(0, Math.max(0, excess));
      if (!drop.length) return undefined;
      const dropped = new Set(drop.map((e) => e.runId));
      return entries.filter((e) => !dropped.has(e.runId));
    });
    for (const e of drop) rmSync(this.runDir(e.runId), { recursive: true, force: true });
  }

  /** Run ids present on disk (including runs missing from the index). */
  runIdsOnDisk(): string[] {
    if (!existsSync(this.root)) return [];
    return readdirSync(this.root, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
  }

  private get cachePath(): string {
    return join(this.root, 'cache.json');
  }

  /** The cache table: pipeline key → step instance key → {@link CacheEntry}. */
  readCache(): Record<string, Record<string, CacheEntry>> {
    try {
      return JSON.parse(readFileSync(this.cachePath, 'utf8')) as Record<string, Record<string, CacheEntry>>;
    } catch {
      return {};
    }
  }

  /** Records a cache entry (atomic replace of the table). */
  writeCacheEntry(pipelineKey: string, step: string, entry: CacheEntry): void {
    mkdirSync(this.root, { recursive: true });
    const table = this.readCache();
    (table[pipelineKey] ??= {})[step] = entry;
    const tmp = `${this.cachePath}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(table));
    renameSync(tmp, this.cachePath);
  }
}
