// `on:` has no local meaning (a run starts when someone runs it), except the inputs of
// workflow_dispatch / workflow_call, which are the run's parameters.
import type { ImportScope } from './scope';

function triggerNames(on: unknown): string[] {
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  if (on && typeof on === 'object') return Object.keys(on);
  return [];
}

function param(spec: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const type = spec.type;
  if (type === 'choice' && Array.isArray(spec.options)) {
    out.type = 'choice';
    out.values = spec.options;
  } else if (type === 'boolean' || type === 'number') out.type = type;
  else out.type = 'string';
  if (spec.default !== undefined) out.default = spec.default;
  if (spec.required === true && spec.default === undefined) out.required = true;
  if (typeof spec.description === 'string') out.description = spec.description;
  return out;
}

/** The params the triggers declare, and a comment naming the triggers. */
export function mapTriggers(on: unknown, scope: ImportScope): { params: Record<string, unknown>; summary: string } {
  const params: Record<string, unknown> = {};
  if (on && typeof on === 'object' && !Array.isArray(on)) {
    for (const trigger of ['workflow_dispatch', 'workflow_call']) {
      const inputs = (on as Record<string, { inputs?: Record<string, unknown> } | null>)[trigger]?.inputs;
      if (!inputs || typeof inputs !== 'object') continue;
      for (const [name, spec] of Object.entries(inputs)) if (!(name in params)) params[name] = param((spec ?? {}) as Record<string, unknown>);
    }
  }
  for (const name of Object.keys(params)) scope.params.delete(name);
  const names = triggerNames(on);
  return { params, summary: names.length ? `on: ${names.join(', ')} — GitHub's triggers; here the pipeline runs when you run it (ansflow run, or the editor)` : '' };
}
