// Glue between the DAG runner and {@link RunArtifacts}: when a run needs artifact handling, which
// instances a step's `$ANSFLOW_ARTIFACTS` draws on, and artifacts of steps taken from earlier runs.
import { join } from 'node:path';
import type { StepInstance } from '../planInstances.js';
import { RunHistory } from '../store/RunHistory.js';
import type { RunStore, RunWriter } from '../store/RunStore.js';
import type { ArtifactLimits } from './artifactTypes.js';
import { RunArtifacts } from './RunArtifacts.js';

/** A {@link RunArtifacts} for a run, or undefined when no step declares `artifacts` (nothing to pay for). */
export function createRunArtifacts(o: {
  runId: string;
  instances: StepInstance[];
  writer: RunWriter | undefined;
  store: RunStore | undefined;
  outputDir: string;
  limits?: Partial<ArtifactLimits>;
  mask: (t: string) => string;
}): RunArtifacts | undefined {
  if (!o.instances.some((i) => i.step.artifacts.length)) return undefined;
  return new RunArtifacts({
    runId: o.runId,
    // Without a store the files live as long as the run's temp folder: enough for dependents.
    runDir: o.writer?.dir ?? join(o.outputDir, 'kept'),
    viewRoot: join(o.outputDir, 'artifacts'),
    store: o.store,
    limits: o.limits,
    mask: o.mask,
    record: (r) => o.writer?.record(r),
  });
}

/** Every instance `inst` needs, directly or through others (its artifact producers). */
export function neededInstances(inst: StepInstance, byKey: ReadonlyMap<string, StepInstance>): string[] {
  const out = new Set<string>();
  const todo = [...inst.deps];
  while (todo.length) {
    const k = todo.pop()!;
    if (out.has(k)) continue;
    out.add(k);
    todo.push(...(byKey.get(k)?.deps ?? []));
  }
  return [...out];
}

/** Takes over the artifacts an instance kept in `fromRunId` (reused by --from, or up to date). */
export function reuseArtifacts(artifacts: RunArtifacts | undefined, store: RunStore | undefined, inst: StepInstance, fromRunId: string): void {
  if (!artifacts || !store || !inst.step.artifacts.length) return;
  const records = new RunHistory(store).getRun(fromRunId)?.steps.find((s) => s.step === inst.key)?.artifacts ?? [];
  artifacts.reuse(inst.key, fromRunId, records);
}
