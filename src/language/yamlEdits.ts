// Small structural edits on the YAML text that keep everything else byte for byte: add or remove one
// `needs` entry in flow (`[a, b]`) or block (`- a`) style, with the step's own indentation.
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Step } from '../core/pipeline/model.js';
import type { PipelineAnalysis } from './PipelineAnalysis.js';
import type { TextEdit } from './references.js';

/** Where a step's entry sits in the document: under `steps`/`finally`, or under its job's `steps`. */
export function stepPath(step: Step): string[] {
  return step.job !== undefined ? ['jobs', step.job, 'steps', step.id] : [step.isFinally ? 'finally' : 'steps', step.id];
}

function stepMap(analysis: PipelineAnalysis, step: Step): YAMLMap | undefined {
  const node = analysis.parsed.document?.getIn(stepPath(step), true) as Node | undefined;
  return node && isMap(node) ? node : undefined;
}

function needsPair(map: YAMLMap): Pair<Node, Node> | undefined {
  return (map.items as Array<Pair<Node, Node>>).find((p) => isScalar(p.key) && p.key.value === 'needs');
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEndOf(text: string, offset: number): number {
  const e = text.indexOf('\n', offset);
  return e < 0 ? text.length : e + 1;
}

/**
 * Removes the flow-collection entry at [start, end) with the comma that separates it from its neighbour
 * (the following one when there is one, else the preceding one), so `[a, b, c]` never keeps a `, ,`.
 */
export function removeFlowEntry(text: string, start: number, end: number): TextEdit {
  let after = end;
  while (text[after] === ' ') after++;
  if (text[after] === ',') {
    after++;
    while (text[after] === ' ') after++;
    return { range: { start, end: after }, newText: '' };
  }
  let before = start;
  while (text[before - 1] === ' ') before--;
  if (text[before - 1] === ',') before--;
  return { range: { start: before, end }, newText: '' };
}

/** Edit adding `id` to a step's `needs`, creating the key when absent. */
export function addNeedEdit(analysis: PipelineAnalysis, step: Step, id: string): TextEdit | undefined {
  const map = stepMap(analysis, step);
  return map ? addNeedsToMap(analysis.text, map, [id]) : undefined;
}

/**
 * Edit adding `ids` to the `needs` of a block map (a step's or a job's body), creating the key when
 * absent (`needs: []` for no ids).
 */
export function addNeedsToMap(text: string, map: YAMLMap, ids: readonly string[]): TextEdit | undefined {
  const id = ids.join(', ');
  const pair = needsPair(map);
  if (!pair) {
    const first = map.items[0] as Pair<Node, Node> | undefined;
    const keyStart = first?.key?.range?.[0];
    if (keyStart === undefined || map.flow) return undefined;
    const indent = keyStart - lineStartOf(text, keyStart);
    const at = lineStartOf(text, keyStart);
    return { range: { start: at, end: at }, newText: `${' '.repeat(indent)}needs: [${id}]\n` };
  }
  const value = pair.value;
  if (isSeq(value) && value.range) {
    if (value.flow) {
      const close = text.lastIndexOf(']', value.range[1]);
      const empty = value.items.length === 0;
      return { range: { start: close, end: close }, newText: empty || !ids.length ? id : `, ${id}` };
    }
    const last = value.items[value.items.length - 1] as Node | undefined;
    const lastEnd = last?.range?.[1] ?? value.range[1];
    const itemLine = lineStartOf(text, last?.range?.[0] ?? value.range[0]);
    const indent = /^ */.exec(text.slice(itemLine))![0].length;
    const at = lineEndOf(text, lastEnd - 1);
    const nl = at === text.length && !text.endsWith('\n') ? '\n' : '';
    return { range: { start: at, end: at }, newText: nl + ids.map((x) => `${' '.repeat(indent)}- ${x}\n`).join('') };
  }
  if (isScalar(value) && value.range) {
    return { range: { start: value.range[0], end: value.range[1] }, newText: `[${[String(value.value), ...ids].join(', ')}]` };
  }
  if (value == null && pair.key?.range) {
    const end = lineEndOf(text, pair.key.range[1]) - 1;
    return { range: { start: end, end }, newText: ` [${id}]` };
  }
  return undefined;
}

/** Edit removing the `needs` entry of `step` that names `id` (and the key itself when it was the only one). */
export function removeNeedEdit(analysis: PipelineAnalysis, step: Step, id: string): TextEdit | undefined {
  const map = stepMap(analysis, step);
  return map ? removeNeedFromMap(analysis.text, map, id) : undefined;
}

/** Edit removing the `needs` entry naming `id` from a block map (a step's or a job's body). */
export function removeNeedFromMap(text: string, map: YAMLMap, id: string): TextEdit | undefined {
  const pair = needsPair(map);
  const value = pair?.value;
  if (!pair || !isSeq(value)) return undefined;
  const items = value.items as Node[];
  const index = items.findIndex((n) => isScalar(n) && String(n.value) === id);
  const item = items[index];
  if (!item?.range) return undefined;
  if (items.length === 1 && pair.key?.range && value.range) {
    const start = lineStartOf(text, pair.key.range[0]);
    return { range: { start, end: lineEndOf(text, value.range[1] - 1) }, newText: '' };
  }
  if (value.flow) return removeFlowEntry(text, item.range[0], item.range[1]);
  const start = lineStartOf(text, item.range[0]);
  return { range: { start, end: lineEndOf(text, item.range[0]) }, newText: '' };
}
