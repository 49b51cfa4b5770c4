// Matrix expansion: the product of the axes, minus `exclude` matches, plus `include` entries
// (an include that extends an existing combination with new keys merges into it, as in Actions).
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
  const axisNames = new Set(axes.map(([k]) => k));
  for (const inc of m.include) {
    // An include whose axis values match existing combos only adds extra keys to them.
    const axisPart = Object.fromEntries(Object.entries(inc).filter(([k]) => axisNames.has(k)));
    const extra = Object.entries(inc).filter(([k]) => !axisNames.has(k));
    const targets = Object.keys(axisPart).length && extra.length ? combos.filter((c) => matches(c, axisPart)) : [];
    if (targets.length && targets.every((t) => extra.every(([k]) => !(k in t)))) {
      for (const t of targets) for (const [k, v] of extra) t[k] = v;
    } else if (!combos.some((c) => matches(c, inc) && matches(inc, c))) {
      combos.push({ ...inc });
    }
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
