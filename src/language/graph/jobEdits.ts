// The graph editor's job edits (add, rename, delete) as minimal text edits, like the step edits beside
// them: only the job's own lines and the references to it change, every other byte stays as written.
import { isMap, isScalar, isSeq, visit, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Job } from '../../core/pipeline/model.js';
import { unquoted, type PipelineAnalysis } from '../PipelineAnalysis.js';
import type { TextEdit } from '../references.js';
import type { SchemaNavigator } from '../SchemaNavigator.js';
import {
  anchorUsedOutside,
  bodyMap,
  chainedInJob,
  dropNeedFromMap,
  eolOf,
  freeStepId,
  ID_RE,
  indents,
  jobMap,
  jobNamed,
  lineEnd,
  lineStart,
  needsPairOf,
  parseProblem,
  removeFlowPair,
  sectionMap,
  stepBody,
  type GraphEditResult,
} from './graphEdits.js';

/** `jobs.<name>.outputs` written in any scalar of the document (expressions reading the job's outputs). */
function outputRefs(analysis: PipelineAnalysis, name: string): TextEdit[] {
  const out: TextEdit[] = [];
  const re = new RegExp(`(?<![\\w.-])jobs\\.(${name.replace(/-/g, '\\-')})\\.outputs(?![\\w-])`, 'g');
  visit(analysis.parsed.document!, {
    Scalar(_key, node) {
      const r = node.range;
      if (!r || typeof node.value !== 'string') return;
      for (const m of analysis.text.slice(r[0], r[1]).matchAll(re)) {
        const start = r[0] + m.index! + 'jobs.'.length;
        out.push({ range: { start, end: start + name.length }, newText: '' });
      }
    },
  });
  return out;
}

function nameTaken(analysis: PipelineAnalysis, name: string): boolean {
  return analysis.stepById.has(name) || jobNamed(analysis, name) !== undefined;
}

/**
 * Adds a job named `name` (default a free `job`, `job-2`, …) at the end of `jobs:` (creating the key when
 * absent), holding one step of `stepType`: a job needs at least one step to mean anything.
 */
export function addJob(analysis: PipelineAnalysis, nav: SchemaNavigator, stepType = 'shell', options: { name?: string } = {}): GraphEditResult {
  const problem = parseProblem(analysis);
  if (problem) return { error: problem };
  const name = options.name ?? freeStepId(analysis, 'job');
  if (!ID_RE.test(name)) return { error: `'${name}' is not a valid job name (letters, digits, '_' and '-', not starting with a digit or '-').` };
  if (nameTaken(analysis, name)) return { error: `A step or job named '${name}' already exists.` };
  let stepId = freeStepId(analysis, stepType.replace(/\./g, '-'));
  if (stepId === name) stepId = freeStepId(analysis, `${stepId}-step`);
  const text = analysis.text;
  const eol = eolOf(text);
  const jobs = sectionMap(analysis, ['jobs']);
  if (jobs?.flow) return { error: 'The jobs section is a flow map; add the job in the text.' };
  const { key, unit } = jobs && jobs.items.length ? indents(text, jobs) : { key: 2, unit: 2 };
  const pad = (n: number) => ' '.repeat(n);
  const body = stepBody(nav, stepType)
    .split('\n')
    .map((l) => (l ? pad(key + 3 * unit) + l : l));
  const block = [`${pad(key)}${name}:`, `${pad(key + unit)}steps:`, `${pad(key + 2 * unit)}${stepId}:`, ...body].join(eol) + eol;
  if (jobs && jobs.items.length) {
    const items = jobs.items as Array<Pair<Node, Node>>;
    const last = items[items.length - 1]!;
    const at = lineEnd(text, (last.value?.range?.[1] ?? last.key!.range![1]) - 1);
    // Keep the section's rhythm: a blank line between jobs when the first two are separated by one.
    const firstEnd = items[0]!.value?.range?.[1];
    const second = items[1]?.key?.range?.[0];
    const spaced = firstEnd !== undefined && second !== undefined && /\n[ \t]*\r?\n/.test(text.slice(firstEnd - 1, second));
    const lead = at === text.length && !text.endsWith('\n') ? eol : '';
    return { edits: [{ range: { start: at, end: at }, newText: lead + (spaced ? eol : '') + block }], select: name };
  }
  const root = analysis.parsed.document?.contents;
  const pair = root && isMap(root) ? (root.items as Array<Pair<Node, Node>>).find((p) => isScalar(p.key) && p.key.value === 'jobs') : undefined;
  if (pair?.key?.range) {
    const r = pair.value?.range;
    if (r && r[1] > r[0]) return { error: 'The jobs section is not a mapping; fix it in the text first.' };
    const at = lineEnd(text, pair.key.range[1]);
    const lead = at === text.length && !text.endsWith('\n') ? eol : '';
    return { edits: [{ range: { start: at, end: at }, newText: lead + block }], select: name };
  }
  const lead = text.length && !text.endsWith('\n') ? eol : '';
  const gap = text.length && !/\n[ \t]*\r?\n$/.test(text) ? eol : '';
  return { edits: [{ range: { start: text.length, end: text.length }, newText: `${lead}${gap}jobs:${eol}${block}` }], select: name };
}

/**
 * Renames a job and what names it: the key, every `needs` entry (of steps and of jobs) and every
 * `jobs.<name>.outputs` expression. A job shares its namespace with steps, so the new name must be free.
 */
export function renameJob(analysis: PipelineAnalysis, name: string, newName: string): GraphEditResult {
  const problem = parseProblem(analysis);
  if (problem) return { error: problem };
  const job = jobNamed(analysis, name);
  if (!job) return { error: `There is no job '${name}'.` };
  if (newName === name) return { edits: [] };
  if (!ID_RE.test(newName)) return { error: `'${newName}' is not a valid job name (letters, digits, '_' and '-', not starting with a digit or '-').` };
  if (nameTaken(analysis, newName)) return { error: `A step or job named '${newName}' already exists.` };
  const text = analysis.text;
  const named = (needs: Job['needs']) => needs.filter((n) => n.value === name).map((n) => unquoted(text, n.range));
  const ranges = [
    unquoted(text, job.nameRange),
    ...analysis.allSteps.flatMap((s) => named(s.needs)),
    ...(analysis.parsed.pipeline.jobs ?? []).flatMap((j) => named(j.needs)),
    ...outputRefs(analysis, name).map((e) => e.range),
  ];
  const seen = new Set<number>();
  const edits: TextEdit[] = [];
  for (const range of ranges) {
    if (seen.has(range.start)) continue;
    seen.add(range.start);
    edits.push({ range, newText: newName });
  }
  return { edits, select: newName };
}

/**
 * Edit dropping every need in `names` from the needs written in `map`: one entry through the step
 * edits' own path, several by rewriting just the list (kept entries copied as written).
 */
function dropNeedsFromMap(text: string, map: YAMLMap, names: ReadonlySet<string>, keepEmpty: boolean): TextEdit | undefined {
  const pair = needsPairOf(map);
  const value = pair?.value;
  if (!pair || !value?.range) return undefined;
  const items = isSeq(value) ? (value.items as Node[]) : [value];
  const hit = items.filter((n) => isScalar(n) && names.has(String(n.value)));
  if (!hit.length) return undefined;
  if (hit.length === 1) return dropNeedFromMap(text, map, String((hit[0] as { value: unknown }).value), keepEmpty);
  const kept = items.filter((n) => !hit.includes(n));
  if (kept.length || keepEmpty) {
    if (kept.some((n) => !n.range)) return undefined;
    return { range: { start: value.range[0], end: value.range[1] }, newText: `[${kept.map((n) => text.slice(n.range![0], n.range![1])).join(', ')}]` };
  }
  if (map.flow) return removeFlowPair(text, pair);
  return { range: { start: lineStart(text, pair.key!.range![0]), end: lineEnd(text, value.range[1] - 1) }, newText: '' };
}

/**
 * Deletes a job with its steps, and every `needs` entry naming the job or one of its steps (the caller
 * confirms first). Refused while an expression reads the job's outputs or another part uses an anchor
 * defined in it: deleting would leave those dangling.
 */
export function deleteJob(analysis: PipelineAnalysis, name: string): GraphEditResult {
  const problem = parseProblem(analysis);
  if (problem) return { error: problem };
  const job = jobNamed(analysis, name);
  if (!job) return { error: `There is no job '${name}'.` };
  const jobs = sectionMap(analysis, ['jobs']);
  if (!jobs || jobs.flow) return { error: `The jobs section is written in a form the graph cannot edit; delete '${name}' in the text.` };
  const pair = (jobs.items as Array<Pair<Node, Node>>).find((p) => isScalar(p.key) && String(p.key.value) === name);
  const end = pair?.value?.range?.[1] ?? pair?.key?.range?.[1];
  if (!pair?.key?.range || end === undefined) return { error: `'${name}' is written in a form the graph cannot delete; remove it in the text.` };
  const text = analysis.text;
  const span = { start: lineStart(text, pair.key.range[0]), end: lineEnd(text, end - 1) };
  const anchor = anchorUsedOutside(analysis, span);
  if (anchor) return { error: `Job '${name}' defines the anchor &${anchor} that other parts of the file use; move it before deleting the job.` };
  const reader = outputRefs(analysis, name).find((e) => e.range.start < span.start || e.range.start >= span.end);
  if (reader) return { error: `jobs.${name}.outputs is read on line ${analysis.lines.positionAt(reader.range.start).line + 1}; remove that use before deleting the job.` };
  const edits: TextEdit[] = [{ range: span, newText: '' }];
  // The section keeps a mapping when its only job goes (a key with no value is not one).
  if (jobs.items.length === 1) {
    const root = analysis.parsed.document?.contents;
    const key = root && isMap(root) ? (root.items as Array<Pair<Node, Node>>).find((p) => isScalar(p.key) && p.key.value === 'jobs')?.key?.range?.[1] : undefined;
    const colon = key === undefined ? -1 : text.indexOf(':', key);
    if (colon >= 0) edits.push({ range: { start: colon + 1, end: colon + 1 }, newText: ' {}' });
  }
  const gone = new Set([name, ...job.steps]);
  for (const step of analysis.allSteps) {
    if (step.job === name || !step.needs.some((n) => gone.has(n.value))) continue;
    const map = bodyMap(analysis, step);
    const e = map && dropNeedsFromMap(text, map, gone, chainedInJob(analysis, step));
    if (!e) return { error: `The needs of '${step.id}' are written in a form the graph cannot edit; remove '${name}' there first.` };
    edits.push(e);
  }
  for (const other of analysis.parsed.pipeline.jobs ?? []) {
    if (other.name === name || !other.needs.some((n) => gone.has(n.value))) continue;
    const map = jobMap(analysis, other.name);
    const e = map && dropNeedsFromMap(text, map, gone, false);
    if (!e) return { error: `The needs of job '${other.name}' are written in a form the graph cannot edit; remove '${name}' there first.` };
    edits.push(e);
  }
  return { edits };
}

