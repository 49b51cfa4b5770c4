// Expression checks: syntax (positioned inside the string), references to unknown params, secrets,
// steps, outputs and matrix keys, and `steps.X.outputs` reads without X among the step's needs.
import type { Diagnostic, TextRange } from '../../contracts/diagnostics.js';
import { CI_FIELDS } from '../ci/ciContext.js';
import { CONTEXT_ROOTS } from '../expressions/ExpressionContext.js';
import { parseExpression } from '../expressions/parseExpression.js';
import { referencePaths, type ReferencePath } from '../expressions/walkExpression.js';
import { dependsOn, type ExpressionOccurrence, type Job, type Pipeline, type Step } from '../model.js';
import { matrixKeysOf } from '../parse/readSpecs.js';
import type { StepCache } from '../parse/stepCache.js';
import { closestName } from './closestName.js';
import { statusComparisons } from './statusComparisons.js';

const STEP_FIELDS = ['outputs', 'status', 'outcome', 'conclusion'];
const PIPELINE_FIELDS = ['status', 'name', 'file'];

/** Ids each step depends on, directly or transitively (cycles tolerated). */
export function transitiveNeeds(steps: Step[]): Map<string, Set<string>> {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const memo = new Map<string, Set<string>>();
  const visiting = new Set<string>();
  const visit = (id: string): Set<string> => {
    const hit = memo.get(id);
    if (hit) return hit;
    const out = new Set<string>();
    if (visiting.has(id)) return out;
    visiting.add(id);
    const step = byId.get(id);
    for (const n of step ? dependsOn(step) : []) {
      if (!byId.has(n)) continue;
      out.add(n);
      for (const t of visit(n)) out.add(t);
    }
    visiting.delete(id);
    memo.set(id, out);
    return out;
  };
  for (const s of steps) visit(s.id);
  return memo;
}

/**
 * Answers "does step A (transitively) need B?" lazily: direct needs first, then one DFS per asking
 * step, cached. Building every ancestor set up front is quadratic on long chains.
 */
export class NeedsIndex {
  private readonly ancestors = new Map<string, Set<string>>();

  constructor(private readonly byId: Map<string, Step>) {}

  /** True when `from` needs `target` directly or through other steps. */
  reaches(from: string, target: string): boolean {
    const step = this.byId.get(from);
    if (!step) return false;
    if (step.needs.some((n) => n.value === target) || step.implicitNeeds?.includes(target)) return true;
    let set = this.ancestors.get(from);
    if (!set) {
      set = new Set<string>();
      const stack = dependsOn(step);
      while (stack.length) {
        const id = stack.pop()!;
        if (set.has(id) || !this.byId.has(id)) continue;
        set.add(id);
        stack.push(...dependsOn(this.byId.get(id)!));
      }
      this.ancestors.set(from, set);
    }
    return set.has(target);
  }
}

interface Scope {
  pipeline: Pipeline;
  step?: Step;
  stepsById: Map<string, Step>;
  needs?: NeedsIndex;
  /** Template bodies: steps and matrix are only known once instantiated. */
  lenient: boolean;
  /** A job's own keys (`env`, `outputs`): read in the job's scope, not a step's. */
  job?: Job;
  /** Where in the job the expression sits (`outputs`, `env`, …). */
  jobKey?: string | number;
}

function withSuggestion(name: string, candidates: Iterable<string>): { text: string; data: Record<string, unknown> } {
  const s = closestName(name, candidates);
  return s ? { text: ` (did you mean '${s}'?)`, data: { suggestion: s } } : { text: '', data: {} };
}

function segRange(p: ReferencePath, i: number): TextRange {
  return p.ranges[Math.min(i, p.ranges.length - 1)]!;
}

// Expression names are case-insensitive (as in GitHub, and as the evaluator reads them): a segment
// that matches a declared name ignoring case takes the declared spelling; others stay as written.
function declaredSpelling(p: ReferencePath, scope: Scope): Array<string | undefined> {
  const [root, a, b, c] = p.segments;
  const pick = (name: string | undefined, names: Iterable<string>): string | undefined => {
    if (name === undefined) return undefined;
    const folded = name.toLowerCase();
    let match: string | undefined;
    for (const n of names) {
      if (n === name) return n;
      if (match === undefined && n.toLowerCase() === folded) match = n;
    }
    return match ?? name;
  };
  switch (root) {
    case 'params':
      return [root, pick(a, scope.pipeline.params.map((x) => x.name)), b, c];
    case 'secrets':
      return [root, pick(a, scope.pipeline.secrets.map((x) => x.name)), b, c];
    case 'matrix':
      return [root, pick(a, scope.step?.matrixKeys ?? (scope.job?.matrix ? matrixKeysOf(scope.job.matrix) : [])), b, c];
    case 'pipeline':
      return [root, pick(a, PIPELINE_FIELDS), b, c];
    case 'steps': {
      // Exact spelling first: a map lookup, not a scan of every step per reference.
      const id = a !== undefined && scope.stepsById.has(a) ? a : pick(a, scope.stepsById.keys());
      const field = pick(b, STEP_FIELDS);
      const target = id !== undefined ? scope.stepsById.get(id) : undefined;
      return [root, id, field, field === 'outputs' && target ? pick(c, Object.keys(target.outputs)) : c];
    }
  }
  return p.segments;
}

function checkPath(p: ReferencePath, scope: Scope, out: Diagnostic[]): void {
  const [root, a, b, c] = declaredSpelling(p, scope);
  const ref = (range: TextRange, message: string, data: Record<string, unknown>, severity: Diagnostic['severity'] = 'error'): void => {
    out.push({ severity, code: 'unknown-reference', message, range, data });
  };
  if (!(CONTEXT_ROOTS as readonly string[]).includes(root!)) {
    const s = withSuggestion(root!, CONTEXT_ROOTS);
    ref(segRange(p, 0), `unknown name '${root}'; expressions read ${CONTEXT_ROOTS.join(', ')}${s.text}`, { root, ...s.data });
    return;
  }
  if (a === undefined) return;
  switch (root) {
    case 'params': {
      const names = scope.pipeline.params.map((x) => x.name);
      if (!names.includes(a)) {
        const s = withSuggestion(a, names);
        ref(segRange(p, 1), `unknown param '${a}'${s.text}`, { kind: 'param', name: a, ...s.data });
      }
      return;
    }
    case 'secrets': {
      const names = scope.pipeline.secrets.map((x) => x.name);
      if (!names.includes(a)) {
        const s = withSuggestion(a, names);
        ref(segRange(p, 1), `unknown secret '${a}' (declare it under 'secrets:')${s.text}`, { kind: 'secret', name: a, ...s.data });
      }
      return;
    }
    case 'matrix': {
      if (scope.lenient) return;
      if (scope.job && !scope.step) {
        const keys = scope.job.matrix ? matrixKeysOf(scope.job.matrix) : [];
        if (!scope.job.matrix) ref(segRange(p, 1), `job '${scope.job.name}' has no matrix, so 'matrix.${a}' is undefined`, { kind: 'matrix', name: a });
        else if (!keys.includes(a)) {
          const s = withSuggestion(a, keys);
          ref(segRange(p, 1), `unknown matrix key '${a}'${s.text}`, { kind: 'matrix', name: a, ...s.data });
        }
        return;
      }
      const keys = scope.step?.matrixKeys ?? [];
      if (!scope.step?.matrix) ref(segRange(p, 1), scope.step ? `'${scope.step.id}' has no matrix, so 'matrix.${a}' is undefined` : `'matrix.${a}' is only available inside a step with a matrix`, { kind: 'matrix', name: a });
      else if (!keys.includes(a)) {
        const s = withSuggestion(a, keys);
        ref(segRange(p, 1), `unknown matrix key '${a}'${s.text}`, { kind: 'matrix', name: a, ...s.data });
      }
      return;
    }
    case 'jobs': {
      const job = scope.pipeline.jobs?.find((j) => j.name === a);
      if (!job) {
        const s = withSuggestion(a, (scope.pipeline.jobs ?? []).map((j) => j.name));
        ref(segRange(p, 1), `unknown job '${a}'${s.text}`, { kind: 'job', name: a, ...s.data });
        return;
      }
      if (b !== undefined && b !== 'outputs') ref(segRange(p, 2), `unknown job field '${b}' (known: outputs)`, { kind: 'job-field', name: b });
      else if (c !== undefined && !(c in job.outputs)) {
        const s = withSuggestion(c, Object.keys(job.outputs));
        ref(segRange(p, 3), `job '${a}' declares no output '${c}'${s.text}`, { kind: 'job-output', job: a, name: c, ...s.data });
      } else if (scope.job && !scope.step) {
        // A job's own keys are read once its needs are done: the job itself must need the other.
        if (a !== scope.job.name && !jobNeedsJob(scope.pipeline, scope.job, a)) {
          out.push({ severity: 'error', code: 'missing-need', message: `job '${scope.job.name}' reads jobs.${a} but does not need job '${a}' (add it to the job's needs)`, range: { start: segRange(p, 0).start, end: segRange(p, c !== undefined ? 3 : 1).end }, data: { need: a, job: scope.job.name } });
        }
      } else if (scope.step && !scope.lenient && !job.steps.every((id) => scope.needs?.reaches(scope.step!.id, id))) {
        out.push({ severity: 'error', code: 'missing-need', message: `'${scope.step.id}' reads jobs.${a} but does not need job '${a}' (add it to needs)`, range: { start: segRange(p, 0).start, end: segRange(p, c !== undefined ? 3 : 1).end }, data: { need: a, step: scope.step.id } });
      }
      return;
    }
    case 'ci':
      if (!(CI_FIELDS as readonly string[]).includes(a)) {
        const s = withSuggestion(a, CI_FIELDS);
        ref(segRange(p, 1), `unknown field 'ci.${a}' (known: ${CI_FIELDS.join(', ')})${s.text}`, { kind: 'ci', name: a, ...s.data });
      }
      return;
    case 'pipeline':
      if (!PIPELINE_FIELDS.includes(a)) ref(segRange(p, 1), `unknown field 'pipeline.${a}' (known: ${PIPELINE_FIELDS.join(', ')})`, { kind: 'pipeline', name: a });
      return;
    case 'steps': {
      if (scope.lenient) return;
      const target = scope.stepsById.get(a);
      if (!target) {
        const s = withSuggestion(a, scope.stepsById.keys());
        ref(segRange(p, 1), `unknown step '${a}'${s.text}`, { kind: 'step', name: a, ...s.data });
        return;
      }
      if (scope.job && !scope.step) {
        checkJobStepRead(p, scope.job, scope.jobKey, target, [b, c], out);
        return;
      }
      if (!scope.step) {
        ref(segRange(p, 1), `'steps.${a}' is only available inside steps`, { kind: 'step', name: a });
        return;
      }
      if (b === undefined) return;
      if (!STEP_FIELDS.includes(b)) {
        const s = withSuggestion(b, STEP_FIELDS);
        ref(segRange(p, 2), `unknown step field '${b}' (known: ${STEP_FIELDS.join(', ')})${s.text}`, { kind: 'step-field', name: b, ...s.data });
        return;
      }
      if (target.id === scope.step.id) {
        ref(segRange(p, 1), `a step cannot read its own ${b}`, { kind: 'step', name: a });
        return;
      }
      if (b === 'outputs' && c !== undefined) {
        const declared = Object.keys(target.outputs);
        if (declared.length && !declared.includes(c)) {
          const s = withSuggestion(c, declared);
          ref(segRange(p, 3), `step '${a}' declares no output '${c}'${s.text}`, { kind: 'output', step: a, name: c, ...s.data });
        }
      }
      // Finally steps run after every normal step; their own order comes from needs.
      const ordered = scope.needs?.reaches(scope.step.id, a) || (scope.step.isFinally && !target.isFinally);
      if (!ordered) {
        const outputs = b === 'outputs';
        out.push({
          severity: outputs ? 'error' : 'warning',
          code: 'missing-need',
          message: `'${scope.step.id}' reads steps.${a}.${b} but does not need '${a}' (add it to needs)`,
          range: { start: segRange(p, 0).start, end: segRange(p, outputs && c !== undefined ? 3 : 2).end },
          data: { need: a, step: scope.step.id },
        });
      }
      return;
    }
  }
}

/** Whether `job` needs the job `target`, directly or through the jobs it needs. */
function jobNeedsJob(pipeline: Pipeline, job: Job, target: string): boolean {
  const byName = new Map((pipeline.jobs ?? []).map((j) => [j.name, j]));
  const seen = new Set<string>();
  const stack = job.needs.map((n) => n.value);
  while (stack.length) {
    const name = stack.pop()!;
    if (name === target) return true;
    if (seen.has(name)) continue;
    seen.add(name);
    stack.push(...(byName.get(name)?.needs.map((n) => n.value) ?? []));
  }
  return false;
}

/**
 * `steps.<id>` in a job's own keys. Job outputs are evaluated over the job's steps once they have
 * ended, so they may read only those; the job's `env` is evaluated in each of its steps, where the
 * step's own needs decide (checked when the step reads it, not here).
 */
function checkJobStepRead(p: ReferencePath, job: Job, jobKey: string | number | undefined, target: Step, [field, name]: Array<string | undefined>, out: Diagnostic[]): void {
  if (jobKey !== 'outputs') return;
  if (!job.steps.includes(target.id)) {
    out.push({ severity: 'error', code: 'unknown-reference', message: `job '${job.name}' outputs read its own steps; '${target.id}' is not one of them (known: ${job.steps.join(', ')})`, range: segRange(p, 1), data: { kind: 'step', name: target.id } });
    return;
  }
  if (field === undefined) return;
  if (!STEP_FIELDS.includes(field)) {
    const s = withSuggestion(field, STEP_FIELDS);
    out.push({ severity: 'error', code: 'unknown-reference', message: `unknown step field '${field}' (known: ${STEP_FIELDS.join(', ')})${s.text}`, range: segRange(p, 2), data: { kind: 'step-field', name: field, ...s.data } });
    return;
  }
  const declared = Object.keys(target.outputs);
  if (field === 'outputs' && name !== undefined && declared.length && !declared.includes(name)) {
    const s = withSuggestion(name, declared);
    out.push({ severity: 'error', code: 'unknown-reference', message: `step '${target.id}' declares no output '${name}'${s.text}`, range: segRange(p, 3), data: { kind: 'output', step: target.id, name, ...s.data } });
  }
}

/** What the checks read of one expression text, positioned from 0: the same wherever it occurs. */
interface SourceFacts {
  errors: ReadonlyArray<{ message: string; start: number; end: number }>;
  parsed: boolean;
  paths: readonly ReferencePath[];
  status: readonly Diagnostic[];
}

// `${{ params.target }}` and the like recur in many steps: each text is parsed and walked once (the
// parser caches trees too, but a tree at another offset was copied node by node before the walk).
const factsBySource = new Map<string, SourceFacts>();
const FACTS_LIMIT = 5000;

function factsOf(source: string): SourceFacts {
  let facts = factsBySource.get(source);
  if (facts) return facts;
  const parsed = parseExpression(source);
  facts = parsed.errors.length || !parsed.ast ? { errors: parsed.errors, parsed: false, paths: [], status: [] } : { errors: [], parsed: true, paths: referencePaths(parsed.ast), status: statusComparisons(parsed.ast) };
  if (factsBySource.size >= FACTS_LIMIT) factsBySource.clear();
  factsBySource.set(source, facts);
  return facts;
}

const moved = (r: TextRange, by: number): TextRange => ({ start: r.start + by, end: r.end + by });

function movedPath(p: ReferencePath, by: number): ReferencePath {
  return { segments: p.segments, ranges: p.ranges.map((r) => moved(r, by)), start: p.start + by, end: p.end + by };
}

function checkOccurrence(occ: ExpressionOccurrence, scope: Scope, textLength: number, out: Diagnostic[]): void {
  const clamp = (r: TextRange): TextRange => {
    const start = Math.max(0, Math.min(r.start, textLength));
    return { start, end: Math.max(start, Math.min(r.end, textLength)) };
  };
  if (occ.unterminated) {
    out.push({ severity: 'error', code: 'expression-syntax', message: "'${{' is not closed by '}}'", range: clamp(occ.range) });
    return;
  }
  const facts = factsOf(occ.source);
  const by = occ.sourceOffset;
  if (facts.errors.length) {
    for (const e of facts.errors) out.push({ severity: 'error', code: 'expression-syntax', message: e.message, range: clamp({ start: e.start + by, end: Math.max(e.end + by, e.start + by + 1) }) });
    return;
  }
  if (!facts.parsed) return;
  const before = out.length;
  // Every range below is a new object (moved, then clamped): nothing handed out aliases the cache.
  for (const p of facts.paths) checkPath(movedPath(p, by), scope, out);
  for (const d of facts.status) out.push({ ...d, range: moved(d.range, by), data: structuredClone(d.data) });
  for (let i = before; i < out.length; i++) out[i]!.range = clamp(out[i]!.range);
}

/** An editor's step cache and the version of the graph-level inputs of this parse (StepCache.graphVersion). */
export interface GraphCache {
  cache: StepCache;
  version: number;
}

/**
 * Expression diagnostics for every step and pipeline-level occurrence. With `graph`, a step's findings are
 * computed once per step text and graph version: besides its own expressions, id, needs and matrix, a
 * step's references read only what validate/graphInputs.ts lists (ids, sections, needs, outputs of the
 * other steps; params, secrets, jobs). Ranges inside the step's own text are never clamped by `textLength`.
 */
export function validateExpressions(pipeline: Pipeline, textLength: number, graph?: GraphCache): Diagnostic[] {
  const out: Diagnostic[] = [];
  const all = [...pipeline.steps, ...pipeline.finally];
  const stepsById = new Map(all.map((s) => [s.id, s]));
  const needs = new NeedsIndex(stepsById);
  const check = graph ? `expressions ${graph.version}` : '';
  for (const step of all) {
    if (!step.expressions.length) continue;
    const scope: Scope = { pipeline, step, stepsById, needs, lenient: false };
    if (!graph) {
      for (const occ of step.expressions) checkOccurrence(occ, scope, textLength, out);
      continue;
    }
    const found = graph.cache.stepFindings(
      step,
      check,
      () => {
        const own: Diagnostic[] = [];
        for (const occ of step.expressions) checkOccurrence(occ, scope, textLength, own);
        return own;
      },
      'expressionChecks',
    );
    for (const d of found) out.push(d);
  }
  for (const job of pipeline.jobs ?? []) {
    for (const occ of job.expressions ?? []) checkOccurrence(occ, { pipeline, stepsById, needs, lenient: false, job, jobKey: occ.path[0] }, textLength, out);
  }
  for (const occ of pipeline.expressions) {
    checkOccurrence(occ, { pipeline, stepsById, lenient: occ.path[0] === 'templates' }, textLength, out);
  }
  return out;
}
