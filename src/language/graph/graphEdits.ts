// The graph editor's edits as minimal text edits: each one touches only the lines (or characters) of the
// node it changes, found through the `yaml` Document's ranges, so comments, anchors, quoting and line
// endings everywhere else stay byte for byte. The host turns them into one WorkspaceEdit (undoable).
import { isMap, isScalar, isSeq, visit, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Step } from '../../core/pipeline/model.js';
import type { PipelineAnalysis } from '../PipelineAnalysis.js';
import { renameEdits, type TextEdit } from '../references.js';
import type { SchemaNavigator } from '../SchemaNavigator.js';
import { addNeedEdit, removeFlowEntry, removeNeedEdit } from '../yamlEdits.js';

/** The edits to apply, or why the edit is refused (one line, shown to the user). */
export type GraphEditResult = { edits: TextEdit[]; select?: string } | { error: string };

type Section = 'steps' | 'finally';

const ID_RE = /^[A-Za-z_][\w-]*$/;

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const e = text.indexOf('\n', offset);
  return e < 0 ? text.length : e + 1;
}

/** The file's line break, so inserted lines match it (CRLF files stay CRLF). */
function eolOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

function withEol(edits: TextEdit[], text: string): TextEdit[] {
  if (eolOf(text) === '\n') return edits;
  return edits.map((e) => ({ ...e, newText: e.newText.replace(/\r?\n/g, '\r\n') }));
}

/** Why the graph does not edit a pipeline with a `jobs:` section (shown as the edit's error). */
export const JOBS_NOT_EDITABLE = "This pipeline has a 'jobs:' section: the graph cannot edit pipelines with jobs yet (their steps, order and needs live inside each job); edit the text.";

/** True when the pipeline writes a `jobs:` section (even an empty or invalid one). */
export function usesJobs(analysis: PipelineAnalysis): boolean {
  return Boolean(analysis.parsed.pipeline.jobs?.length) || Boolean(analysis.parsed.document?.has('jobs'));
}

/**
 * Refuses edits while the text does not parse (the graph then shows the last good state), and on
 * pipelines with jobs: job steps live under `jobs.<name>.steps` and wait for the step written before
 * them, so adding, duplicating, deleting or renaming there (or a step that a job needs) would need
 * edits these functions do not make.
 */
function parseProblem(analysis: PipelineAnalysis): string | undefined {
  const d = analysis.parsed.diagnostics.find((x) => x.code === 'yaml-syntax' || x.code === 'multi-document');
  if (d) return `The YAML does not parse (${d.message}); fix the text before editing the graph.`;
  if (!analysis.parsed.document) return 'The pipeline has no YAML document yet.';
  return usesJobs(analysis) ? JOBS_NOT_EDITABLE : undefined;
}

function stepOf(analysis: PipelineAnalysis, id: string): Step | { error: string } {
  const s = analysis.stepById.get(id);
  return s ?? { error: `There is no step '${id}'.` };
}

function sectionMap(analysis: PipelineAnalysis, section: Section): YAMLMap | null | undefined {
  const node = analysis.parsed.document?.get(section, true) as Node | null | undefined;
  if (node === undefined) return undefined;
  return node && isMap(node) ? node : null;
}

function stepPair(analysis: PipelineAnalysis, step: Step): Pair<Node, Node> | undefined {
  const map = sectionMap(analysis, step.isFinally ? 'finally' : 'steps');
  return (map?.items as Array<Pair<Node, Node>> | undefined)?.find((p) => isScalar(p.key) && String(p.key.value) === step.id);
}

function bodyMap(analysis: PipelineAnalysis, step: Step): YAMLMap | undefined {
  const v = stepPair(analysis, step)?.value;
  return v && isMap(v) ? v : undefined;
}

/** A fresh id from `base`: itself when free, else `base-2`, `base-3`, … */
export function freeStepId(analysis: PipelineAnalysis, base: string): string {
  let clean = base.replace(/[^\w-]+/g, '-').replace(/^[^A-Za-z_]+/, '');
  if (!clean) clean = 'step';
  if (!analysis.stepById.has(clean)) return clean;
  for (let i = 2; ; i++) if (!analysis.stepById.has(`${clean}-${i}`)) return `${clean}-${i}`;
}

/** Removes one `key: value` pair from a flow map, with the comma that separates it from its neighbour. */
function removeFlowPair(text: string, pair: Pair<Node, Node>): TextEdit | undefined {
  const s = pair.key?.range?.[0];
  const e = pair.value?.range?.[1] ?? pair.key?.range?.[1];
  if (s === undefined || e === undefined) return undefined;
  return removeFlowEntry(text, s, e);
}

function needsPairOf(map: YAMLMap): Pair<Node, Node> | undefined {
  return (map.items as Array<Pair<Node, Node>>).find((p) => isScalar(p.key) && p.key.value === 'needs');
}

/** Edit removing `need` from `step`'s needs (a single scalar `needs: x` or a list entry). */
function dropNeed(analysis: PipelineAnalysis, step: Step, need: string): TextEdit | undefined {
  const map = bodyMap(analysis, step);
  const pair = map && needsPairOf(map);
  if (!map || !pair) return undefined;
  const text = analysis.text;
  if (isScalar(pair.value) && String(pair.value.value) === need) {
    if (map.flow) return removeFlowPair(text, pair);
    const start = lineStart(text, pair.key!.range![0]);
    return { range: { start, end: lineEnd(text, pair.value.range![1] - 1) }, newText: '' };
  }
  if (isSeq(pair.value) && map.flow && pair.value.items.length === 1) return removeFlowPair(text, pair);
  return removeNeedEdit(analysis, step, need);
}

/** `to` waits for `from` (a `needs` entry added to `to`); refuses cycles, duplicates and finally → normal. */
export function addNeed(analysis: PipelineAnalysis, from: string, to: string): GraphEditResult {
  const problem = parseProblem(analysis);
  if (problem) return { error: problem };
  const src = stepOf(analysis, from);
  const dst = stepOf(analysis, to);
  if ('error' in src) return src;
  if ('error' in dst) return dst;
  if (from === to) return { error: `A step cannot need itself ('${to}').` };
  if (dst.needs.some((n) => n.value === from)) return { error: `'${to}' already needs '${from}'.` };
  if (src.isFinally && !dst.isFinally) return { error: `'${to}' cannot wait for the finally step '${from}': finally steps run after every other step.` };
  const path = needPath(analysis, from, to);
  if (path) return { error: `Adding this edge would make a cycle: ${[to, ...path].join(' → ')}.` };
  const map = bodyMap(analysis, dst);
  if (map?.flow && !needsPairOf(map) && map.range) {
    const close = analysis.text.lastIndexOf('}', map.range[1]);
    const empty = map.items.length === 0;
    return { edits: [{ range: { start: close, end: close }, newText: `${empty ? '' : ', '}needs: [${from}]` }] };
  }
  const edit = addNeedEdit(analysis, dst, from);
  return edit ? { edits: withEol([edit], analysis.text) } : { error: `The needs of '${to}' are written in a form the graph cannot edit; add '${from}' in the text.` };
}

/** The chain `from` → … → `to` through needs (so `to` is upstream of `from`), if any. */
function needPath(analysis: PipelineAnalysis, from: string, to: string): string[] | undefined {
  const prev = new Map<string, string>();
  const queue = [from];
  const seen = new Set(queue);
  while (queue.length) {
    const cur = queue.shift()!;
    if (cur === to) {
      const path = [cur];
      for (let p = prev.get(cur); p !== undefined; p = prev.get(p)) path.unshift(p);
      return path;
    }
    for (const n of analysis.stepById.get(cur)?.needs ?? []) {
      if (seen.has(n.value)) continue;
      seen.add(n.value);
      prev.set(n.value, cur);
      queue.push(n.value);
    }
  }
  return undefined;
}

/** Removes the `needs` entry by which `to` waits for `from`. */
export function removeNeed(analysis: PipelineAnalysis, from: string, to: string): GraphEditResult {
  const problem = parseProblem(analysis);
  if (problem) return { error: problem };
  const dst = stepOf(analysis, to);
  if ('error' in dst) return dst;
  if (!dst.needs.some((n) => n.value === from)) return { error: `'${to}' does not need '${from}'.` };
  const edit = dropNeed(analysis, dst, from);
  return edit ? { edits: [edit] } : { error: `The needs of '${to}' are written in a form the graph cannot edit; remove '${from}' in the text.` };
}

/** Whole lines of a block step, or the pair (with its comma) inside a flow `steps:` map. */
function stepSpan(analysis: PipelineAnalysis, step: Step): TextEdit | undefined {
  const map = sectionMap(analysis, step.isFinally ? 'finally' : 'steps');
  const pair = stepPair(analysis, step);
  if (!map || !pair) return undefined;
  if (map.flow) return removeFlowPair(analysis.text, pair);
  return { range: { start: lineStart(analysis.text, step.range.start), end: lineEnd(analysis.text, step.range.end - 1) }, newText: '' };
}

/** An anchor defined inside `span` that an alias outside it refers to (deleting the span would break it). */
function anchorUsedOutside(analysis: PipelineAnalysis, span: { start: number; end: number }): string | undefined {
  const defined = new Set<string>();
  const used: Array<{ name: string; at: number }> = [];
  visit(analysis.parsed.document!, {
    Node(_key, node) {
      const at = node.range?.[0];
      if (at === undefined) return;
      if ('anchor' in node && typeof node.anchor === 'string' && at >= span.start && at < span.end) defined.add(node.anchor);
    },
    Alias(_key, node) {
      if (node.range) used.push({ name: node.source, at: node.range[0] });
    },
  });
  return used.find((u) => defined.has(u.name) && (u.at < span.start || u.at >= span.end))?.name;
}

/** Deletes a step and every `needs` entry naming it (the caller confirms first). */
export function deleteStep(analysis: PipelineAnalysis, id: string): GraphEditResult {
  const problem = parseProblem(analysis);
  if (problem) return { error: problem };
  const step = stepOf(analysis, id);
  if ('error' in step) return step;
  const own = stepSpan(analysis, step);
  if (!own) return { error: `'${id}' is written in a form the graph cannot delete; remove it in the text.` };
  const anchor = anchorUsedOutside(analysis, own.range);
  if (anchor) return { error: `'${id}' defines the anchor &${anchor} that other parts of the file use; move it before deleting the step.` };
  const edits = [own];
  for (const other of analysis.allSteps) {
    if (other === step || !other.needs.some((n) => n.value === id)) continue;
    const e = dropNeed(analysis, other, id);
    if (!e) return { error: `The needs of '${other.id}' are written in a form the graph cannot edit; remove '${id}' there first.` };
    edits.push(e);
  }
  return { edits };
}

/** Copies a step (same body, comments inside it included) right after it, under a fresh id. */
export function duplicateStep(analysis: PipelineAnalysis, id: string): GraphEditResult {
  const problem = parseProblem(analysis);
  if (problem) return { error: problem };
  const step = stepOf(analysis, id);
  if ('error' in step) return step;
  const map = sectionMap(analysis, step.isFinally ? 'finally' : 'steps');
  if (!map || map.flow) return { error: `The ${step.isFinally ? 'finally' : 'steps'} section is a flow map; duplicate '${id}' in the text.` };
  const text = analysis.text;
  const copyId = freeStepId(analysis, `${id}-copy`);
  const start = lineStart(text, step.range.start);
  const end = lineEnd(text, step.range.end - 1);
  let body = text.slice(start, end);
  const idStart = step.idRange.start - start;
  body = body.slice(0, idStart) + copyId + body.slice(step.idRange.end - start);
  const eol = eolOf(text);
  if (!/\r?\n$/.test(body)) body += eol;
  const prefix = end === text.length && !/\n$/.test(text) ? eol : '';
  return { edits: [{ range: { start: end, end }, newText: prefix + body }], select: copyId };
}

/** Renames a step and every reference to it (needs, `steps.<id>` expressions), as the rename command does. */
export function renameStep(analysis: PipelineAnalysis, id: string, newId: string): GraphEditResult {
  const problem = parseProblem(analysis);
  if (problem) return { error: problem };
  const step = stepOf(analysis, id);
  if ('error' in step) return step;
  if (newId === id) return { edits: [] };
  try {
    return { edits: renameEdits(analysis, step.idRange.start, newId), select: newId };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** The body the palette inserts for a type: the schema's example for it, else just `type:`. */
export function stepBody(nav: SchemaNavigator, type: string): string {
  const examples = nav.root['x-ansflow-step-examples'];
  const example = examples && typeof examples === 'object' ? (examples as Record<string, unknown>)[type] : undefined;
  return typeof example === 'string' && example.trim() ? example.replace(/\s+$/, '') : `type: ${type}`;
}

/** Indentation of the first step key and of its body, as written in the section (defaults 2 + 2). */
function indents(text: string, map: YAMLMap): { key: number; unit: number } {
  const first = map.items[0] as Pair<Node, Node> | undefined;
  const k = first?.key?.range?.[0];
  if (k === undefined) return { key: 2, unit: 2 };
  const key = k - lineStart(text, k);
  const v = first?.value;
  const inner = v && isMap(v) && !v.flow ? (v.items[0] as Pair<Node, Node> | undefined)?.key?.range?.[0] : undefined;
  const unit = inner !== undefined ? inner - lineStart(text, inner) - key : 2;
  return { key, unit: unit > 0 ? unit : 2 };
}

/** Adds a step of `type` at the end of its section (creating the section when absent). */
export function addStep(analysis: PipelineAnalysis, nav: SchemaNavigator, type: string, options: { id?: string; section?: Section; needs?: string[] } = {}): GraphEditResult {
  const problem = parseProblem(analysis);
  if (problem) return { error: problem };
  const section = options.section ?? 'steps';
  const id = options.id ?? freeStepId(analysis, type.replace(/\./g, '-'));
  if (!ID_RE.test(id)) return { error: `'${id}' is not a valid step id (letters, digits, '_' and '-', not starting with a digit or '-').` };
  if (analysis.stepById.has(id)) return { error: `A step named '${id}' already exists.` };
  for (const n of options.needs ?? []) if (!analysis.stepById.has(n)) return { error: `There is no step '${n}' to need.` };
  const text = analysis.text;
  const eol = eolOf(text);
  const map = sectionMap(analysis, section);
  if (map?.flow) return { error: `The ${section} section is a flow map; add the step in the text.` };
  const { key, unit } = map && map.items.length ? indents(text, map) : { key: 2, unit: 2 };
  const pad = (n: number) => ' '.repeat(n);
  const bodyLines = stepBody(nav, type).split('\n');
  if (options.needs?.length) bodyLines.splice(1, 0, `needs: [${options.needs.join(', ')}]`);
  const lines = [`${pad(key)}${id}:`, ...bodyLines.map((l) => (l ? pad(key + unit) + l : l))];
  const block = lines.join(eol) + eol;
  if (map && map.items.length) {
    const last = map.items[map.items.length - 1] as Pair<Node, Node>;
    const end = last.value?.range?.[1] ?? last.key!.range![1];
    const at = lineEnd(text, end - 1);
    // Keep the section's rhythm: a blank line between steps when the first two are separated by one.
    const second = map.items[1] as Pair<Node, Node> | undefined;
    const firstEnd = (map.items[0] as Pair<Node, Node>).value?.range?.[1];
    const spaced = second?.key?.range && firstEnd !== undefined && /\n[ \t]*\r?\n/.test(text.slice(firstEnd - 1, second.key.range[0]));
    const lead = at === text.length && !text.endsWith('\n') ? eol : '';
    return { edits: [{ range: { start: at, end: at }, newText: lead + (spaced ? eol : '') + block }], select: id };
  }
  const keyNode = (analysis.parsed.document?.contents as YAMLMap | null)?.items?.find((p) => isScalar(p.key) && p.key.value === section) as Pair<Node, Node> | undefined;
  if (keyNode?.key?.range) {
    // `steps:` with nothing (or an empty value) after it: the step goes on the next line.
    const at = lineEnd(text, keyNode.key.range[1]);
    const valueRange = keyNode.value?.range;
    if (valueRange && valueRange[1] > valueRange[0]) return { error: `The ${section} section is not a mapping; fix it in the text first.` };
    const lead = at === text.length && !text.endsWith('\n') ? eol : '';
    return { edits: [{ range: { start: at, end: at }, newText: lead + block }], select: id };
  }
  const lead = text.length && !text.endsWith('\n') ? eol : '';
  return { edits: [{ range: { start: text.length, end: text.length }, newText: `${lead}${section}:${eol}${block}` }], select: id };
}

/** Applies non-overlapping edits to a text (last first, so earlier offsets stay valid). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.range.start - a.range.start)) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}
