// Quick fixes keyed on the diagnostic `code` (never its wording) and its `data`, with our own fallbacks
// computed from the text when `data` carries no suggestion.
import type { Diagnostic, TextRange } from '../core/contracts/diagnostics.js';
import { closestMatches } from './closest.js';
import { stepAt, unquoted, type PipelineAnalysis } from './PipelineAnalysis.js';
import type { TextEdit } from './references.js';
import { ANY_STEP_ID } from './snippets.js';
import type { SchemaNavigator } from './SchemaNavigator.js';
import { addNeedEdit, removeNeedEdit } from './yamlEdits.js';
import { moveToEnvEdits } from './moveToEnvFix.js';
import { conditionChangedFixes, statusValueFixes } from './conditionFixes.js';

/** One fix for one diagnostic. */
export interface QuickFix {
  title: string;
  diagnostic: Diagnostic;
  edits: TextEdit[];
  preferred?: boolean;
}

function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function suggestionsOf(d: Diagnostic): string[] {
  return [...strings(d.data?.suggestion), ...strings(d.data?.suggestions), ...strings(d.data?.closest)];
}

/** Our own ranking first (edit distance), then the core's suggestions, without duplicates. */
function merge(own: string[], given: string[]): string[] {
  return [...new Set([...own, ...given])];
}

/** Names an `unknown-reference` of the core's `data.kind` could have meant. */
function referencePool(analysis: PipelineAnalysis, d: Diagnostic, stepIds: string[], self: string | undefined): string[] | undefined {
  const p = analysis.parsed.pipeline;
  switch (d.data?.kind) {
    case 'param':
      return p.params.map((x) => x.name);
    case 'secret':
      return p.secrets.map((x) => x.name);
    case 'step':
      return stepIds;
    case 'output': {
      const target = analysis.stepById.get(String(d.data.step));
      return target ? Object.keys(target.outputs) : [];
    }
    case 'step-field':
      return ['outputs', 'status'];
    case 'matrix': {
      const step = self !== undefined ? analysis.stepById.get(self) : undefined;
      return step?.matrixKeys ?? Object.keys(step?.matrix?.axes ?? {});
    }
    default:
      return d.data?.root !== undefined ? ['params', 'steps', 'env', 'secrets', 'matrix', 'run', 'pipeline'] : undefined;
  }
}

function replaceFixes(d: Diagnostic, range: TextRange, candidates: string[], what: string): QuickFix[] {
  return candidates.slice(0, 3).map((c, i) => ({ title: `Change ${what} to '${c}'`, diagnostic: d, edits: [{ range, newText: c }], preferred: i === 0 }));
}

/** Quick fixes for the given diagnostics of an analysed text. */
export function quickFixes(analysis: PipelineAnalysis, nav: SchemaNavigator, diagnostics: Diagnostic[]): QuickFix[] {
  return diagnostics.flatMap((d) => fixesFor(analysis, nav, d));
}

function fixesFor(analysis: PipelineAnalysis, nav: SchemaNavigator, d: Diagnostic): QuickFix[] {
  const text = analysis.text;
  const range = unquoted(text, d.range);
  const word = text.slice(range.start, range.end);
  const self = stepAt(analysis, d.range.start);
  const stepIds = analysis.allSteps.map((s) => s.id).filter((id) => id !== self?.id);
  switch (d.code) {
    case 'unknown-need': {
      const name = strings(d.data?.need)[0] ?? word;
      const fixes = replaceFixes(d, range, merge(closestMatches(name, stepIds), suggestionsOf(d)), 'need');
      const remove = self && removeNeedEdit(analysis, self, name);
      if (remove) fixes.push({ title: `Remove '${name}' from needs`, diagnostic: d, edits: [remove] });
      return fixes;
    }
    case 'unknown-reference': {
      // The core points at the one wrong segment and says what kind of name it is.
      const pool = referencePool(analysis, d, stepIds, self?.id);
      const name = strings(d.data?.name)[0] ?? strings(d.data?.root)[0] ?? word;
      if (pool) return replaceFixes(d, range, merge(closestMatches(name, pool), suggestionsOf(d)), d.data?.kind === 'param' ? 'parameter' : String(d.data?.kind ?? 'name'));
      return referenceFixes(analysis, d, range, stepIds);
    }
    case 'missing-need': {
      const need = strings(d.data?.need)[0] ?? strings(d.data?.step)[0] ?? strings(d.data?.stepId)[0] ?? /steps\.([\w-]+)/.exec(word)?.[1];
      const edit = need && self ? addNeedEdit(analysis, self, need) : undefined;
      return edit ? [{ title: `Add '${need}' to the needs of '${self!.id}'`, diagnostic: d, edits: [edit], preferred: true }] : [];
    }
    case 'unknown-parameter': {
      const known = self ? nav.propertiesAt([self.isFinally ? 'finally' : 'steps', ANY_STEP_ID, 'with'], (p) => (p.length === 2 && self.type ? new Map([['type', self.type]]) : undefined)) : [];
      const used = new Set(Object.keys(self?.with ?? {}));
      const candidates = merge(closestMatches(word, known.map((k) => k.name).filter((k) => !used.has(k))), suggestionsOf(d));
      return replaceFixes(d, range, candidates, 'parameter');
    }
    case 'duplicate-id': {
      const taken = new Set(analysis.allSteps.map((s) => s.id));
      let n = 2;
      while (taken.has(`${word}-${n}`)) n++;
      return [{ title: `Rename this step to '${word}-${n}'`, diagnostic: d, edits: [{ range, newText: `${word}-${n}` }], preferred: true }];
    }
    case 'cycle':
      return cycleFixes(analysis, d);
    case 'status-value':
      return statusValueFixes(d);
    case 'condition-changed':
      return conditionChangedFixes(text, d);
    case 'cache-deprecated':
      return [{ title: "Rename 'cache' to 'upToDate'", diagnostic: d, edits: [{ range: d.range, newText: 'upToDate' }], preferred: true }];
    case 'script-injection': {
      const fix = moveToEnvEdits(analysis, self, d);
      return fix ? [{ ...fix, diagnostic: d, preferred: true }] : [];
    }
    default:
      return [];
  }
}

function referenceFixes(analysis: PipelineAnalysis, d: Diagnostic, range: TextRange, stepIds: string[]): QuickFix[] {
  const text = analysis.text;
  const src = text.slice(range.start, range.end);
  const m = /(steps|params|env|secrets|matrix)(?:\.|\[['"])([\w-]+)(?:['"]\])?(?:\.outputs\.([\w-]+))?/.exec(src);
  if (!m) return replaceFixes(d, range, suggestionsOf(d), 'reference');
  const [, root, name, output] = m;
  const nameStart = range.start + m.index + m[0].indexOf(name!, root!.length);
  const p = analysis.parsed.pipeline;
  const given = suggestionsOf(d);
  if (root === 'steps') {
    const target = analysis.stepById.get(name!);
    if (target && output !== undefined) {
      const outStart = range.start + m.index + m[0].lastIndexOf(output);
      const candidates = given.length ? given : closestMatches(output, Object.keys(target.outputs));
      return replaceFixes(d, { start: outStart, end: outStart + output.length }, candidates, 'output');
    }
    return replaceFixes(d, { start: nameStart, end: nameStart + name!.length }, given.length ? given : closestMatches(name!, stepIds), 'step');
  }
  const pool = root === 'params' ? p.params.map((x) => x.name) : root === 'secrets' ? p.secrets.map((x) => x.name) : root === 'env' ? Object.keys(p.env) : [];
  return replaceFixes(d, { start: nameStart, end: nameStart + name!.length }, given.length ? given : closestMatches(name!, pool), root === 'params' ? 'parameter' : root!);
}

/** One "remove this edge" fix per `needs` edge on the cycle. */
function cycleFixes(analysis: PipelineAnalysis, d: Diagnostic): QuickFix[] {
  let cycle = strings(d.data?.cycle).length ? strings(d.data?.cycle) : strings(d.data?.ids);
  if (cycle.length === 0) {
    const ranges = [d.range, ...(d.related ?? []).filter((r) => !r.file).map((r) => r.range)];
    cycle = analysis.allSteps.filter((s) => ranges.some((r) => s.idRange.start >= r.start && s.idRange.end <= r.end) || ranges.some((r) => r.start >= s.range.start && r.end <= s.range.end)).map((s) => s.id);
  }
  const members = new Set(cycle);
  const fixes: QuickFix[] = [];
  for (const id of members) {
    const step = analysis.stepById.get(id);
    for (const need of step?.needs ?? []) {
      if (!members.has(need.value)) continue;
      const edit = removeNeedEdit(analysis, step!, need.value);
      if (edit) fixes.push({ title: `Break the cycle: remove '${need.value}' from the needs of '${id}'`, diagnostic: d, edits: [edit] });
    }
  }
  return fixes;
}
