// How `ansflow history <run>` and `ansflow logs` list a run's kept artifacts: the path as the step
// matched it, its size, and where the copy is (to open or copy it); refused matches say why.
import { formatBytes } from '../../core/runner/artifacts/collectArtifacts.js';
import type { RunHistory, RunRecord, StepRecord } from '../../core/runner/index.js';

/** Table rows (`STEP`, `ARTIFACT`, `SIZE`, `KEPT AT`) for every artifact of a run. */
export function artifactRows(history: RunHistory, run: RunRecord): string[][] {
  return run.steps.flatMap((s) => stepArtifactRows(history, run.runId, s).map((r) => [s.step, ...r]));
}

/** Rows (`ARTIFACT`, `SIZE`, `KEPT AT`) for one step: kept files, then refused matches. */
export function stepArtifactRows(history: RunHistory, runId: string, s: StepRecord): string[][] {
  return [
    ...(s.artifacts ?? []).map((a) => [a.path, formatBytes(a.size), history.artifactPath(runId, a.stored) ?? '(deleted)']),
    ...(s.artifactsSkipped ?? []).map((x) => [x.path, '-', `not kept: ${x.reason}`]),
  ];
}
