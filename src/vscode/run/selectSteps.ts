// "Run Step" runs a step with what it needs: the pipeline narrowed to the step's `needs` closure.
// The runner has no step filter option (it has `from` and `rerunFailed`), so the editor hands it a
// narrowed copy of the parsed pipeline. Pure. FIXME: use a runner `only` option if one is added.
import type { ParsedPipeline, Step } from '../../core/pipeline/model.js';

/** The pipeline restricted to `ids` and everything they transitively need; `finally` steps are dropped. */
export function selectSteps(parsed: ParsedPipeline, ids: readonly string[]): ParsedPipeline {
  const byId = new Map<string, Step>(parsed.pipeline.steps.map((s) => [s.id, s]));
  const keep = new Set<string>();
  const visit = (id: string) => {
    if (keep.has(id)) return;
    const s = byId.get(id);
    if (!s) return;
    keep.add(id);
    for (const n of s.needs) visit(n.value);
  };
  ids.forEach(visit);
  const finallyOnly = parsed.pipeline.finally.filter((s) => ids.includes(s.id));
  return {
    ...parsed,
    pipeline: { ...parsed.pipeline, steps: parsed.pipeline.steps.filter((s) => keep.has(s.id)), finally: finallyOnly },
  };
}
