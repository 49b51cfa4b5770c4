// Which steps of a pipeline ask for approval, so `--approve <step>` can be checked before a run starts
// (a typo would otherwise leave the real gate unapproved and fail the run at that step).
import type { Pipeline } from '../../pipeline/model.js';

/** Ids of the steps that ask for approval: `type: approval` steps and steps with an `approval:` gate, main and `finally`. */
export function approvalStepIds(pipeline: Pipeline): string[] {
  return [...pipeline.steps, ...pipeline.finally].filter((s) => s.type === 'approval' || s.approval !== undefined).map((s) => s.id);
}

/**
 * One message per `--approve` name that matches no approval step (a matrix instance such as
 * `deploy[prod]` counts by its step id), listing the steps that do ask; see {@link PresetApprover}.
 */
export function unknownApprovals(pipeline: Pipeline, names: readonly string[]): string[] {
  const ids = approvalStepIds(pipeline);
  const known = ids.length ? `the approval steps are: ${ids.join(', ')}` : 'this pipeline has no approval steps';
  return names.filter((n) => !ids.includes(n.replace(/\[.*$/, ''))).map((n) => `--approve '${n}' is not an approval step; ${known}`);
}
