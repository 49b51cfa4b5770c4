// Go to definition, find references and rename for the three kinds of names a pipeline defines:
// step ids (used in `needs` and `steps.<id>` expressions), templates (`uses`) and params (`params.<name>`).
import type { TextRange } from '../core/contracts/diagnostics.js';
import type { ExpressionOccurrence } from '../core/pipeline/model.js';
import { locateAt } from './locateAt.js';
import { contains, unquoted, type PipelineAnalysis } from './PipelineAnalysis.js';

/** A named thing in a pipeline. */
export interface PipelineSymbolRef {
  kind: 'step' | 'template' | 'param';
  name: string;
}

/** Where a symbol is defined and used (ranges cover exactly the name, without quotes). */
export interface SymbolOccurrences {
  symbol: PipelineSymbolRef;
  definition?: TextRange;
  references: TextRange[];
}

/** A text replacement. */
export interface TextEdit {
  range: TextRange;
  newText: string;
}

const STEP_CONTAINERS = new Set(['steps', 'finally']);
const NAME_RE = /^[A-Za-z_][\w-]*$/;

function allExpressions(analysis: PipelineAnalysis): ExpressionOccurrence[] {
  return [...analysis.parsed.pipeline.expressions, ...analysis.allSteps.flatMap((s) => (s.origin?.file ? [] : s.expressions))];
}

/** Name ranges of `<root>.<name>` (and `<root>['name']`) inside the expressions of the file. */
function memberRanges(analysis: PipelineAnalysis, root: string, name?: string): Array<{ name: string; range: TextRange }> {
  const out: Array<{ name: string; range: TextRange }> = [];
  const re = new RegExp(`(?<![\\w.-])${root}(?:\\.([A-Za-z_][\\w-]*)|\\[['"]([^'"]+)['"]\\])`, 'g');
  for (const e of allExpressions(analysis)) {
    for (const m of e.source.matchAll(re)) {
      const found = m[1] ?? m[2]!;
      if (name !== undefined && found !== name) continue;
      const start = e.sourceOffset + m.index! + m[0].indexOf(found, root.length);
      out.push({ name: found, range: { start, end: start + found.length } });
    }
  }
  return out;
}

/** The symbol at an offset: on its definition or on a reference. */
export function symbolAt(analysis: PipelineAnalysis, offset: number): PipelineSymbolRef | undefined {
  const p = analysis.parsed.pipeline;
  for (const s of analysis.allSteps) {
    if (!s.origin?.file && contains(s.idRange, offset)) return { kind: 'step', name: s.id };
    for (const n of s.needs) if (contains(n.range, offset)) return { kind: 'step', name: n.value };
    if (s.uses && contains(s.uses.range, offset) && !s.origin?.file) return { kind: 'template', name: s.uses.value };
  }
  for (const t of p.templates) if (!t.file && contains(t.nameRange, offset)) return { kind: 'template', name: t.name };
  for (const x of p.params) if (contains(x.nameRange, offset)) return { kind: 'param', name: x.name };
  for (const [root, kind] of [['steps', 'step'], ['params', 'param']] as const) {
    for (const r of memberRanges(analysis, root)) if (contains(r.range, offset)) return { kind, name: r.name };
  }
  // Half-parsed text: fall back to the locator for `needs` items.
  const loc = locateAt(analysis.text, offset);
  const key = loc.path.length >= 3 && STEP_CONTAINERS.has(String(loc.path[0])) ? loc.path[2] : undefined;
  if (loc.kind === 'value' && key === 'needs' && loc.word) return { kind: 'step', name: loc.word };
  return undefined;
}

/** Definition and references of a symbol in this file. */
export function occurrences(analysis: PipelineAnalysis, symbol: PipelineSymbolRef): SymbolOccurrences {
  const text = analysis.text;
  const p = analysis.parsed.pipeline;
  const refs: TextRange[] = [];
  let definition: TextRange | undefined;
  if (symbol.kind === 'step') {
    const def = analysis.allSteps.find((s) => s.id === symbol.name && !s.origin?.file);
    definition = def ? unquoted(text, def.idRange) : undefined;
    for (const s of analysis.allSteps) {
      if (s.origin?.file) continue;
      for (const n of s.needs) if (n.value === symbol.name) refs.push(unquoted(text, n.range));
    }
    refs.push(...memberRanges(analysis, 'steps', symbol.name).map((r) => r.range));
  } else if (symbol.kind === 'template') {
    const t = analysis.templateByName.get(symbol.name);
    definition = t && !t.file ? unquoted(text, t.nameRange) : undefined;
    for (const s of analysis.allSteps) if (s.uses?.value === symbol.name && !s.origin?.file) refs.push(unquoted(text, s.uses.range));
  } else {
    const x = p.params.find((q) => q.name === symbol.name);
    definition = x ? unquoted(text, x.nameRange) : undefined;
    refs.push(...memberRanges(analysis, 'params', symbol.name).map((r) => r.range));
  }
  const seen = new Set<string>();
  const references = refs
    .filter((r) => {
      const k = `${r.start}:${r.end}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((x, y) => x.start - y.start);
  return { symbol, definition, references };
}

/** Why a rename is refused, or undefined when `newName` is acceptable. */
export function renameProblem(analysis: PipelineAnalysis, symbol: PipelineSymbolRef, newName: string): string | undefined {
  if (!NAME_RE.test(newName)) return `'${newName}' is not a valid ${symbol.kind} name (letters, digits, '_' and '-', not starting with a digit or '-')`;
  const taken =
    symbol.kind === 'step' ? analysis.stepById.has(newName) : symbol.kind === 'template' ? analysis.templateByName.has(newName) : analysis.paramByName.has(newName);
  if (taken && newName !== symbol.name) return `a ${symbol.kind} named '${newName}' already exists`;
  return undefined;
}

/** Edits renaming a symbol everywhere in the file (definition first). Throws a message when refused. */
export function renameEdits(analysis: PipelineAnalysis, offset: number, newName: string): TextEdit[] {
  const symbol = symbolAt(analysis, offset);
  if (!symbol) throw new Error('Nothing to rename here: place the cursor on a step id, template name or param.');
  const problem = renameProblem(analysis, symbol, newName);
  if (problem) throw new Error(problem);
  const occ = occurrences(analysis, symbol);
  return [...(occ.definition ? [occ.definition] : []), ...occ.references].map((range) => ({ range, newText: newName }));
}

/** The range a rename at `offset` would change, for the editor's rename box. */
export function renameRange(analysis: PipelineAnalysis, offset: number): { range: TextRange; placeholder: string } | undefined {
  const symbol = symbolAt(analysis, offset);
  if (!symbol) return undefined;
  const occ = occurrences(analysis, symbol);
  const range = [occ.definition, ...occ.references].find((r) => r && contains(r, offset));
  return range ? { range, placeholder: symbol.name } : undefined;
}
