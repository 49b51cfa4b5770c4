// "Run Step" runs a step with what it needs (Run with dependencies): the pipeline narrowed by core's
// selectTargets, the same selection as `ansflow run --target`, so job order and `needs: <job>` count.
import { selectTargets } from '../../core/pipeline/graph/selectTargets.js';
import type { ParsedPipeline } from '../../core/pipeline/model.js';

/** The pipeline restricted to `ids` (steps or jobs) and everything they transitively need; `finally` steps only when named. */
export function selectSteps(parsed: ParsedPipeline, ids: readonly string[]): ParsedPipeline {
  return { ...parsed, pipeline: selectTargets(parsed.pipeline, ids).pipeline };
}
