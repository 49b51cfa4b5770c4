// Keeps one finished instance's artifacts for the runner and notes refusals in its stored log.
import type { DagRunner } from '../DagRunner.js';
import type { StepInstance } from '../planInstances.js';
import { RunArtifacts } from './RunArtifacts.js';

/**
 * Collects `inst`'s artifacts. Notes go to the stored log file only: the step's `step-end` has
 * already been sent, and a live log line after it would reopen the step in terminals.
 */
export function keepArtifacts(r: DagRunner, inst: StepInstance, cwd: string): void {
  if (!r.artifacts) return;
  let note: string | undefined;
  try {
    const { files, skipped } = r.artifacts.collect(inst.key, r.workspace, cwd, inst.step.artifacts);
    note = [RunArtifacts.describeKept(files), RunArtifacts.describeSkips(skipped)].filter(Boolean).join('') || '[ansflow] no file matched artifacts\n';
  } catch (e) {
    note = `[ansflow] artifacts not kept: ${e instanceof Error ? e.message : String(e)}\n`;
  }
  r.runWriter?.appendLog(inst.key, r.masker.mask(note));
}
