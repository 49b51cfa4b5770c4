// One key of one step set (or removed) from the graph's side form, as one minimal text edit: the value
// is turned into YAML by the `yaml` library (quoted and escaped as its place needs), never pasted into
// the text, and every byte outside the edited value (or the added or removed line) stays as written.
import { Document, isAlias, isMap, isScalar, Scalar, stringify, type Node, type Pair, type YAMLMap } from 'yaml';
import type { PipelineAnalysis } from '../PipelineAnalysis.js';
import type { TextEdit } from '../references.js';
import { bodyMap, eolOf, lineEnd, lineStart, parseProblem, removeFlowPair, type GraphEditResult } from './graphEdits.js';
import { COMMON_KEYS } from './stepForm.js';

export type FormValue = string | number | boolean | null;

const PARAM_RE = /^[A-Za-z_][\w.-]{0,63}$/;

function pairIn(map: YAMLMap, key: string): Pair<Node, Node> | undefined {
  return (map.items as Array<Pair<Node, Node>>).find((p) => isScalar(p.key) && String(p.key.value) === key);
}

/** Columns before the first key of a block map (its items' indentation). */
function itemIndent(text: string, map: YAMLMap): number | undefined {
  const k = (map.items[0] as Pair<Node, Node> | undefined)?.key?.range?.[0];
  return k === undefined ? undefined : k - lineStart(text, k);
}

/**
 * `value` as YAML text for a place in a flow collection or a block mapping whose items sit at `indent`
 * columns: a script (lines) in a block mapping as a literal block, indented under its key.
 */
export function scalarText(value: Exclude<FormValue, null>, place: { flow: boolean; indent: number; eol: string }): string {
  if (typeof value === 'string' && value.includes('\n')) {
    if (!place.flow && !/^[ \t]/.test(value)) {
      const doc = new Document(value);
      (doc.contents as Scalar).type = Scalar.BLOCK_LITERAL;
      const [head, ...body] = doc.toString({ lineWidth: 0 }).replace(/\n$/, '').split('\n');
      const pad = ' '.repeat(place.indent + 2);
      return [head, ...body.map((l) => (l ? pad + l : l))].join(place.eol);
    }
    const quoted = new Scalar(value);
    quoted.type = Scalar.QUOTE_DOUBLE;
    return stringify(quoted, { lineWidth: 0 }).trimEnd();
  }
  // In a flow collection `,` `[` `]` `{` `}` end a plain scalar, so the library quotes for that place.
  if (place.flow) return stringify([value], { collectionStyle: 'flow', lineWidth: 0 }).trim().replace(/^\[\s*/, '').replace(/\s*\]$/, '');
  return stringify(value, { blockQuote: false, lineWidth: 0 }).trimEnd();
}

/** Removes one pair: its lines in a block map, the pair and its comma in a flow map. */
function removePair(text: string, map: YAMLMap, pair: Pair<Node, Node>): TextEdit | undefined {
  if (map.flow) return removeFlowPair(text, pair);
  const start = pair.key?.range?.[0];
  const end = pair.value?.range?.[1] ?? pair.key?.range?.[1];
  if (start === undefined || end === undefined) return undefined;
  return { range: { start: lineStart(text, start), end: lineEnd(text, end - 1) }, newText: '' };
}

/** Inserts `key: value` as the last item of `map` (`value` already YAML text, or a nested block). */
function insertPair(text: string, map: YAMLMap, key: string, valueText: (indent: number, flow: boolean) => string): TextEdit | undefined {
  const eol = eolOf(text);
  const keyText = stringify(key).trimEnd();
  if (map.flow) {
    if (!map.range) return undefined;
    const close = text.lastIndexOf('}', map.range[1]);
    return close < 0 ? undefined : { range: { start: close, end: close }, newText: `${map.items.length ? ', ' : ''}${keyText}: ${valueText(0, true)}` };
  }
  const indent = itemIndent(text, map);
  const last = map.items[map.items.length - 1] as Pair<Node, Node> | undefined;
  const end = last?.value?.range?.[1] ?? last?.key?.range?.[1];
  if (indent === undefined || end === undefined) return undefined;
  const at = lineEnd(text, end - 1);
  const lead = at === text.length && !text.endsWith('\n') ? eol : '';
  const value = valueText(indent, false);
  const gap = value.startsWith(eol) ? '' : ' ';
  return { range: { start: at, end: at }, newText: `${lead}${' '.repeat(indent)}${keyText}:${gap}${value}${eol}` };
}

/**
 * Sets step `id`'s `key` (`[common key]` or `['with', parameter]`) to `value`, or removes it for null
 * (an emptied `with` goes too). Refused, with a one-line reason, where the value is written in a form a
 * field cannot replace (a list, a mapping, a value carrying an anchor).
 */
export function setStepKey(analysis: PipelineAnalysis, id: string, key: readonly string[], value: FormValue): GraphEditResult {
  const problem = parseProblem(analysis);
  if (problem) return { error: problem };
  const step = analysis.stepById.get(id);
  if (!step) return { error: `There is no step '${id}'.` };
  const isParam = key.length === 2 && key[0] === 'with' && PARAM_RE.test(key[1]!);
  if (!isParam && !(key.length === 1 && (COMMON_KEYS as readonly string[]).includes(key[0]!))) return { error: `The form cannot edit '${key.join('.')}'.` };
  const name = key[key.length - 1]!;
  const label = key.join('.');
  const body = bodyMap(analysis, step);
  if (!body) return { error: `'${id}' is written in a form the graph cannot edit; change ${label} in the text.` };
  const text = analysis.text;
  const eol = eolOf(text);
  let map: YAMLMap = body;
  if (isParam) {
    const withPair = pairIn(body, 'with');
    if (!withPair) {
      if (value === null) return { edits: [] };
      // No `with` yet: it comes with its one parameter.
      const edit = insertPair(text, body, 'with', (indent, flow) => {
        const inner = `${stringify(name).trimEnd()}: ${scalarText(value, { flow, indent: indent + 2, eol })}`;
        return flow ? `{${inner}}` : `${eol}${' '.repeat(indent + 2)}${inner}`;
      });
      return edit ? { edits: [edit] } : { error: `'${id}' is written in a form the graph cannot edit; add ${label} in the text.` };
    }
    if (!withPair.value || !isMap(withPair.value)) return { error: `The 'with' of '${id}' is not a mapping the form can edit; change ${label} in the text.` };
    map = withPair.value;
    const pair = pairIn(map, name);
    if (value === null && pair && map.items.length === 1) {
      const edit = removePair(text, body, withPair);
      return edit ? { edits: [edit] } : { error: `'${id}' is written in a form the graph cannot edit; remove ${label} in the text.` };
    }
  }
  const pair = pairIn(map, name);
  if (!pair) {
    if (value === null) return { edits: [] };
    const edit = insertPair(text, map, name, (indent, flow) => scalarText(value, { flow, indent, eol }));
    return edit ? { edits: [edit] } : { error: `'${id}' is written in a form the graph cannot edit; add ${label} in the text.` };
  }
  if (value === null) {
    const edit = removePair(text, map, pair);
    return edit ? { edits: [edit] } : { error: `'${id}' is written in a form the graph cannot edit; remove ${label} in the text.` };
  }
  const node = pair.value;
  if (!node || !(isScalar(node) || isAlias(node)) || !node.range) {
    if (!node && pair.key?.range) {
      // `key:` with nothing after it: the value goes after the colon.
      const colon = text.indexOf(':', pair.key.range[1]);
      const indent = pair.key.range[0] - lineStart(text, pair.key.range[0]);
      return { edits: [{ range: { start: colon + 1, end: colon + 1 }, newText: ` ${scalarText(value, { flow: map.flow ?? false, indent, eol })}` }] };
    }
    return { error: `${label} of '${id}' is written as a list or mapping; edit it in the text.` };
  }
  if (isScalar(node) && node.anchor) return { error: `${label} of '${id}' carries the anchor &${node.anchor} that other parts may use; edit it in the text.` };
  const indent = pair.key?.range ? pair.key.range[0] - lineStart(text, pair.key.range[0]) : 0;
  let newText = scalarText(value, { flow: map.flow ?? false, indent, eol });
  // A block scalar's range takes in its last line break; the value that replaces it keeps one.
  const old = text.slice(node.range[0], node.range[1]);
  if (/\n$/.test(old)) newText += eol;
  return { edits: [{ range: { start: node.range[0], end: node.range[1] }, newText }] };
}
