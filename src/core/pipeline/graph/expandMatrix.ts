// Matrix expansion as in GitHub Actions: the product of the axes, minus `exclude` matches, then
// `include` entries merged into the combinations they fit or added as new ones.
import type { Step } from '../model.js';

type Value = string | number | boolean;

/** One concrete instance of a step. */
export interface StepInstance {
  /** The step id, or `id[k=v,k2=v2]` for matrix instances. */
  key: string;
  values: Record<string, Value>;
}

/** The instance key for matrix values, e.g. `test[os=linux,node=20]`. */
export function instanceKey(id: string, values: Record<string, Value>): string {
  const parts = Object.entries(values).map(([k, v]) => `${k}=${v}`);
  return parts.length ? `${id}[${parts.join(',')}]` : id;
}

function matches(combo: Record<string, Value>, pattern: Record<string, Value>): boolean {
  return Object.entries(pattern).every(([k, v]) => k in combo && String(combo[k]) === String(v));
}

/** Concrete instances of a step: one for a non-matrix step, one per combination otherwise. */
export function expandMatrix(step: Step): StepInstance[] {
  const m = step.matrix;
  if (!m) return [{ key: step.id, values: {} }];
  const axes = Object.entries(m.axes).filter(([, vals]) => vals.length > 0);
  let combos: Array<Record<string, Value>> = axes.length ? [{}] : [];
  for (const [axis, vals] of axes) combos = combos.flatMap((c) => vals.map((v) => ({ ...c, [axis]: v })));
  combos = combos.filter((c) => !m.exclude.some((x) => Object.keys(x).length > 0 && matches(c, x)));
  // GitHub Actions' include rule: an entry's keys are added to every original combination whose
  // axis values it does not contradict (keys an earlier include added may be overwritten); an entry
  // that fits none becomes a combination of its own. Combinations made that way take no later entries.
  const axisNames = new Set(axes.map(([k]) => k));
  const original = [...combos];
  for (const inc of m.include) {
    const fits = original.filter((c) => Object.entries(inc).every(([k, v]) => !axisNames.has(k) || String(c[k]) === String(v)));
    for (const c of fits) for (const [k, v] of Object.entries(inc)) if (!axisNames.has(k)) c[k] = v;
    if (!fits.length) combos.push({ ...inc });
  }
  const seen = new Set<string>();
  const out: StepInstance[] = [];
  for (const values of combos) {
    const key = instanceKey(step.id, values);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ key, values });
  }
  return out;
}
