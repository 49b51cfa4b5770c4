// A transition hint: conditions without a status function now mean `success() && (…)` (GitHub
// Actions' rule), so an `if:` on a step with needs may stop running after a failed or skipped need.
// Shown as a hint (not a problem) so people notice the change once; making the condition explicit
// (`success() && …` or `always() && …`) silences it.
import type { Diagnostic } from '../core/contracts/diagnostics.js';
import { callsStatusFunction } from '../core/pipeline/expressions/statusFunctions.js';
import type { PipelineAnalysis } from './PipelineAnalysis.js';

/** `condition-changed` hints on the `if:` of normal steps with needs that call no status function. */
export function conditionHints(analysis: PipelineAnalysis): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const step of analysis.parsed.pipeline.steps) {
    // A template's `if` lives elsewhere (maybe another file); hint only where the text is here.
    if (!step.if || !step.needs.length || step.origin || callsStatusFunction(step.if.value)) continue;
    out.push({
      severity: 'hint',
      code: 'condition-changed',
      message: `changed meaning: this condition is now evaluated as success() && (…), so '${step.id}' no longer runs after a step it needs failed or was skipped; write always() && (…) to run regardless, or success() && (…) to silence this hint`,
      range: step.if.range,
      data: { step: step.id },
    });
  }
  return out;
}
