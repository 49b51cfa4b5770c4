// `--target` (make's habit): the named steps plus everything they need, transitively, and nothing
// else. The result is the same pipeline with fewer steps, so plan, run and the run store need no
// notion of a selection; `finally` steps stay only when named, since a target asks for less.
import { dependsOn, type Pipeline, type Step } from '../model.js';
import { closestName } from '../validate/closestName.js';

/** The pipeline cut down to `targets` and their needs, and a problem for each name it does not know. */
export function selectTargets(pipeline: Pipeline, targets: readonly string[]): { pipeline: Pipeline; problems: string[] } {
  const all = [...pipeline.steps, ...pipeline.finally];
  const byId = new Map(all.map((s) => [s.id, s]));
  const problems: string[] = [];
  const keep = new Set<string>();
  const stack: string[] = [];
  for (const t of targets) {
    const job = pipeline.jobs?.find((j) => j.name === t);
    if (byId.has(t)) stack.push(t);
    else if (job) stack.push(...job.steps);
    else {
      const s = closestName(t, [...byId.keys(), ...(pipeline.jobs ?? []).map((j) => j.name)]);
      problems.push(`no step or job '${t}' in this pipeline${s ? ` (did you mean '${s}'?)` : ''}`);
    }
  }
  while (stack.length) {
    const id = stack.pop()!;
    if (keep.has(id)) continue;
    keep.add(id);
    const step = byId.get(id);
    for (const n of step ? dependsOn(step) : []) if (byId.has(n)) stack.push(n);
  }
  const pick = (steps: Step[]) => steps.filter((s) => keep.has(s.id));
  return { pipeline: { ...pipeline, steps: pick(pipeline.steps), finally: pick(pipeline.finally) }, problems };
}
