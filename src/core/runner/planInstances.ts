// Expands a pipeline into step instances (matrix expanded) with their dependencies, in plan order.
// The runner, `ansflow plan`, and rerun selection all use this one view.
import { dependsOn, type Pipeline, type Step } from '../pipeline/model.js';
import { instanceKey } from '../pipeline/graph/expandMatrix.js';
import { expandMatrix } from './pipelineApi.js';

/** One runnable unit: a step, or one matrix combination of it. */
export interface StepInstance {
  key: string;
  step: Step;
  matrix: Record<string, string | number | boolean>;
  /** Instance keys this one waits for. */
  deps: string[];
  isFinally: boolean;
}

/**
 * The instances of `dep` that `inst` waits for: every one, except between two steps of one matrix
 * job, where each job instance runs its own chain (`test[node=20]` waits for `build[node=20]` only).
 */
function instanceDeps(inst: StepInstance, dep: Step | undefined, keys: string[]): string[] {
  if (!dep || inst.step.job === undefined || dep.job !== inst.step.job || !dep.matrix || dep.matrix !== inst.step.matrix) return keys;
  const own = instanceKey(dep.id, inst.matrix);
  return keys.includes(own) ? [own] : keys;
}

/** Instances of `steps` then `finally`, each list in topological order (ties in source order). */
export function planInstances(pipeline: Pipeline): StepInstance[] {
  const phase = (steps: Step[], isFinally: boolean): StepInstance[] => {
    const keysById = new Map<string, string[]>();
    const raw: StepInstance[] = [];
    for (const step of steps) {
      const instances = expandMatrix(step);
      keysById.set(
        step.id,
        instances.map((i) => i.key),
      );
      for (const i of instances) raw.push({ key: i.key, step, matrix: i.values, deps: [], isFinally });
    }
    const stepById = new Map(steps.map((s) => [s.id, s]));
    for (const inst of raw) inst.deps = dependsOn(inst.step).flatMap((id) => instanceDeps(inst, stepById.get(id), keysById.get(id) ?? []));
    return inWaves(raw);
  };
  return [...phase(pipeline.steps, false), ...phase(pipeline.finally, true)];
}

/**
 * Kahn's algorithm by waves: each wave is every instance whose needs the earlier waves hold, in
 * source order. A cycle (already a diagnostic) leaves the rest in source order so nothing is silently
 * dropped. Linear in instances and needs: a wave is found from the instances the last one released,
 * not by rescanning all that remain (a 1,000-step chain is 1,000 waves).
 */
export function inWaves(raw: StepInstance[]): StepInstance[] {
  const waiting = raw.map((inst) => inst.deps.length);
  // By key, not by instance: a need is met by the first instance of that key placed, as with a set of done keys.
  const releasedBy = new Map<string, number[]>();
  raw.forEach((inst, i) => {
    for (const d of inst.deps) {
      const list = releasedBy.get(d);
      if (list) list.push(i);
      else releasedBy.set(d, [i]);
    }
  });
  const ordered: StepInstance[] = [];
  const placed = new Uint8Array(raw.length);
  const done = new Set<string>();
  let wave = raw.flatMap((_, i) => (waiting[i] === 0 ? [i] : []));
  while (wave.length) {
    const next: number[] = [];
    for (const i of wave) {
      placed[i] = 1;
      ordered.push(raw[i]!);
      const key = raw[i]!.key;
      if (done.has(key)) continue;
      done.add(key);
      for (const j of releasedBy.get(key) ?? []) if (--waiting[j]! === 0) next.push(j);
    }
    wave = next.sort((a, b) => a - b);
  }
  if (ordered.length < raw.length) raw.forEach((inst, i) => placed[i] || ordered.push(inst));
  return ordered;
}

/** Every instance that (transitively) depends on one of `roots`, roots included. */
export function descendants(instances: StepInstance[], roots: Set<string>): Set<string> {
  const out = new Set(roots);
  let grew = true;
  while (grew) {
    grew = false;
    for (const i of instances) {
      if (!out.has(i.key) && i.deps.some((d) => out.has(d))) {
        out.add(i.key);
        grew = true;
      }
    }
  }
  return out;
}

/** Every instance `key` depends on, transitively. */
export function ancestors(instances: Map<string, StepInstance>, key: string): Set<string> {
  const out = new Set<string>();
  const stack = [...(instances.get(key)?.deps ?? [])];
  while (stack.length) {
    const k = stack.pop()!;
    if (out.has(k)) continue;
    out.add(k);
    stack.push(...(instances.get(k)?.deps ?? []));
  }
  return out;
}
