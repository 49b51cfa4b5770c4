// Keeps one finished instance's artifacts for the runner and notes refusals in its stored log.
import type { StepInstance } from '../planInstances.js';
import { RunArtifacts } from './RunArtifacts.js';

/** What keeping a step's artifacts needs of the run. */
export interface KeepArtifactsHost {
  artifacts: RunArtifacts | undefined;
  workspace: string;
  /** Masks and appends to the step's stored log file. */
  appendStoredLog(step: string, text: string): void;
}

/**
 * Collects `inst`'s artifacts. Notes go to the stored log file only: the step's `step-end` has
 * already been sent, and a live log line after it would reopen the step in terminals.
 */
export function keepArtifacts(r: KeepArtifactsHost, inst: StepInstance, cwd: string): void {
  if (!r.artifacts) return;
  let note: string | undefined;
  try {
    const { files, skipped } = r.artifacts.collect(inst.key, r.workspace, cwd, inst.step.artifacts);
    note = [RunArtifacts.describeKept(files), RunArtifacts.describeSkips(skipped)].filter(Boolean).join('') || '[ansflow] no file matched artifacts\n';
  } catch (e) {
    note = `[ansflow] artifacts not kept: ${e instanceof Error ? e.message : String(e)}\n`;
  }
  r.appendStoredLog(inst.key, note);
}
