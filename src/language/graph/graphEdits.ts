// The graph editor's edits as minimal text edits: each one touches only the lines (or characters) of the
// node it changes, found through the `yaml` Document's ranges, so comments, anchors, quoting and line
// endings everywhere else stay byte for byte. The host turns them into one WorkspaceEdit (undoable).
import { isMap, isScalar, isSeq, visit, type Node, type Pair, type YAMLMap } from 'yaml';
import { dependsOn, type Job, type Step } from '../../core/pipeline/model.js';
import { unquoted, type PipelineAnalysis } from '../PipelineAnalysis.js';
import { renameEdits, type TextEdit } from '../references.js';
import type { SchemaNavigator } from '../SchemaNavigator.js';
import { addNeedsToMap, removeFlowEntry, removeNeedFromMap, stepPath } from '../yamlEdits.js';

/** The edits to apply, or why the edit is refused (one line, shown to the user). */
export type GraphEditResult = { edits: TextEdit[]; select?: string } | { error: string };

type Section = 'steps' | 'finally';

export const ID_RE = /^[A-Za-z_][\w-]*$/;

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

export function lineEnd(text: string, offset: number): number {
  const e = text.indexOf('\n', offset);
  return e < 0 ? text.length : e + 1;
}

/** The file's line break, so inserted lines match it (CRLF files stay CRLF). */
export function eolOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

export function withEol(edits: TextEdit[], text: string): TextEdit[] {
  if (eolOf(text) === '\n') return edits;
  return edits.map((e) => ({ ...e, newText: e.newText.replace(/\r?\n/g, '\r\n') }));
}

/** Refuses edits while the text does not parse (the graph then shows the last good state). */
export function parseProblem(analysis: PipelineAnalysis): string | undefined {
  const d = analysis.parsed.diagnostics.find((x) => x.code === 'yaml-syntax' || x.code === 'multi-document');
  if (d) return `The YAML does not parse (${d.message}); fix the text before editing the graph.`;
  if (!analysis.parsed.document) return 'The pipeline has no YAML document yet.';
  return undefined;
}

export function jobNamed(analysis: PipelineAnalysis, name: string): Job | undefined {
  return analysis.parsed.pipeline.jobs?.find((j) => j.name === name);
}

/** The body map of a job (`jobs.<name>`), when written as a block or flow map. */
export function jobMap(analysis: PipelineAnalysis, name: string): YAMLMap | undefined {
  const node = analysis.parsed.document?.getIn(['jobs', name], true) as Node | undefined;
  return node && isMap(node) ? node : undefined;
}

/** The steps a `needs` name stands for: a step itself, or every step of a job. */
function stepsNamed(analysis: PipelineAnalysis, name: string): string[] {
  if (analysis.stepById.has(name)) return [name];
  return jobNamed(analysis, name)?.steps ?? [];
}

function stepOf(analysis: PipelineAnalysis, id: string): Step | { error: string } {
  const s = analysis.stepById.get(id);
  return s ?? { error: `There is no step '${id}'.` };
}

/** The map holding steps at `path` (`steps`, `finally` or `jobs.<name>.steps`); null when not a map. */
export function sectionMap(analysis: PipelineAnalysis, path: string[]): YAMLMap | null | undefined {
  const node = analysis.parsed.document?.getIn(path, true) as Node | null | undefined;
  if (node === undefined) return undefined;
  return node && isMap(node) ? node : null;
}

/** The map holding `step`'s entry. */
function containerOf(analysis: PipelineAnalysis, step: Step): YAMLMap | null | undefined {
  return sectionMap(analysis, stepPath(step).slice(0, -1));
}

function stepPair(analysis: PipelineAnalysis, step: Step): Pair<Node, Node> | undefined {
  const map = containerOf(analysis, step);
  return (map?.items as Array<Pair<Node, Node>> | undefined)?.find((p) => isScalar(p.key) && String(p.key.value) === step.id);
}

export function bodyMap(analysis: PipelineAnalysis, step: Step): YAMLMap | undefined {
  const v = stepPair(analysis, step)?.value;
  return v && isMap(v) ? v : undefined;
}

/** A fresh id from `base`: itself when free, else `base-2`, `base-3`, … */
export function freeStepId(analysis: PipelineAnalysis, base: string): string {
  let clean = base.replace(/[^\w-]+/g, '-').replace(/^[^A-Za-z_]+/, '');
  if (!clean) clean = 'step';
  const taken = (id: string) => analysis.stepById.has(id) || jobNamed(analysis, id) !== undefined;
  if (!taken(clean)) return clean;
  for (let i = 2; ; i++) if (!taken(`${clean}-${i}`)) return `${clean}-${i}`;
}

/** Removes one `key: value` pair from a flow map, with the comma that separates it from its neighbour. */
export function removeFlowPair(text: string, pair: Pair<Node, Node>): TextEdit | undefined {
  const s = pair.key?.range?.[0];
  const e = pair.value?.range?.[1] ?? pair.key?.range?.[1];
  if (s === undefined || e === undefined) return undefined;
  return removeFlowEntry(text, s, e);
}

export function needsPairOf(map: YAMLMap): Pair<Node, Node> | undefined {
  return (map.items as Array<Pair<Node, Node>>).find((p) => isScalar(p.key) && p.key.value === 'needs');
}

/** True for a job step after the first: with no `needs` written it waits for the step written before it. */
export function chainedInJob(analysis: PipelineAnalysis, step: Step): boolean {
  return step.job !== undefined && (jobNamed(analysis, step.job)?.steps.indexOf(step.id) ?? 0) > 0;
}

/**
 * Edit removing `need` from the needs written in `map` (a step's or a job's body). When `keepEmpty`
 * and it was the only entry, the value becomes `[]` instead of the key going away: a job step without
 * `needs` would start waiting for the step written before it.
 */
export function dropNeedFromMap(text: string, map: YAMLMap, need: string, keepEmpty: boolean): TextEdit | undefined {
  const pair = needsPairOf(map);
  if (!pair) return undefined;
  const only = (isScalar(pair.value) && String(pair.value.value) === need) || (isSeq(pair.value) && pair.value.items.length === 1);
  if (only && keepEmpty && pair.value?.range) {
    // A block list's range runs on to the next key's indentation: replace from the colon to its last item.
    const last = isSeq(pair.value) && !pair.value.flow ? (pair.value.items[0] as Node | undefined)?.range : undefined;
    const colon = last && pair.key?.range ? text.indexOf(':', pair.key.range[1]) : -1;
    if (last && colon >= 0) return { range: { start: colon + 1, end: last[1] }, newText: ' []' };
    return { range: { start: pair.value.range[0], end: pair.value.range[1] }, newText: '[]' };
  }
  if (isScalar(pair.value) && String(pair.value.value) === need) {
    if (map.flow) return removeFlowPair(text, pair);
    const start = lineStart(text, pair.key!.range![0]);
    return { range: { start, end: lineEnd(text, pair.value.range![1] - 1) }, newText: '' };
  }
  if (isSeq(pair.value) && map.flow && pair.value.items.length === 1) return removeFlowPair(text, pair);
  return removeNeedFromMap(text, map, need);
}

/** Edit removing `need` from `step`'s needs (a single scalar `needs: x` or a list entry). */
export function dropNeed(analysis: PipelineAnalysis, step: Step, need: string): TextEdit | undefined {
  const map = bodyMap(analysis, step);
  return map ? dropNeedFromMap(analysis.text, map, need, chainedInJob(analysis, step)) : undefined;
}

/** Edit adding `ids` to the needs written in `map`; a flow map without `needs` gets the key inside its braces. */
function addNeedsTo(text: string, map: YAMLMap | undefined, ids: string[]): TextEdit | undefined {
  if (!map) return undefined;
  if (map.flow && !needsPairOf(map) && map.range) {
    const close = text.lastIndexOf('}', map.range[1]);
    return { range: { start: close, end: close }, newText: `${map.items.length ? ', ' : ''}needs: [${ids.join(', ')}]` };
  }
  const edit = addNeedsToMap(text, map, ids);
  return edit && withEol([edit], text)[0];
}

/**
 * What a job step waits for without writing it and would stop waiting for once `from` is written in
 * its needs: the step before it (when it writes no needs), or its job's needs (when `from` is the
 * first need inside the job). Written along with `from`, so adding an edge never removes another.
 */
function implicitKept(analysis: PipelineAnalysis, step: Step, from: string): string[] {
  const job = step.job !== undefined ? jobNamed(analysis, step.job) : undefined;
  if (!job) return [];
  const index = job.steps.indexOf(step.id);
  const wrote = !!step.keyRanges?.needs || step.needs.length > 0;
  if (!wrote && index > 0) return [job.steps[index - 1]!];
  const inJob = (id: string) => job.steps.includes(id);
  if (!stepsNamed(analysis, from).some(inJob) || step.needs.some((n) => inJob(n.value))) return [];
  return job.needs.map((n) => n.value).filter((n) => n !== from && !step.needs.some((x) => x.value === n));
}

/**
 * `to` waits for `from` (a `needs` entry added to `to`); refuses cycles, duplicates and finally → normal.
 * Either may name a job: a job `to` gets the entry in its own `needs` (every step of it then waits), a
 * job `from` stands for all of its steps.
 */
export function addNeed(analysis: PipelineAnalysis, from: string, to: string): GraphEditResult {
  const problem = parseProblem(analysis);
  if (problem) return { error: problem };
  if (!stepsNamed(analysis, from).length) return { error: `There is no step or job '${from}'.` };
  if (from === to) return { error: `A step cannot need itself ('${to}').` };
  const toJob = analysis.stepById.has(to) ? undefined : jobNamed(analysis, to);
  if (toJob) {
    if (toJob.needs.some((n) => n.value === from)) return { error: `'${to}' already needs '${from}'.` };
    const path = needPath(analysis, from, to);
    if (path) return { error: `Adding this edge would make a cycle: ${[to, ...path].join(' → ')}.` };
    const edit = addNeedsTo(analysis.text, jobMap(analysis, to), [from]);
    return edit ? { edits: [edit] } : { error: `The needs of job '${to}' are written in a form the graph cannot edit; add '${from}' in the text.` };
  }
  const dst = stepOf(analysis, to);
  if ('error' in dst) return dst;
  if (dst.needs.some((n) => n.value === from)) return { error: `'${to}' already needs '${from}'.` };
  const src = analysis.stepById.get(from);
  if (src?.isFinally && !dst.isFinally) return { error: `'${to}' cannot wait for the finally step '${from}': finally steps run after every other step.` };
  const path = needPath(analysis, from, to);
  if (path) return { error: `Adding this edge would make a cycle: ${[to, ...path].join(' → ')}.` };
  const edit = addNeedsTo(analysis.text, bodyMap(analysis, dst), [...implicitKept(analysis, dst, from), from]);
  return edit ? { edits: [edit] } : { error: `The needs of '${to}' are written in a form the graph cannot edit; add '${from}' in the text.` };
}

/** A chain from a step of `from` back to a step of `to` through what steps wait for (so `to` is upstream of `from`), if any. */
function needPath(analysis: PipelineAnalysis, from: string, to: string): string[] | undefined {
  const targets = new Set(stepsNamed(analysis, to));
  const prev = new Map<string, string>();
  const queue = stepsNamed(analysis, from);
  const seen = new Set(queue);
  while (queue.length) {
    const cur = queue.shift()!;
    if (targets.has(cur)) {
      const path = [cur];
      for (let p = prev.get(cur); p !== undefined; p = prev.get(p)) path.unshift(p);
      return path;
    }
    const step = analysis.stepById.get(cur);
    for (const n of step ? dependsOn(step) : []) {
      if (seen.has(n)) continue;
      seen.add(n);
      prev.set(n, cur);
      queue.push(n);
    }
  }
  return undefined;
}

/**
 * Removes what makes `to` wait for `from`: the `needs` entry (of a step, or of a job when `to` is a
 * job), or, for a job step that waits for the step written before it, `needs: []` (it then starts with
 * its job).
 */
export function removeNeed(analysis: PipelineAnalysis, from: string, to: string): GraphEditResult {
  const problem = parseProblem(analysis);
  if (problem) return { error: problem };
  const toJob = analysis.stepById.has(to) ? undefined : jobNamed(analysis, to);
  if (toJob) {
    if (!toJob.needs.some((n) => n.value === from)) return { error: `Job '${to}' does not need '${from}'.` };
    const map = jobMap(analysis, to);
    const edit = map && dropNeedFromMap(analysis.text, map, from, false);
    return edit ? { edits: [edit] } : { error: `The needs of job '${to}' are written in a form the graph cannot edit; remove '${from}' in the text.` };
  }
  const dst = stepOf(analysis, to);
  if ('error' in dst) return dst;
  if (!dst.needs.some((n) => n.value === from)) {
    const job = dst.job !== undefined ? jobNamed(analysis, dst.job) : undefined;
    const before = job?.steps[job.steps.indexOf(to) - 1];
    const wrote = !!dst.keyRanges?.needs || dst.needs.length > 0;
    if (job && before === from && !wrote) {
      const edit = addNeedsTo(analysis.text, bodyMap(analysis, dst), []);
      return edit ? { edits: [edit] } : { error: `'${to}' is written in a form the graph cannot edit; write 'needs: []' in the text.` };
    }
    if (dst.implicitNeeds?.includes(from)) return { error: `'${to}' waits for '${from}' through its job's needs; remove that need from the job.` };
    return { error: `'${to}' does not need '${from}'.` };
  }
  const edit = dropNeed(analysis, dst, from);
  return edit ? { edits: [edit] } : { error: `The needs of '${to}' are written in a form the graph cannot edit; remove '${from}' in the text.` };
}

/** Whole lines of a block step, or the pair (with its comma) inside a flow steps map. */
function stepSpan(analysis: PipelineAnalysis, step: Step): TextEdit | undefined {
  const map = containerOf(analysis, step);
  const pair = stepPair(analysis, step);
  if (!map || !pair) return undefined;
  if (map.flow) return removeFlowPair(analysis.text, pair);
  return { range: { start: lineStart(analysis.text, step.range.start), end: lineEnd(analysis.text, step.range.end - 1) }, newText: '' };
}

/** An anchor defined inside `span` that an alias outside it refers to (deleting the span would break it). */
export function anchorUsedOutside(analysis: PipelineAnalysis, span: { start: number; end: number }): string | undefined {
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

/** ` {}` after `steps:` (or `finally:`) when its only step goes: a key with no value is not a mapping. */
function emptiedSection(analysis: PipelineAnalysis, step: Step): TextEdit[] {
  const map = containerOf(analysis, step);
  if (step.job !== undefined || !map || map.flow || map.items.length !== 1) return [];
  const root = analysis.parsed.document?.contents;
  const pair = root && isMap(root) ? (root.items as Array<Pair<Node, Node>>).find((p) => isScalar(p.key) && p.key.value === (step.isFinally ? 'finally' : 'steps')) : undefined;
  const keyEnd = pair?.key?.range?.[1];
  if (keyEnd === undefined) return [];
  const colon = analysis.text.indexOf(':', keyEnd);
  return colon < 0 ? [] : [{ range: { start: colon + 1, end: colon + 1 }, newText: ' {}' }];
}

/** Deletes a step and every `needs` entry naming it, in steps and jobs (the caller confirms first). */
export function deleteStep(analysis: PipelineAnalysis, id: string): GraphEditResult {
  const problem = parseProblem(analysis);
  if (problem) return { error: problem };
  const step = stepOf(analysis, id);
  if ('error' in step) return step;
  if (step.job !== undefined && jobNamed(analysis, step.job)?.steps.length === 1) return { error: `'${id}' is the only step of job '${step.job}'; delete the job in the text.` };
  const own = stepSpan(analysis, step);
  if (!own) return { error: `'${id}' is written in a form the graph cannot delete; remove it in the text.` };
  const anchor = anchorUsedOutside(analysis, own.range);
  if (anchor) return { error: `'${id}' defines the anchor &${anchor} that other parts of the file use; move it before deleting the step.` };
  const edits = [own, ...emptiedSection(analysis, step)];
  for (const other of analysis.allSteps) {
    if (other === step || !other.needs.some((n) => n.value === id)) continue;
    const e = dropNeed(analysis, other, id);
    if (!e) return { error: `The needs of '${other.id}' are written in a form the graph cannot edit; remove '${id}' there first.` };
    edits.push(e);
  }
  for (const job of analysis.parsed.pipeline.jobs ?? []) {
    if (!job.needs.some((n) => n.value === id)) continue;
    const map = jobMap(analysis, job.name);
    const e = map && dropNeedFromMap(analysis.text, map, id, false);
    if (!e) return { error: `The needs of job '${job.name}' are written in a form the graph cannot edit; remove '${id}' there first.` };
    edits.push(e);
  }
  return { edits };
}

/**
 * Copies a step (same body, comments inside it included) right after it, under a fresh id. In a job
 * the copy takes the next place in the job's order, so a step after it that writes no needs waits for the copy.
 */
export function duplicateStep(analysis: PipelineAnalysis, id: string): GraphEditResult {
  const problem = parseProblem(analysis);
  if (problem) return { error: problem };
  const step = stepOf(analysis, id);
  if ('error' in step) return step;
  const map = containerOf(analysis, step);
  const where = step.job !== undefined ? `steps of job '${step.job}'` : `${step.isFinally ? 'finally' : 'steps'} section`;
  if (!map || map.flow) return { error: `The ${where} is a flow map; duplicate '${id}' in the text.` };
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

/** `steps.<id>` references in job `outputs` values (expressions the step parser does not see). */
function jobOutputRefs(analysis: PipelineAnalysis, id: string): TextEdit[] {
  const out: TextEdit[] = [];
  const re = new RegExp(`(?<![\\w.-])steps\\.(${id.replace(/[-]/g, '\\-')})(?![\\w-])`, 'g');
  for (const job of analysis.parsed.pipeline.jobs ?? []) {
    const outputs = jobMap(analysis, job.name)?.get('outputs', true) as Node | undefined;
    if (!outputs || !isMap(outputs)) continue;
    for (const pair of outputs.items as Array<Pair<Node, Node>>) {
      const r = pair.value?.range;
      if (!r) continue;
      for (const m of analysis.text.slice(r[0], r[1]).matchAll(re)) {
        const start = r[0] + m.index! + 'steps.'.length;
        out.push({ range: { start, end: start + id.length }, newText: '' });
      }
    }
  }
  return out;
}

/**
 * Renames a step and every reference to it (needs, `steps.<id>` expressions), as the rename command
 * does, plus the places only jobs have: a job's `needs` and its `outputs` expressions.
 */
export function renameStep(analysis: PipelineAnalysis, id: string, newId: string): GraphEditResult {
  const problem = parseProblem(analysis);
  if (problem) return { error: problem };
  const step = stepOf(analysis, id);
  if ('error' in step) return step;
  if (newId === id) return { edits: [] };
  if (jobNamed(analysis, newId)) return { error: `A job named '${newId}' already exists; a step may not share a job's name.` };
  try {
    const edits = renameEdits(analysis, step.idRange.start, newId);
    const jobNeeds = (analysis.parsed.pipeline.jobs ?? []).flatMap((j) => j.needs.filter((n) => n.value === id).map((n) => ({ range: unquoted(analysis.text, n.range), newText: newId })));
    const seen = new Set(edits.map((e) => e.range.start));
    for (const e of [...jobNeeds, ...jobOutputRefs(analysis, id).map((e) => ({ ...e, newText: newId }))]) {
      if (seen.has(e.range.start)) continue;
      seen.add(e.range.start);
      edits.push(e);
    }
    return { edits, select: newId };
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
export function indents(text: string, map: YAMLMap): { key: number; unit: number } {
  const first = map.items[0] as Pair<Node, Node> | undefined;
  const k = first?.key?.range?.[0];
  if (k === undefined) return { key: 2, unit: 2 };
  const key = k - lineStart(text, k);
  const v = first?.value;
  const inner = v && isMap(v) && !v.flow ? (v.items[0] as Pair<Node, Node> | undefined)?.key?.range?.[0] : undefined;
  const unit = inner !== undefined ? inner - lineStart(text, inner) - key : 2;
  return { key, unit: unit > 0 ? unit : 2 };
}

/**
 * Adds a step of `type` at the end of its section (creating the section when absent), or at the end of
 * a job's steps with `job` (it then waits for the job's last step unless `needs` says otherwise).
 */
export function addStep(analysis: PipelineAnalysis, nav: SchemaNavigator, type: string, options: { id?: string; section?: Section; needs?: string[]; job?: string } = {}): GraphEditResult {
  const problem = parseProblem(analysis);
  if (problem) return { error: problem };
  const section = options.section ?? 'steps';
  const id = options.id ?? freeStepId(analysis, type.replace(/\./g, '-'));
  if (!ID_RE.test(id)) return { error: `'${id}' is not a valid step id (letters, digits, '_' and '-', not starting with a digit or '-').` };
  if (analysis.stepById.has(id) || jobNamed(analysis, id)) return { error: `A step or job named '${id}' already exists.` };
  for (const n of options.needs ?? []) if (!stepsNamed(analysis, n).length) return { error: `There is no step '${n}' to need.` };
  if (options.job !== undefined && !jobNamed(analysis, options.job)) return { error: `There is no job '${options.job}'.` };
  const text = analysis.text;
  const eol = eolOf(text);
  const map = options.job !== undefined ? sectionMap(analysis, ['jobs', options.job, 'steps']) : sectionMap(analysis, [section]);
  const where = options.job !== undefined ? `steps of job '${options.job}'` : `${section} section`;
  if (map?.flow) return { error: `The ${where} is a flow map; add the step in the text.` };
  if (options.job !== undefined && !map?.items.length) return { error: `Job '${options.job}' has no steps mapping the graph can add to; add the step in the text.` };
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
    if (valueRange && valueRange[1] > valueRange[0]) return { error: `The ${where} is not a mapping; fix it in the text first.` };
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
