// Composition checks: `extends:` naming an unknown template or closing a cycle, and `before:`/
// `after:` on a step type that has no shell script to wrap.
import type { Diagnostic } from '../../contracts/diagnostics.js';
import type { Pipeline } from '../model.js';
import { baseName, templateCycles } from '../parse/resolveTemplates.js';
import { closestName } from './closestName.js';

/** Diagnostics for `extends:` chains and misplaced `before:`/`after:`. */
export function validateComposition(pipeline: Pipeline): Diagnostic[] {
  const out: Diagnostic[] = [];
  const names = new Set(pipeline.templates.map((t) => t.name));
  // Included templates are checked where they live (their ranges are in another file).
  const local = pipeline.templates.filter((t) => !t.file);
  for (const t of local) {
    const base = baseName(t);
    if (base === undefined || names.has(base)) continue;
    const s = closestName(base, [...names].filter((n) => n !== t.name));
    out.push({ severity: 'error', code: 'unknown-template', message: `template '${t.name}' extends unknown template '${base}'${s ? ` (did you mean '${s}'?)` : ''}`, range: t.extendsRange ?? t.nameRange, data: { template: base, ...(s ? { suggestion: s } : {}) } });
  }
  for (const ring of templateCycles(pipeline.templates)) {
    const members = ring.map((n) => pipeline.templates.find((t) => t.name === n)!);
    const here = members.filter((t) => !t.file);
    if (!here.length) continue;
    out.push({
      severity: 'error',
      code: 'cycle',
      message: `templates extend each other in a cycle: ${[...ring, ring[0]].join(' → ')}`,
      range: here[0]!.extendsRange ?? here[0]!.nameRange,
      related: here.slice(1).map((t) => ({ message: `'${t.name}' extends '${baseName(t)}'`, range: t.extendsRange ?? t.nameRange })),
      data: { cycle: ring },
    });
  }
  for (const step of [...pipeline.steps, ...pipeline.finally]) {
    const key = ['before', 'after'].find((k) => step.keyRanges?.[k]);
    if (key && step.type !== undefined && step.type !== 'shell') {
      out.push({ severity: 'error', code: 'schema', message: `'${key}' wraps the script of a shell step; '${step.id}' is a ${step.type} step`, range: step.keyRanges![key]!, data: { property: key } });
    }
  }
  return out;
}
