// The "move the value to env:" quick fix for a `script-injection` diagnostic: the value goes under the
// step's `env:` (created when missing) and the script reads the variable instead of a pasted value.
import { isMap, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Diagnostic } from '../core/contracts/diagnostics.js';
import type { Step } from '../core/pipeline/model.js';
import type { PipelineAnalysis } from './PipelineAnalysis.js';
import type { TextEdit } from './references.js';

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** A YAML single-quoted scalar holding `text`. */
function yamlQuoted(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** The edit adding `name: value` to a step's `env:`, or undefined when the layout is not one we can edit safely. */
function addEnvEdit(analysis: PipelineAnalysis, step: Step, name: string, value: string): TextEdit | undefined {
  const text = analysis.text;
  const node = analysis.parsed.document?.getIn([step.isFinally ? 'finally' : 'steps', step.id], true) as Node | undefined;
  if (!node || !isMap(node) || node.flow) return undefined;
  const map = node as YAMLMap;
  const envPair = (map.items as Array<Pair<Node, Node>>).find((p) => isScalar(p.key) && p.key.value === 'env');
  const entry = `${name}: ${yamlQuoted(value)}`;
  if (!envPair) {
    const keyStart = (map.items[0] as Pair<Node, Node> | undefined)?.key?.range?.[0];
    if (keyStart === undefined) return undefined;
    const indent = ' '.repeat(keyStart - lineStartOf(text, keyStart));
    const at = lineStartOf(text, keyStart);
    return { range: { start: at, end: at }, newText: `${indent}env:\n${indent}  ${entry}\n` };
  }
  const env = envPair.value;
  if (isMap(env) && env.range) {
    if (env.flow) {
      const close = text.lastIndexOf('}', env.range[1]);
      return { range: { start: close, end: close }, newText: env.items.length ? `, ${entry}` : entry };
    }
    const firstKey = (env.items[0] as Pair<Node, Node> | undefined)?.key?.range?.[0];
    if (firstKey === undefined) return undefined;
    const at = lineStartOf(text, firstKey);
    return { range: { start: at, end: at }, newText: `${' '.repeat(firstKey - at)}${entry}\n` };
  }
  return undefined;
}

/** The edits of "Move the value to env:" for a shell `script-injection` diagnostic carrying `data.fix`. */
export function moveToEnvEdits(analysis: PipelineAnalysis, step: Step | undefined, d: Diagnostic): { title: string; edits: TextEdit[] } | undefined {
  const name = d.data?.name;
  const expression = d.data?.expression;
  const reference = d.data?.reference;
  if (!step || d.data?.fix !== 'move-to-env' || typeof name !== 'string' || typeof expression !== 'string' || typeof reference !== 'string') return undefined;
  const env = addEnvEdit(analysis, step, name, `\${{ ${expression} }}`);
  if (!env) return undefined;
  return { title: `Move the value to env: ${name}`, edits: [env, { range: d.range, newText: reference }] };
}
