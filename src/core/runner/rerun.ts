// Rerun selection: `--from <step>` reruns that step and everything after it, `--rerun-failed <run>`
// reruns what did not succeed in that run and everything after it. Every other step is not run
// again; its recorded (masked) outputs are handed to the steps that do run.
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Pipeline } from '../pipeline/model.js';
import { descendants, planInstances } from './planInstances.js';
import type { RunStore } from './store/RunStore.js';
import { RunHistory } from './store/RunHistory.js';
import type { RunRecord } from './store/runRecord.js';
import type { RunView } from './runState.js';
import type { RunOptions } from './runTypes.js';

/** A step taken from an earlier run instead of running. */
export interface ReusedStep {
  runId: string;
  outputs: Record<string, string>;
}

const DONE = new Set(['success', 'up-to-date']);

/** What rerun selection reads of the run about to start. */
export interface RerunView extends Pick<RunView, 'runId' | 'pipeline' | 'instances'> {
  readonly options: Pick<RunOptions, 'from' | 'rerunFailed' | 'store'>;
}

/** Instances to reuse for this run (empty without --from / --rerun-failed). */
export function selectReused(run: RerunView): Map<string, ReusedStep> {
  const { from, rerunFailed, store } = run.options;
  const out = new Map<string, ReusedStep>();
  if ((!from && !rerunFailed) || !store) return out;
  const history = new RunHistory(store);
  const main = run.instances.filter((i) => !i.isFinally);
  let source: RunRecord | undefined;
  let roots: Set<string>;
  if (rerunFailed) {
    source = history.getRun(rerunFailed);
    if (!source) throw new Error(`run '${rerunFailed}' was not found in the run store`);
    if (!samePipeline(source, run.pipeline)) throw new Error(otherPipelineMessage(source, run.pipeline));
    const ok = new Set(source.steps.filter((s) => DONE.has(s.status)).map((s) => s.step));
    roots = new Set(main.filter((i) => !ok.has(i.key)).map((i) => i.key));
  } else {
    roots = new Set(main.filter((i) => i.key === from || i.step.id === from).map((i) => i.key));
    if (!roots.size) throw new Error(`--from: no step '${from}' in this pipeline`);
    source = latestRunOf(history, run.pipeline, run.runId);
  }
  const rerun = descendants(main, roots);
  const recorded = new Map((source?.steps ?? []).map((s) => [s.step, s]));
  for (const i of main) {
    if (rerun.has(i.key)) continue;
    const rec = recorded.get(i.key);
    // A step with no successful record has nothing to reuse, so it runs again.
    if (rec && DONE.has(rec.status)) out.set(i.key, { runId: source!.runId, outputs: rec.outputs });
  }
  return out;
}

/** The canonical form of a pipeline file path (symlinks resolved when the file exists). */
function canonicalFile(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return resolve(file);
  }
}

/** Whether a recorded run is of `pipeline`: same file, or (no file on either side) same name. */
function samePipeline(run: { pipeline: string; file?: string }, pipeline: Pipeline): boolean {
  const file = pipeline.file;
  if (file || run.file) return !!file && !!run.file && canonicalFile(file) === canonicalFile(run.file);
  return run.pipeline === (pipeline.name ?? 'pipeline');
}

/**
 * The newest readable recorded run of `pipeline` (other than `exceptRunId`), the run `--from` reuses.
 * By file, not by name: two files may share a `name:` and must never reuse each other's outputs.
 */
export function latestRunOf(history: RunHistory, pipeline: Pipeline, exceptRunId?: string): RunRecord | undefined {
  // Newest first; only records up to the first readable one are read.
  for (const r of history.listRuns()) {
    if (r.runId === exceptRunId || !samePipeline(r, pipeline)) continue;
    const record = history.getRun(r.runId);
    if (record) return record;
  }
  return undefined;
}

function otherPipelineMessage(run: RunRecord, pipeline: Pipeline): string {
  return `run '${run.runId}' is a run of ${run.file ?? `'${run.pipeline}'`}, not of ${pipeline.file ?? 'this pipeline'}`;
}

/**
 * Why `--from` / `--rerun-failed` cannot apply to `pipeline`, checked before a run starts (the CLI
 * reports these as usage errors and records no run); empty when they can.
 */
export function rerunProblems(pipeline: Pipeline, store: RunStore, o: { from?: string; rerunFailed?: string }): string[] {
  const problems: string[] = [];
  if (o.from && !planInstances(pipeline).some((i) => !i.isFinally && (i.key === o.from || i.step.id === o.from))) problems.push(`--from: no step '${o.from}' in this pipeline`);
  if (o.rerunFailed) {
    const run = new RunHistory(store).getRun(o.rerunFailed);
    if (!run) problems.push(`--rerun-failed: run '${o.rerunFailed}' was not found in the run store (see 'ansflow history')`);
    else if (!samePipeline(run, pipeline)) problems.push(`--rerun-failed: ${otherPipelineMessage(run, pipeline)}`);
  }
  return problems;
}
