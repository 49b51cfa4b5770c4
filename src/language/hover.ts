// Hover text: schema docs (description, default, example) on keys and values; a step summary (type,
// needs, last run) on step ids; what an expression member refers to and its value when known.
import type { TextRange } from '../core/contracts/diagnostics.js';
import type { Step } from '../core/pipeline/model.js';
import { locateAt, type PathSegment } from './locateAt.js';
import { canonicalStepPath } from './jobPaths.js';
import { defaultOf, describe, exampleOf, typesOf, type SchemaNavigator } from './SchemaNavigator.js';
import { stepAt, type PipelineAnalysis } from './PipelineAnalysis.js';
import type { WorkspaceIndex } from './WorkspaceIndex.js';
import { CI_FIELD_DOCS, EXPRESSION_FUNCTIONS, EXPRESSION_ROOTS } from './completeExpression.js';
import { stepTypes } from './snippets.js';
import { scriptValueNote } from './scriptValueNote.js';
import { rawValueNote } from './rawValueNote.js';

/** Markdown hover content and the range it applies to. */
export interface HoverResult {
  markdown: string;
  range: TextRange;
}

const STEP_CONTAINERS = new Set(['steps', 'finally']);

/** Hover at `offset`, or undefined when there is nothing to say. */
export function hover(analysis: PipelineAnalysis, nav: SchemaNavigator, offset: number, workspace: WorkspaceIndex = {}): HoverResult | undefined {
  const at = locateAt(analysis.text, offset);
  const loc = { ...at, path: canonicalStepPath(at.path) };
  if (loc.kind === 'comment' || loc.word === '') return undefined;
  const path = loc.path;
  const range = loc.wordRange;
  if (loc.kind === 'expression') return hoverExpression(analysis, offset, range, loc.word, workspace);
  if (loc.kind === 'key') {
    if (path.length === 1 && STEP_CONTAINERS.has(String(path[0])) && loc.key) {
      const step = analysis.stepById.get(loc.key);
      return step ? { markdown: stepSummary(analysis, step, workspace), range: loc.keyRange! } : undefined;
    }
    if (!loc.key) return undefined;
    const md = schemaDoc(nav, analysis, [...path, loc.key], loc.key);
    return md ? { markdown: md, range: loc.keyRange! } : undefined;
  }
  // Values: references first (needs → step, uses → template), then the schema of the key.
  const key = typeof path[path.length - 1] === 'number' ? path[path.length - 2] : path[path.length - 1];
  const inStep = path.length >= 3 && STEP_CONTAINERS.has(String(path[0]));
  if (inStep && key === 'needs') {
    const step = analysis.stepById.get(loc.word);
    return step ? { markdown: stepSummary(analysis, step, workspace), range } : undefined;
  }
  if (inStep && key === 'uses') {
    const t = analysis.templateByName.get(loc.word);
    if (t) return { markdown: `**template** \`${t.name}\`${t.type ? ` — type \`${t.type}\`` : ''}${t.file ? `\n\nfrom \`${t.file}\`` : ''}`, range };
  }
  if (inStep && key === 'type' && path.length === 3) {
    const t = stepTypes(nav, path[0] as 'steps').find((x) => x.type === loc.word);
    if (t) return { markdown: `**step type** \`${t.type}\`${t.description ? `\n\n${t.description}` : ''}`, range };
  }
  const md = typeof key === 'string' ? schemaDoc(nav, analysis, path, key) : undefined;
  return md ? { markdown: md, range } : undefined;
}

function schemaDoc(nav: SchemaNavigator, analysis: PipelineAnalysis, path: PathSegment[], key: string): string | undefined {
  const stepId = path.length >= 2 && STEP_CONTAINERS.has(String(path[0])) ? String(path[1]) : undefined;
  const type = stepId !== undefined ? analysis.stepById.get(stepId)?.type : undefined;
  const schemas = nav.schemasAt(path, (p) => (p.length === 2 && type ? new Map([['type', type]]) : undefined));
  if (schemas.length === 0) return undefined;
  const parts = [`**${key}**${typesOf(schemas).length ? ` \`${typesOf(schemas).join(' | ')}\`` : ''}`];
  const doc = describe(schemas);
  if (doc) parts.push(doc);
  const def = defaultOf(schemas);
  if (def !== undefined) parts.push(`Default: \`${JSON.stringify(def)}\``);
  const values = nav.valuesAt(path);
  if (values.length > 0 && values.length <= 12) parts.push(`Allowed: ${values.map((v) => `\`${String(v)}\``).join(', ')}`);
  const ex = exampleOf(schemas);
  if (ex !== undefined) parts.push('Example:\n```yaml\n' + `${key}: ${typeof ex === 'object' ? JSON.stringify(ex) : String(ex)}` + '\n```');
  return parts.join('\n\n');
}

/** The markdown summary of a step: type, name, needs, dependants and its last run. */
export function stepSummary(analysis: PipelineAnalysis, step: Step, workspace: WorkspaceIndex): string {
  const lines = [`**step** \`${step.id}\`${step.type ? ` — \`${step.type}\`` : ''}${step.isFinally ? ' (finally)' : ''}`];
  if (step.name) lines.push(step.name);
  if (step.uses) lines.push(`uses template \`${step.uses.value}\``);
  lines.push(step.needs.length ? `needs: ${step.needs.map((n) => `\`${n.value}\``).join(', ')}` : 'needs: nothing (starts first)');
  const dependants = analysis.allSteps.filter((s) => s.needs.some((n) => n.value === step.id)).map((s) => `\`${s.id}\``);
  if (dependants.length) lines.push(`needed by: ${dependants.join(', ')}`);
  const outputs = Object.keys(step.outputs);
  if (outputs.length) lines.push(`outputs: ${outputs.map((o) => `\`${o}\``).join(', ')}`);
  const run = analysis.file ? workspace.lastRun?.(analysis.file, step.id) : undefined;
  lines.push(run ? `last run: **${run.status}**${run.durationMs !== undefined ? ` in ${formatMs(run.durationMs)}` : ''}${run.at ? ` (${run.at})` : ''}` : 'last run: none recorded');
  return lines.join('\n\n');
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function hoverExpression(analysis: PipelineAnalysis, offset: number, wordRange: TextRange, word: string, workspace: WorkspaceIndex): HoverResult | undefined {
  // Which dotted segment is under the cursor: `steps.build.outputs.image` hovered on `build` → 2 segments.
  const segments = word.replace(/^\$+/, '').split('.');
  let start = wordRange.start + (word.length - word.replace(/^\$+/, '').length);
  let upto = segments.length;
  for (let i = 0, at = start; i < segments.length; i++) {
    const end = at + segments[i]!.length;
    if (offset <= end) {
      upto = i + 1;
      break;
    }
    at = end + 1;
  }
  const chain = segments.slice(0, upto);
  const range = { start, end: start + chain.join('.').length };
  start = range.start;
  const p = analysis.parsed.pipeline;
  const [root, a, b, c] = chain;
  const current = stepAt(analysis, offset);
  const md = ((): string | undefined => {
    if (chain.length === 1) {
      const r = EXPRESSION_ROOTS.find((x) => x.name === root) ?? EXPRESSION_FUNCTIONS.find((f) => f.name.startsWith(`${root}(`));
      return r ? `**${r.name}**\n\n${r.doc}` : undefined;
    }
    switch (root) {
      case 'params': {
        const x = analysis.paramByName.get(a!);
        if (!x) return `Unknown parameter \`${a}\``;
        return [`**param** \`${x.name}\` \`${x.type}\`${x.required ? ' (required)' : ''}`, x.description, x.default !== undefined ? `Value: \`${JSON.stringify(x.default)}\` (default)` : 'Value: given at run time']
          .filter(Boolean)
          .join('\n\n');
      }
      case 'env': {
        const v = current?.env[a!] ?? p.env[a!];
        return `**env** \`${a}\`\n\n${v !== undefined ? `Value: \`${v}\`` : /^ANSFLOW_/.test(a!) ? 'Set by the runner' : 'Not declared in `env:` here: reads as empty (the host environment is not readable from expressions)'}`;
      }
      case 'ci': {
        const doc = CI_FIELD_DOCS[a as keyof typeof CI_FIELD_DOCS];
        return doc ? `**ci** \`${a}\`\n\n${doc}` : `Unknown \`ci\` field \`${a}\``;
      }
      case 'jobs': {
        const job = p.jobs?.find((j) => j.name === a);
        if (!job) return `Unknown job \`${a}\``;
        const shape = job.matrix ? 'a map keyed by job instance key (`' + a + '[…]`), one value per instance' : 'one value';
        if (b === 'outputs' && c !== undefined) return job.outputs[c] !== undefined ? `**output** \`${c}\` of job \`${job.name}\`: ${shape}\n\n\`${job.outputs[c]}\`` : `Job \`${job.name}\` declares no output \`${c}\``;
        return `**job** \`${job.name}\`: ${job.steps.length} step(s)\n\nOutputs: ${Object.keys(job.outputs).map((o) => `\`${o}\``).join(', ') || 'none declared'} (${shape})`;
      }
      case 'secrets':
        return `**secret** \`${a}\`\n\nValue hidden; masked in every output.`;
      case 'matrix':
        if (current?.matrix?.axes[a!]) return `**matrix** \`${a}\`\n\nValues: ${current.matrix.axes[a!]!.map((v) => `\`${String(v)}\``).join(', ')}`;
        // A key only an `include` entry adds: set on the combinations that entry fits, else empty.
        return current?.matrixKeys?.includes(a!) ? `**matrix** \`${a}\`\n\nFrom \`include\`: set on the combinations an entry adds it to, empty on the others.` : undefined;
      case 'steps': {
        const step = analysis.stepById.get(a!);
        if (!step) return `Unknown step \`${a}\``;
        if (chain.length === 2) return stepSummary(analysis, step, workspace);
        const run = analysis.file ? workspace.lastRun?.(analysis.file, step.id) : undefined;
        if (b === 'status') return `**status** of \`${step.id}\`\n\n${run ? `Last run: \`${run.status}\`` : 'No run recorded'}`;
        if (b === 'outputs' && c !== undefined) {
          const doc = step.outputs[c];
          const value = run?.outputs?.[c];
          return [`**output** \`${c}\` of step \`${step.id}\``, doc, value !== undefined ? `Last run value: \`${value}\`` : undefined]
            .filter(Boolean)
            .join('\n\n');
        }
        return `**outputs** of \`${step.id}\`: ${Object.keys(step.outputs).map((o) => `\`${o}\``).join(', ') || 'none declared'}`;
      }
      default:
        return undefined;
    }
  })();
  // Inside a script or a tool step's self-substituted key, also say how the value gets there (or why it cannot).
  const note = scriptValueNote(current, offset) ?? rawValueNote(current, offset);
  const text = [md, note].filter(Boolean).join('\n\n---\n\n');
  return text ? { markdown: text, range } : undefined;
}
