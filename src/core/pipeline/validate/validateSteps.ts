// Semantic checks on steps that the schema cannot express: step types, `with` names, ids, needs,
// cycles, templates and `finally` rules. Every diagnostic points at the offending key or value.
import type { Diagnostic } from '../../contracts/diagnostics.js';
import { findCycles } from '../graph/findCycles.js';
import type { Pipeline, Step } from '../model.js';
import type { MapEntry } from '../parse/yamlNodes.js';
import { knownStepTypes, stepParameters } from '../schema/loadSchema.js';
import { closestName } from './closestName.js';
import type { GraphCache } from './validateExpressions.js';

function suggest(name: string, candidates: Iterable<string>): { text: string; data: Record<string, unknown> } {
  const s = closestName(name, candidates);
  return s ? { text: ` (did you mean '${s}'?)`, data: { suggestion: s } } : { text: '', data: {} };
}

/** duplicate-id: a step id used twice (in `steps:` and/or `finally:`), with both locations. */
export function checkDuplicateIds(entries: MapEntry[], sectionOf: (e: MapEntry) => string): Diagnostic[] {
  const first = new Map<string, MapEntry>();
  const out: Diagnostic[] = [];
  for (const e of entries) {
    const prev = first.get(e.key);
    if (!prev) {
      first.set(e.key, e);
      continue;
    }
    out.push({
      severity: 'error',
      code: 'duplicate-id',
      message: `duplicate step id '${e.key}' (first defined in '${sectionOf(prev)}')`,
      range: e.keyRange,
      related: [{ message: `'${e.key}' first defined here`, range: prev.keyRange }],
      data: { id: e.key },
    });
  }
  return out;
}

/** unknown-step-type and unknown-parameter for one step. */
function checkTypeAndParams(step: Step, out: Diagnostic[]): void {
  const types = knownStepTypes();
  if (step.type !== undefined && !types.includes(step.type)) {
    const s = suggest(step.type, types);
    const range = step.typeRange ?? step.uses?.range ?? step.idRange;
    out.push({ severity: 'error', code: 'unknown-step-type', message: `unknown step type '${step.type}'${s.text}`, range, data: { type: step.type, ...s.data } });
    return;
  }
  if (step.type === undefined) return;
  const params = stepParameters(step.type) ?? [];
  for (const [key, range] of Object.entries(step.withKeyRanges)) {
    if (params.includes(key)) continue;
    const s = suggest(key, params);
    const hint = s.text || ` (${step.type} takes: ${params.join(', ')})`;
    out.push({ severity: 'error', code: 'unknown-parameter', message: `unknown parameter '${key}' for ${step.type}${hint}`, range, data: { parameter: key, type: step.type, ...s.data } });
  }
}

/** unknown-need, finally-misuse and cycle diagnostics over all steps; with `graph`, the cycles are found once per graph version. */
function checkNeeds(pipeline: Pipeline, out: Diagnostic[], graph?: GraphCache): void {
  const all = [...pipeline.steps, ...pipeline.finally];
  const byId = new Map(all.map((s) => [s.id, s]));
  const jobNames = new Set((pipeline.jobs ?? []).map((j) => j.name));
  for (const step of all) {
    for (const need of step.needs) {
      const target = byId.get(need.value);
      if (!target && jobNames.has(need.value)) continue;
      if (!target) {
        const s = suggest(need.value, [...byId.keys()].filter((id) => id !== step.id));
        out.push({ severity: 'error', code: 'unknown-need', message: `'${step.id}' needs unknown step '${need.value}'${s.text}`, range: need.range, data: { need: need.value, ...s.data } });
        continue;
      }
      if (!step.isFinally && target.isFinally) {
        out.push({ severity: 'error', code: 'finally-misuse', message: `'${step.id}' cannot need '${need.value}': finally steps run after every other step`, range: need.range, related: [{ message: `'${need.value}' is a finally step`, range: target.idRange }], data: { need: need.value } });
        continue;
      }
      if (step.isFinally && !target.isFinally) {
        out.push({ severity: 'warning', code: 'finally-misuse', message: `finally step '${step.id}' needs '${need.value}', which always finishes before finally steps start; remove it (use failure()/success() to react to its outcome)`, range: need.range, data: { need: need.value } });
      }
    }
  }
  const cyclesOf = (): string[][] => {
    // The needs found fine above (a known step of the same section) and the implicit needs (job order,
    // a job named in needs), well-formed by construction.
    const edges = new Map<string, string[]>();
    const ids: string[] = [];
    for (const step of all) {
      const out = step.implicitNeeds ? [...step.implicitNeeds] : [];
      for (const n of step.needs) if (byId.get(n.value)?.isFinally === step.isFinally) out.push(n.value);
      edges.set(step.id, out);
      ids.push(step.id);
    }
    return findCycles(ids, edges);
  };
  // The edges come from ids, sections and needs only (validate/graphInputs.ts).
  const cycles = graph ? graph.cache.memo('cycles', graph.version, cyclesOf) : cyclesOf();
  for (const cycle of cycles) {
    const ring = [...cycle, cycle[0]!];
    const related = cycle.map((id, i) => {
      const next = ring[i + 1]!;
      const need = byId.get(id)!.needs.find((n) => n.value === next);
      return need ? { message: `'${id}' needs '${next}'`, range: need.range } : { message: `'${id}' follows '${next}' (job order or a job's needs)`, range: byId.get(id)!.idRange };
    });
    // An edge nobody wrote (job order, a job's needs) is named in the message too: the CLI shows no related info.
    const implicit = cycle.filter((id, i) => !byId.get(id)!.needs.some((n) => n.value === ring[i + 1])).map((id) => `'${id}' follows '${ring[cycle.indexOf(id) + 1]}'`);
    const why = implicit.length ? ` (${implicit.join(', ')} by job order or a job's needs)` : '';
    out.push({ severity: 'error', code: 'cycle', message: `dependency cycle: ${ring.join(' → ')}${why}`, range: related[0]!.range, related, data: { cycle: [...cycle] } });
  }
}

/** All step-level semantic checks. */
export function validateSteps(pipeline: Pipeline, localTemplateNames: Set<string>, graph?: GraphCache): Diagnostic[] {
  const out: Diagnostic[] = [];
  const templates = new Map(pipeline.templates.map((t) => [t.name, t]));
  for (const step of [...pipeline.steps, ...pipeline.finally]) {
    if (step.uses && !templates.has(step.uses.value)) {
      const s = suggest(step.uses.value, templates.keys());
      out.push({ severity: 'error', code: 'unknown-template', message: `unknown template '${step.uses.value}'${s.text}`, range: step.uses.range, data: { template: step.uses.value, ...s.data } });
    }
    checkTypeAndParams(step, out);
  }
  for (const t of pipeline.templates) {
    // Included templates are checked where they live (their ranges are in another file).
    if (!localTemplateNames.has(t.name) || t.file || t.type === undefined) continue;
    const types = knownStepTypes();
    if (!types.includes(t.type)) {
      const s = suggest(t.type, types);
      out.push({ severity: 'error', code: 'unknown-step-type', message: `unknown step type '${t.type}' in template '${t.name}'${s.text}`, range: t.typeRange ?? t.nameRange, data: { type: t.type, ...s.data } });
      continue;
    }
    const params = stepParameters(t.type) ?? [];
    for (const [key, range] of Object.entries(t.withKeyRanges ?? {})) {
      if (params.includes(key)) continue;
      const s = suggest(key, params);
      out.push({ severity: 'error', code: 'unknown-parameter', message: `unknown parameter '${key}' for ${t.type} in template '${t.name}'${s.text || ` (${t.type} takes: ${params.join(', ')})`}`, range, data: { parameter: key, type: t.type, ...s.data } });
    }
  }
  checkNeeds(pipeline, out, graph);
  return out;
}
