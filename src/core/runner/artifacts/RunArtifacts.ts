// One run's artifacts: collects each step's files into the run's folder, records them, takes over
// the artifacts of steps reused from an earlier run, and lays out `$ANSFLOW_ARTIFACTS` for a step
// with the artifacts of the steps it needs (copies: a consumer cannot alter the kept files).
import { constants, copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RunStore } from '../store/RunStore.js';
import { DEFAULT_ARTIFACT_LIMITS, type ArtifactLimits, type ArtifactRecord, type ArtifactSkip, type StepArtifactsRecord } from './artifactTypes.js';
import { collectArtifacts, formatBytes } from './collectArtifacts.js';
import { encodeFileName } from './encodeFileName.js';

/** Where a {@link RunArtifacts} keeps files and how it reports them. */
export interface RunArtifactsOptions {
  runId: string;
  /** The run's folder (`artifacts/` is created inside); a temp folder when the run is not stored. */
  runDir: string;
  /** Folder for the per-step `$ANSFLOW_ARTIFACTS` views (removed with the run's temp folder). */
  viewRoot: string;
  store?: RunStore;
  limits?: Partial<ArtifactLimits>;
  mask: (text: string) => string;
  /** Appends the `step-artifacts` record to the run store. */
  record: (r: StepArtifactsRecord) => void;
}

/** See the file comment. */
export class RunArtifacts {
  private readonly byStep = new Map<string, ArtifactRecord[]>();
  private readonly folders = new Map<string, string>();
  private readonly limits: ArtifactLimits;

  constructor(private readonly o: RunArtifactsOptions) {
    this.limits = { ...DEFAULT_ARTIFACT_LIMITS, ...o.limits };
  }

  /** The folder of one step's kept files, relative to the run folder. */
  private stepFolder(step: string): string {
    return `artifacts/${this.folderName(step)}`;
  }

  /**
   * A step key as a folder name: masked (a matrix value can be a secret, and percent-encoding would
   * not hide it), encoded, and kept apart from another key that masks to the same text.
   */
  private folderName(step: string): string {
    let name = this.folders.get(step);
    if (name === undefined) {
      const base = encodeFileName(this.o.mask(step));
      const taken = new Set(this.folders.values());
      name = base;
      for (let n = 2; taken.has(name); n++) name = `${base}~${n}`;
      this.folders.set(step, name);
    }
    return name;
  }

  /** Keeps a finished step's matching files; returns lines for its log about what was refused. */
  collect(step: string, workspace: string, cwd: string, globs: string[]): { files: ArtifactRecord[]; skipped: ArtifactSkip[] } {
    const folder = this.stepFolder(step);
    const r = collectArtifacts({ workspace, cwd, globs, destDir: join(this.o.runDir, folder), limits: this.limits, mask: this.o.mask });
    const files = r.files.map((f) => ({ ...f, stored: `${folder}/${f.stored}` }));
    this.remember(step, files, r.skipped);
    return { files, skipped: r.skipped };
  }

  /** Copies the artifacts a step kept in an earlier run (a step reused or up to date) into this run. */
  reuse(step: string, fromRunId: string, records: ArtifactRecord[]): void {
    if (!this.o.store || !records.length) return;
    const fromDir = this.o.store.runDir(fromRunId);
    const files: ArtifactRecord[] = [];
    const skipped: ArtifactSkip[] = [];
    for (const rec of records) {
      const src = storedPath(fromDir, rec.stored);
      if (!src || !existsSync(src)) {
        skipped.push({ path: rec.path, reason: `no longer kept by run ${fromRunId}` });
        continue;
      }
      const stored = `${this.stepFolder(step)}/${rec.stored.split('/').slice(2).join('/')}`;
      const dest = join(this.o.runDir, stored);
      mkdirSync(dirname(dest), { recursive: true, mode: 0o700 });
      copyFileSync(src, dest);
      files.push({ ...rec, stored });
    }
    this.remember(step, files, skipped);
  }

  private remember(step: string, files: ArtifactRecord[], skipped: ArtifactSkip[]): void {
    if (!files.length && !skipped.length) return;
    this.byStep.set(step, files);
    this.o.record({ type: 'step-artifacts', runId: this.o.runId, time: Date.now(), step, files, skipped });
  }

  /** Where {@link provide} lays out `consumer`'s folder (not created): expressions know it before the step starts. */
  viewPath(consumer: string): string {
    return join(this.o.viewRoot, this.folderName(consumer));
  }

  /**
   * The `$ANSFLOW_ARTIFACTS` folder of `consumer`: one sub-folder per producer it needs (its step
   * key, encoded), holding copies of that producer's files under their matched paths (encoded).
   */
  provide(consumer: string, producers: Iterable<string>): string {
    const view = this.viewPath(consumer);
    mkdirSync(view, { recursive: true, mode: 0o700 });
    for (const p of producers) {
      for (const rec of this.byStep.get(p) ?? []) {
        const dest = join(view, this.folderName(p), rec.stored.split('/').slice(2).join('/'));
        mkdirSync(dirname(dest), { recursive: true, mode: 0o700 });
        // A clone where the filesystem can (no extra space), a copy elsewhere: never a link the consumer could write through.
        copyFileSync(join(this.o.runDir, rec.stored), dest, constants.COPYFILE_FICLONE);
      }
    }
    return view;
  }

  /** A log line for refused matches, or undefined. */
  static describeSkips(skipped: ArtifactSkip[]): string | undefined {
    if (!skipped.length) return undefined;
    return skipped.map((s) => `[ansflow] artifact '${s.path}' not kept: ${s.reason}\n`).join('');
  }

  /** A log line summarising what was kept. */
  static describeKept(files: ArtifactRecord[]): string | undefined {
    if (!files.length) return undefined;
    return `[ansflow] kept ${files.length} artifact(s), ${formatBytes(files.reduce((n, f) => n + f.size, 0))}\n`;
  }
}

/** Absolute path of a stored artifact, or undefined when `stored` would leave the run folder. */
export function storedPath(runDir: string, stored: string): string | undefined {
  const parts = stored.split('/');
  if (parts[0] !== 'artifacts' || parts.length < 3 || parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\'))) return undefined;
  return join(runDir, ...parts);
}
