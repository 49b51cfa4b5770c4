// The critical path of a pipeline from a run's step durations: the chain of needs whose durations add up
// to the longest time, i.e. the steps that bound the whole run (shortening any other step gains nothing).
import type { GraphModel } from './graphModel.js';
import { needsByStep } from './upstream.js';

export interface CriticalPath {
  /** Step ids from the first step of the chain to the last. */
  ids: string[];
  totalMs: number;
}

/** A recorded step instance (a stored run's step fits). */
export interface StepDuration {
  stepId: string;
  durationMs?: number;
}

/** One duration per step id; matrix instances run side by side, so the slowest one counts. */
export function durationsByStep(steps: Iterable<StepDuration>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of steps) if (s.durationMs !== undefined) out[s.stepId] = Math.max(out[s.stepId] ?? 0, s.durationMs);
  return out;
}

/** Longest path by duration through the model's layers (steps on a cycle are left out; finally steps start after the last normal one); undefined without durations. */
export function criticalPath(model: GraphModel, durations: Readonly<Record<string, number>>): CriticalPath | undefined {
  if (!model.nodes.some((n) => durations[n.id] !== undefined)) return undefined;
  const needs = needsByStep(model.edges.filter((e) => !e.onCycle));
  const finallySteps = new Set(model.nodes.filter((n) => n.section === 'finally').map((n) => n.id));
  const total = new Map<string, number>();
  const via = new Map<string, string>();
  let end: string | undefined;
  // The normal step that finished last: a finally step starts after it whatever its own needs say.
  let lastNormal: string | undefined;
  // Layers are topological (finally layers after every normal one): every step's needs are settled before it.
  for (const layer of model.layers) {
    for (const id of layer) {
      let best = 0;
      const froms = needs.get(id) ?? [];
      for (const from of finallySteps.has(id) && lastNormal !== undefined ? [...froms, lastNormal] : froms) {
        const t = total.get(from);
        if (t !== undefined && (t > best || !via.has(id))) {
          best = t;
          via.set(id, from);
        }
      }
      const t = best + (durations[id] ?? 0);
      total.set(id, t);
      if (end === undefined || t > total.get(end)!) end = id;
      if (!finallySteps.has(id) && (lastNormal === undefined || t > total.get(lastNormal)!)) lastNormal = id;
    }
  }
  if (end === undefined) return undefined;
  const ids = [end];
  for (let cur = via.get(end); cur !== undefined; cur = via.get(cur)) ids.unshift(cur);
  return { ids, totalMs: total.get(end)! };
}
