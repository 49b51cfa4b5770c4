// `extends:` between templates: each template's effective body is its base's body with its own keys
// on top (`with` and `env` merged key by key). Steps only ever see effective bodies. A cycle or an
// unknown base stops the chain there; validateTemplateExtends reports both.
import type { Template } from '../model.js';
import { isRecord } from '../../util/isRecord.js';

const MERGED_MAPS = ['with', 'env'] as const;

/** The base a template names with `extends:`, if any. */
export function baseName(t: Template): string | undefined {
  return typeof t.body.extends === 'string' ? t.body.extends : undefined;
}

function mergeBodies(base: Record<string, unknown>, own: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base, ...own };
  for (const k of MERGED_MAPS) if (isRecord(base[k]) && isRecord(own[k])) out[k] = { ...base[k], ...own[k] };
  delete out.extends;
  return out;
}

/**
 * Templates by name with `extends:` applied. The first template of a name wins (as everywhere);
 * a template in a cycle keeps the part of the chain before the cycle closes.
 */
export function resolveTemplates(templates: Template[]): Map<string, Template> {
  const byName = new Map<string, Template>();
  for (const t of templates) if (!byName.has(t.name)) byName.set(t.name, t);
  const resolved = new Map<string, Template>();
  const visiting = new Set<string>();
  const resolve = (t: Template): Template => {
    const done = resolved.get(t.name);
    if (done) return done;
    const base = baseName(t);
    const parent = base !== undefined && !visiting.has(base) ? byName.get(base) : undefined;
    if (!parent) return t;
    visiting.add(t.name);
    const parentResolved = resolve(parent);
    visiting.delete(t.name);
    const body = mergeBodies(parentResolved.body, t.body);
    const effective: Template = { ...t, body, with: isRecord(body.with) ? body.with : {} };
    if (typeof body.type === 'string') effective.type = body.type;
    if (!t.type && parentResolved.typeRange && parentResolved.file === t.file) effective.typeRange = parentResolved.typeRange;
    resolved.set(t.name, effective);
    return effective;
  };
  for (const t of byName.values()) {
    visiting.add(t.name);
    resolve(t);
    visiting.delete(t.name);
  }
  for (const t of byName.values()) if (!resolved.has(t.name)) resolved.set(t.name, t);
  return resolved;
}

/** Each chain of `extends:` that comes back to where it started, as the names in order. */
export function templateCycles(templates: Template[]): string[][] {
  const byName = new Map<string, Template>();
  for (const t of templates) if (!byName.has(t.name)) byName.set(t.name, t);
  const cycles: string[][] = [];
  const reported = new Set<string>();
  for (const start of byName.values()) {
    const chain: string[] = [];
    let cur: Template | undefined = start;
    while (cur && !chain.includes(cur.name)) {
      chain.push(cur.name);
      const b = baseName(cur);
      cur = b !== undefined ? byName.get(b) : undefined;
    }
    if (!cur || cur.name !== start.name) continue;
    const key = [...chain].sort().join('\u0000');
    if (reported.has(key)) continue;
    reported.add(key);
    cycles.push(chain);
  }
  return cycles;
}
