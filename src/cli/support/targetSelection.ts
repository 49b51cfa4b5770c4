// `run --target` / `--only`: which part of a pipeline runs. Both cut the pipeline down to the named
// steps and what they need (core's selectTargets); `--only` then reruns just its step, the runner
// reusing the recorded outputs of the rest as it does for `--from`.
import { selectTargets, type ParsedPipeline, type Pipeline } from '../../core/pipeline/index.js';
import { latestRunOf, planInstances, RunHistory, type RunStore } from '../../core/runner/index.js';

interface SelectionOptions {
  target?: string[];
  only?: string;
  from?: string;
  'rerun-failed'?: string;
}

/** The pipeline to run for `--target`/`--only`, or why the options do not fit together. */
export function selectRun(parsed: ParsedPipeline, o: SelectionOptions): { parsed: ParsedPipeline } | { error: string[] } {
  const targets = o.target ?? [];
  if (o.only !== undefined) {
    const other = targets.length ? '--target' : o.from !== undefined ? '--from' : o['rerun-failed'] !== undefined ? '--rerun-failed' : undefined;
    if (other) return { error: [`--only cannot be combined with ${other}`] };
  }
  const names = o.only !== undefined ? [o.only] : targets;
  if (!names.length) return { parsed };
  const { pipeline, problems } = selectTargets(parsed.pipeline, names);
  const option = o.only !== undefined ? '--only' : '--target';
  if (problems.length) return { error: problems.map((p) => `${option}: ${p}`) };
  return { parsed: { ...parsed, pipeline } };
}

/**
 * `--only` runs its step alone: every step it needs must have succeeded in the latest recorded run
 * of this file, whose outputs it then reuses. `pipeline` is already cut down to the step's needs.
 */
export function onlyProblems(pipeline: Pipeline, store: RunStore, step: string): string[] {
  const main = planInstances(pipeline).filter((i) => !i.isFinally);
  // The runner reruns `--only` as `--from`, which takes a step of `steps` or `jobs`: a job name or a
  // finally step would start a run that fails at once.
  if (!main.some((i) => i.step.id === step)) {
    if (pipeline.jobs?.some((j) => j.name === step)) return [`--only: '${step}' is a job; --only runs one step (--target ${step} runs the job and what it needs)`];
    return [pipeline.finally.some((s) => s.id === step) ? `--only: '${step}' is a finally step; --only runs a step of steps or jobs` : `--only: no instance of '${step}' to run`];
  }
  const needed = main.filter((i) => i.step.id !== step);
  if (!needed.length || !pipeline.file) return [];
  // The same run the runner's `--from` will take the outputs from.
  const run = latestRunOf(new RunHistory(store), pipeline);
  if (!run) return [`--only ${step}: no recorded run of this file to take the outputs of what it needs from; run it with --target ${step}`];
  const done = new Set(run.steps.filter((s) => s.status === 'success' || s.status === 'up-to-date').map((s) => s.step));
  const missing = needed.filter((i) => !done.has(i.key)).map((i) => i.key);
  return missing.length ? [`--only ${step}: the latest run (${run.runId}) has no successful ${missing.map((m) => `'${m}'`).join(', ')}; run it with --target ${step}`] : [];
}
