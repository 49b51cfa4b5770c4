// Last-run status for hovers and lenses, read from the run store the CLI and the run experience share
// (`<workspace folder>/.ansflow/runs`). Cached per pipeline file for a few seconds: lenses ask once per
// step, and a 2,000-step file must not rebuild a run record 2,000 times. No `vscode` here: the language
// worker reads the run store too, given the workspace folders by the host.
import { join, sep } from 'node:path';
import { RunStore } from '../../core/runner/store/RunStore.js';
import { RunHistory } from '../../core/runner/store/RunHistory.js';
import type { StepRunInfo } from '../../language/index.js';
import type { LastRunLookup } from './FsWorkspaceIndex.js';

const TTL_MS = 3000;

/** The workspace folder (absolute path) holding a file, if any. */
export type FolderOf = (file: string) => string | undefined;

/** A {@link LastRunLookup} over the workspace run stores. */
export function runStoreLastRun(folderOf: FolderOf): LastRunLookup {
  const histories = new Map<string, RunHistory>();
  const cache = new Map<string, { at: number; steps: Map<string, StepRunInfo> }>();
  return (file, stepId) => {
    const hit = cache.get(file);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.steps.get(stepId);
    const folder = folderOf(file);
    const steps = new Map<string, StepRunInfo>();
    if (folder) {
      const root = join(folder, '.ansflow', 'runs');
      let history = histories.get(root);
      if (!history) histories.set(root, (history = new RunHistory(new RunStore({ root }))));
      const latest = history.listRuns({ limit: 50 }).find((r) => r.file === file);
      const run = latest ? history.getRun(latest.runId) : undefined;
      for (const s of run?.steps ?? []) {
        if (steps.has(s.stepId)) continue;
        steps.set(s.stepId, { status: s.status, durationMs: s.durationMs, outputs: s.outputs, at: new Date(run!.startedAt).toLocaleString() });
      }
    }
    cache.set(file, { at: Date.now(), steps });
    return steps.get(stepId);
  };
}

/** The deepest of `folders` that contains `file` (how VS Code picks a file's workspace folder). */
export function folderAmong(folders: readonly string[]): FolderOf {
  return (file) => {
    let best: string | undefined;
    for (const f of folders) {
      const prefix = f.endsWith(sep) ? f : f + sep;
      if (file.startsWith(prefix) && (!best || f.length > best.length)) best = f;
    }
    return best;
  };
}
