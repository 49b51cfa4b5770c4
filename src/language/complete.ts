// Completion at a cursor: schema keys (required first, whole-step snippets in `steps:`), values (enums,
// step types, ids in `needs`, templates in `uses`, file paths) and expression members after `${{ `.
// The text is the live one; the analysis may be one edit stale (it only supplies ids, types, outputs).
import type { TextRange } from '../core/contracts/diagnostics.js';
import { locateAt, mappingSiblings, type CursorLocation, type PathSegment } from './locateAt.js';
import { canonicalStepPath } from './jobPaths.js';
import { describe, SchemaNavigator, type ValuesAt } from './SchemaNavigator.js';
import { propertySnippet, stepSnippet, stepTypes } from './snippets.js';
import { stepAt, type PipelineAnalysis } from './PipelineAnalysis.js';
import type { WorkspaceIndex } from './WorkspaceIndex.js';
import { completeExpression } from './completeExpression.js';
import { completePath } from './completePath.js';
import { pathKindOf } from './fileReferences.js';

/** What kind of thing an item inserts; the adapter maps it to an icon. */
export type CompletionKind = 'property' | 'value' | 'enum' | 'step' | 'snippet' | 'reference' | 'file' | 'folder' | 'function' | 'variable' | 'module';

/** One completion proposal, editor-neutral. */
export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Text to insert (a snippet when `snippet` is true); defaults to the label. */
  insertText?: string;
  snippet?: boolean;
  /** Range replaced by the insertion. */
  range: TextRange;
  sortText?: string;
  filterText?: string;
  /** Re-open completion after inserting (folders). */
  retrigger?: boolean;
}

/** Inputs for {@link complete}. */
export interface CompleteOptions {
  /** The live text; defaults to the analysis text. */
  text?: string;
  workspace?: WorkspaceIndex;
}

const STEP_CONTAINERS = new Set(['steps', 'finally']);

/** Completion proposals at `offset`. Never throws on broken text; returns [] when nothing fits. */
export function complete(analysis: PipelineAnalysis, nav: SchemaNavigator, offset: number, options: CompleteOptions = {}): CompletionEntry[] {
  const text = options.text ?? analysis.text;
  const at = locateAt(text, offset);
  const loc = { ...at, path: canonicalStepPath(at.path) };
  const replace: TextRange = { start: offset - loc.prefix.length, end: loc.wordRange.end };
  switch (loc.kind) {
    case 'comment':
      return [];
    case 'expression':
      return completeExpression(analysis, loc, offset, stepIdOf(loc.path) ?? stepAt(analysis, offset)?.id);
    case 'key':
      return completeKey(analysis, nav, text, offset, loc, replace);
    case 'value':
      return completeValue(analysis, nav, text, offset, loc, replace, options.workspace);
  }
}

function stepIdOf(path: PathSegment[]): string | undefined {
  return path.length >= 2 && STEP_CONTAINERS.has(String(path[0])) && typeof path[1] === 'string' ? path[1] : undefined;
}

/** Scalars known at each path prefix: the live mapping around the cursor, else the (stale) analysis. */
function valuesLookup(analysis: PipelineAnalysis, text: string, offset: number, loc: CursorLocation, mappingPath: PathSegment[]): ValuesAt {
  let live: ReadonlyMap<string, string> | undefined;
  return (p) => {
    if (p.length === mappingPath.length && p.every((s, i) => s === mappingPath[i])) {
      live ??= mappingSiblings(text, offset, loc.column);
      return live;
    }
    const id = stepIdOf(p);
    if (p.length === 2 && id !== undefined) {
      const step = analysis.stepById.get(id);
      if (step?.type) return new Map([['type', step.type]]);
    }
    return undefined;
  };
}

function completeKey(analysis: PipelineAnalysis, nav: SchemaNavigator, text: string, offset: number, loc: CursorLocation, replace: TextRange): CompletionEntry[] {
  const path = loc.path;
  if (path.length === 1 && STEP_CONTAINERS.has(String(path[0]))) {
    return stepTypes(nav, path[0] as 'steps' | 'finally').map((t, i) => ({
      label: `${t.type} step`,
      kind: 'snippet',
      detail: `New \`${t.type}\` step`,
      documentation: t.description,
      insertText: stepSnippet(nav, t.type, suggestId(analysis, t.type)),
      snippet: true,
      range: replace,
      filterText: t.type,
      sortText: String(i).padStart(3, '0'),
    }));
  }
  const values = valuesLookup(analysis, text, offset, loc, path);
  const existing = values(path) ?? new Map<string, string>();
  const props = nav.propertiesAt(path, values).filter((p) => p.name === loc.key || !existing.has(p.name));
  return props.map((p, i) => ({
    label: p.name,
    kind: 'property',
    detail: p.required ? 'required' : undefined,
    documentation: describe(p.schemas),
    // On a line that already has `key: value`, only the key is replaced; a snippet would duplicate the value.
    insertText: loc.key !== undefined ? p.name : propertySnippet(p),
    snippet: loc.key === undefined,
    range: loc.key !== undefined ? { start: loc.keyRange!.start, end: loc.keyRange!.end } : replace,
    sortText: `${p.required ? 0 : 1}${String(i).padStart(3, '0')}`,
  }));
}

/** Ids already in a flow `needs: [a, b]` on the cursor line (the word being typed excluded). */
function liveNeeds(text: string, offset: number, loc: CursorLocation): Set<string> | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  const m = /\[([^\]]*)\]?/.exec(text.slice(lineStart, lineEnd));
  if (!m) return undefined;
  return new Set(m[1]!.split(',').map((s) => s.trim().replace(/^["']|["']$/g, '')).filter((s) => s && s !== loc.word));
}

/** Jobs a step or job may need: every job but `ownJob` and those already listed. */
function jobNeeds(analysis: PipelineAnalysis, ownJob: string | undefined, listed: ReadonlySet<string>, wrap: boolean, replace: TextRange): CompletionEntry[] {
  return (analysis.parsed.pipeline.jobs ?? [])
    .filter((j) => j.name !== ownJob && !listed.has(j.name))
    .map((j) => ({
      label: j.name,
      kind: 'module',
      detail: `job: ${j.steps.join(', ')}`,
      documentation: j.displayName ?? j.description,
      insertText: wrap ? `[${j.name}]` : j.name,
      range: replace,
      // After the steps: a job stands for all of its steps.
      sortText: `~${j.name}`,
    }));
}

function suggestId(analysis: PipelineAnalysis, type: string): string {
  const base = type.split('.').pop()!.replace(/[^\w-]/g, '-');
  let id = base;
  for (let n = 2; analysis.stepById.has(id); n++) id = `${base}-${n}`;
  return id;
}

function completeValue(
  analysis: PipelineAnalysis,
  nav: SchemaNavigator,
  text: string,
  offset: number,
  loc: CursorLocation,
  replace: TextRange,
  workspace: WorkspaceIndex | undefined,
): CompletionEntry[] {
  const path = loc.path;
  const stepId = stepIdOf(path);
  const inStep = stepId !== undefined;
  const last = path[path.length - 1];
  const key = typeof last === 'number' ? path[path.length - 2] : last;
  const stepKeyDepth = typeof last === 'number' ? path.length - 2 : path.length - 1;
  if (inStep && key === 'needs' && stepKeyDepth === 2) {
    const listed = liveNeeds(text, offset, loc) ?? new Set(analysis.stepById.get(stepId!)?.needs.map((n) => n.value) ?? []);
    const wrap = !loc.inSequence && loc.emptyValue;
    const ownJob = analysis.stepById.get(stepId!)?.job;
    return [
      ...analysis.allSteps
        .filter((s) => s.id !== stepId && !s.isFinally && !listed.has(s.id))
        .map((s): CompletionEntry => ({
          label: s.id,
          kind: 'reference',
          detail: s.type,
          documentation: s.name,
          insertText: wrap ? `[${s.id}]` : s.id,
          range: replace,
        })),
      ...jobNeeds(analysis, ownJob, listed, wrap, replace),
    ];
  }
  // A job's own `needs`: other jobs, and steps outside jobs.
  if (path[0] === 'jobs' && typeof path[1] === 'string' && key === 'needs' && stepKeyDepth === 2) {
    const job = path[1];
    const listed = liveNeeds(text, offset, loc) ?? new Set(analysis.parsed.pipeline.jobs?.find((j) => j.name === job)?.needs.map((n) => n.value) ?? []);
    const wrap = !loc.inSequence && loc.emptyValue;
    const steps = analysis.allSteps
      .filter((s) => s.job === undefined && !s.isFinally && !listed.has(s.id))
      .map((s): CompletionEntry => ({ label: s.id, kind: 'reference', detail: s.type, documentation: s.name, insertText: wrap ? `[${s.id}]` : s.id, range: replace }));
    return [...jobNeeds(analysis, job, listed, wrap, replace), ...steps];
  }
  if (inStep && key === 'uses' && stepKeyDepth === 2) {
    return [...analysis.templateByName.values()].map((t) => ({ label: t.name, kind: 'module', detail: t.type, range: replace }));
  }
  if (inStep && key === 'type' && stepKeyDepth === 2) {
    return stepTypes(nav, path[0] as 'steps' | 'finally').map((t) => ({ label: t.type, kind: 'enum', documentation: t.description, range: replace }));
  }
  const values = valuesLookup(analysis, text, offset, loc, path.slice(0, stepKeyDepth));
  const schemas = nav.schemasAt(path, values);
  if (inStep && path[2] === 'with' && typeof key === 'string') {
    const pathKind = pathKindOf(key, schemas, analysis.stepById.get(stepId!)?.type ?? values(path.slice(0, 2))?.get('type'));
    if (pathKind && workspace && analysis.file) return completePath(analysis.file, loc, offset, pathKind, workspace);
  }
  const out: CompletionEntry[] = nav.valuesAt(path, values).map((v) => ({
    label: String(v),
    kind: 'enum',
    documentation: describe(schemas),
    range: replace,
  }));
  if (loc.inSequence && typeof last === 'number') {
    // `- |` in a sequence of mappings: offer the item's keys too.
    for (const p of nav.propertiesAt(path, values)) {
      out.push({ label: p.name, kind: 'property', documentation: describe(p.schemas), insertText: propertySnippet(p), snippet: true, range: replace });
    }
  }
  return out;
}
