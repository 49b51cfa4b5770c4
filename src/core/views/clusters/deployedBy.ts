// "Which pipeline deployed this object?": the newest stored run whose `kubernetes.apply` step lists
// the object in its `objects` output. Reads raw records rather than rebuilding whole runs, newest
// first, and stops at the first match, so a long history costs at most `maxRuns` file reads.
import type { RunHistory } from '../../runner/store/RunHistory.js';
import type { RunStatus } from '../../contracts/events.js';

/** The cluster object asked about; `namespace` is absent for cluster-scoped kinds. */
export interface DeployedObjectRef {
  kind: string;
  name: string;
  namespace?: string;
}

/** The run and step that last applied the object. */
export interface Deployer {
  runId: string;
  pipeline: string;
  /** The pipeline file as the run recorded it (absent for runs started without a file). */
  file?: string;
  startedAt: number;
  status: RunStatus;
  /** Instance key (`deploy[env=prod]` for a matrix instance) and the step id in the file. */
  step: string;
  stepId: string;
  /** What the apply did to it: created, configured or unchanged. */
  action: string;
}

/** The answer, with how many runs were read to reach it (for the bound's sake). */
export interface DeployerLookup {
  deployer?: Deployer;
  runsRead: number;
}

export const DEFAULT_MAX_RUNS = 200;

interface AppliedEntry {
  kind?: unknown;
  name?: unknown;
  namespace?: unknown;
  action?: unknown;
}

function applied(value: string): AppliedEntry[] {
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((x): x is AppliedEntry => !!x && typeof x === 'object') : [];
  } catch {
    // A masked or hand-written output is not a list: it names nothing.
    return [];
  }
}

function matches(e: AppliedEntry, ref: DeployedObjectRef): boolean {
  // Pruning deletes the object, so that step is not what put the current one there.
  if (e.action === 'pruned' || e.kind !== ref.kind || e.name !== ref.name) return false;
  return (typeof e.namespace === 'string' && e.namespace ? e.namespace : undefined) === (ref.namespace || undefined);
}

/** The newest run (among the last `maxRuns`) that applied `ref`, if any. */
export function findDeployer(history: RunHistory, ref: DeployedObjectRef, maxRuns = DEFAULT_MAX_RUNS): DeployerLookup {
  const runs = history.listRuns({ limit: maxRuns });
  let runsRead = 0;
  for (const run of runs) {
    runsRead++;
    const stepIds = new Map<string, string>();
    const dryRuns = new Set<string>();
    const hits: Array<{ step: string; action: string }> = [];
    for (const r of history.readRecords(run.runId).records) {
      if (r.type === 'step-queued' || r.type === 'step-start') stepIds.set(r.step, r.stepId);
      else if (r.type === 'step-output' && r.name === 'dryRun' && r.value === 'true') dryRuns.add(r.step);
      else if (r.type === 'step-output' && r.name === 'objects') {
        const e = applied(r.value).find((x) => matches(x, ref));
        if (e) hits.push({ step: r.step, action: String(e.action ?? '') });
      }
    }
    // A dry run changed nothing on the cluster; within one run the later apply wins, as it did there.
    const hit = hits.filter((h) => !dryRuns.has(h.step)).pop();
    if (hit) {
      const stepId = stepIds.get(hit.step) ?? hit.step.replace(/\[.*$/, '');
      return { deployer: { runId: run.runId, pipeline: run.pipeline, file: run.file, startedAt: run.startedAt, status: run.status, step: hit.step, stepId, action: hit.action }, runsRead };
    }
  }
  return { runsRead };
}
