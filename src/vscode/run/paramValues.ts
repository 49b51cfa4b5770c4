// Turns what a person typed for a pipeline parameter into a typed value, per its `params` spec. Pure.
import type { ParamSpec } from '../../core/pipeline/model.js';

/** Outcome of {@link coerceParam}: a value, or a message for the input box's validation. */
export type ParamCoercion = { ok: true; value: string | number | boolean } | { ok: false; message: string };

/** Checks and converts one typed value. */
export function coerceParam(spec: ParamSpec, raw: string): ParamCoercion {
  const text = raw.trim();
  if (text === '') {
    if (spec.default !== undefined) return { ok: true, value: spec.default };
    if (spec.required) return { ok: false, message: `${spec.name} is required` };
    return { ok: true, value: '' };
  }
  switch (spec.type) {
    case 'number': {
      const n = Number(text);
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, message: `${spec.name} must be a number` };
    }
    case 'boolean':
      if (/^(true|yes|1)$/i.test(text)) return { ok: true, value: true };
      if (/^(false|no|0)$/i.test(text)) return { ok: true, value: false };
      return { ok: false, message: `${spec.name} must be true or false` };
    case 'choice': {
      const hit = (spec.values ?? []).find((v) => String(v) === text);
      return hit !== undefined ? { ok: true, value: hit } : { ok: false, message: `${spec.name} must be one of ${(spec.values ?? []).join(', ')}` };
    }
    default:
      return { ok: true, value: raw };
  }
}

/** The value to pre-fill: the one remembered for this pipeline, else the default. */
export function initialParamText(spec: ParamSpec, remembered: Record<string, unknown> | undefined): string {
  const v = remembered?.[spec.name] ?? spec.default;
  return v === undefined ? '' : String(v);
}

/** Remembered values still valid against the current specs (a spec may have changed since). */
export function rememberedParams(specs: readonly ParamSpec[], remembered: Record<string, unknown> | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const spec of specs) {
    const r = coerceParam(spec, initialParamText(spec, remembered));
    if (r.ok && r.value !== '') out[spec.name] = r.value;
  }
  return out;
}

/** Names of required params that have neither a remembered value nor a default. */
export function missingParams(specs: readonly ParamSpec[], remembered: Record<string, unknown> | undefined): string[] {
  return specs.filter((s) => s.required && s.default === undefined && (remembered?.[s.name] === undefined || remembered[s.name] === '')).map((s) => s.name);
}
