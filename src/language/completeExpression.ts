// Members after `${{ ` (and in bare `if:` values): roots, then params, env, secrets, matrix axes,
// step ids, and each step's declared outputs — the names the expression context will hold at run time.
import { CI_FIELDS } from '../core/pipeline/ci/ciContext.js';
import { matrixKeysOf } from '../core/pipeline/parse/readSpecs.js';
import type { CompletionEntry } from './complete.js';
import type { CursorLocation } from './locateAt.js';
import type { PipelineAnalysis } from './PipelineAnalysis.js';

/** The roots of the expression context (see ExpressionContext in src/core/pipeline/expressions). */
export const EXPRESSION_ROOTS: ReadonlyArray<{ name: string; doc: string }> = [
  { name: 'params', doc: 'Pipeline parameters (`params:`), filled from the CLI, the editor prompt or defaults.' },
  { name: 'steps', doc: "Other steps: `steps.<id>.outputs.<name>` and `steps.<id>.status`. List the step in `needs` to use its outputs." },
  { name: 'env', doc: "The declared environment: pipeline `env` < job `env` < step `env`, plus the `ANSFLOW_*` variables. Never the host's own variables (they may hold credentials)." },
  { name: 'secrets', doc: 'Named secrets (`secrets:`); values are masked in every output.' },
  { name: 'matrix', doc: "This instance's matrix values." },
  { name: 'run', doc: 'The current run (`run.id`).' },
  { name: 'pipeline', doc: 'The pipeline (`pipeline.status`, `pipeline.name`).' },
  { name: 'jobs', doc: "Job outputs: `jobs.<job>.outputs.<name>`; for a matrix job a map keyed by job instance key (`test[node=20]`). Need the job to read them." },
  { name: 'ci', doc: 'Where the run comes from: `ci.branch`, `ci.commit`, `ci.tag`, `ci.event`, `ci.repository` (CI variables of GitHub Actions or GitLab, else git).' },
  { name: 'services', doc: "This step's (or its job's) services once they run: `services.<name>.host`, `.port` (first declared port) and `.ports['<port>']`; by name from a container step, 127.0.0.1 and the published port from a local one." },
];

/** What each `ci.<field>` holds (see core/pipeline/ci/ciContext.ts); '' when unknown. */
export const CI_FIELD_DOCS: Readonly<Record<(typeof CI_FIELDS)[number], string>> = {
  branch: 'The branch: `GITHUB_HEAD_REF` or `GITHUB_REF_NAME`, `CI_MERGE_REQUEST_SOURCE_BRANCH_NAME` or `CI_COMMIT_BRANCH`, else git\'s current branch.',
  commit: 'The commit SHA: `GITHUB_SHA`, `CI_COMMIT_SHA`, else git\'s `HEAD`.',
  tag: 'The tag being built: `GITHUB_REF_NAME` of a tag ref, `CI_COMMIT_TAG`, else a tag exactly on git\'s `HEAD`.',
  event: 'What started the run: `GITHUB_EVENT_NAME`, `CI_PIPELINE_SOURCE` (`push`, `schedule`, …); `local` outside CI.',
  repository: '`owner/name`: `GITHUB_REPOSITORY`, `CI_PROJECT_PATH`, else the path of git\'s `origin` remote.',
};

/** Status functions usable in `if:` conditions. */
export const EXPRESSION_FUNCTIONS: ReadonlyArray<{ name: string; doc: string }> = [
  { name: 'success()', doc: 'True when every dependency succeeded (the default condition).' },
  { name: 'failure()', doc: 'True when a dependency failed.' },
  { name: 'cancelled()', doc: 'True when the run was cancelled.' },
];

/** Completion inside an expression; `currentStep` is the step the cursor is in, if any. */
export function completeExpression(analysis: PipelineAnalysis, loc: CursorLocation, offset: number, currentStep: string | undefined): CompletionEntry[] {
  const chain = loc.expression?.chain ?? [''];
  const partial = chain[chain.length - 1]!;
  let end = offset;
  while (end < analysis.text.length && /[\w-]/.test(analysis.text[end]!) && end < loc.wordRange.end) end++;
  const range = { start: offset - partial.length, end: Math.max(end, offset) };
  const entry = (label: string, kind: CompletionEntry['kind'], detail?: string, documentation?: string): CompletionEntry => ({ label, kind, detail, documentation, range });
  const p = analysis.parsed.pipeline;
  const step = currentStep !== undefined ? analysis.stepById.get(currentStep) : undefined;
  const [root, a, b] = chain;
  if (chain.length === 1) {
    return [
      ...EXPRESSION_ROOTS.map((r) => entry(r.name, 'variable', undefined, r.doc)),
      ...EXPRESSION_FUNCTIONS.map((f) => ({ ...entry(f.name, 'function', undefined, f.doc), insertText: f.name })),
    ];
  }
  switch (root) {
    case 'params':
      if (chain.length !== 2) return [];
      return p.params.map((x) =>
        entry(x.name, 'variable', x.type + (x.default !== undefined ? ` = ${JSON.stringify(x.default)}` : ''), x.description),
      );
    case 'env': {
      if (chain.length !== 2) return [];
      const names = new Set([...Object.keys(p.env), ...Object.keys(step?.env ?? {})]);
      return [...names].map((n) => entry(n, 'variable', step?.env[n] ?? p.env[n]));
    }
    case 'secrets':
      return chain.length === 2 ? p.secrets.map((s) => entry(s.name, 'variable', 'secret', s.description)) : [];
    case 'matrix': {
      if (chain.length !== 2) return [];
      // A job's own keys (env, outputs) see the job's matrix; a step its own (a job step: the job's).
      const ownJob = !step && loc.path[0] === 'jobs' && loc.path[2] !== 'steps' ? p.jobs?.find((j) => j.name === loc.path[1]) : undefined;
      const m = step?.matrix ?? ownJob?.matrix;
      if (!m) return [];
      // Keys an `include` adds are matrix values too (GitHub Actions' include rule).
      return (step?.matrixKeys ?? matrixKeysOf(m)).map((n) => entry(n, 'variable', m.axes[n] ? m.axes[n].map(String).join(', ') : 'from include'));
    }
    case 'run':
      return chain.length === 2 ? [entry('id', 'variable', 'run id')] : [];
    case 'pipeline':
      return chain.length === 2 ? [entry('status', 'variable'), entry('name', 'variable', p.name)] : [];
    case 'ci':
      return chain.length === 2 ? CI_FIELDS.map((f) => entry(f, 'variable', undefined, CI_FIELD_DOCS[f])) : [];
    case 'steps': {
      if (chain.length === 2) {
        // Steps this one already needs sort first: only their outputs are readable.
        const needed = new Set(step?.needs.map((n) => n.value));
        const out: CompletionEntry[] = [];
        for (const s of analysis.allSteps) {
          if (s.id === currentStep) continue;
          out.push({ label: s.id, kind: 'reference', detail: s.type, documentation: s.name, range, sortText: `${needed.has(s.id) ? 0 : 1}${s.id}` });
        }
        return out;
      }
      if (chain.length === 3) return [entry('outputs', 'property', 'declared outputs'), entry('status', 'property', 'success | failure | skipped | cancelled')];
      const target = a !== undefined ? analysis.stepById.get(a) : undefined;
      if (chain.length === 4 && b === 'outputs' && target) {
        return Object.entries(target.outputs).map(([name, doc]) => entry(name, 'property', `output of ${target.id}`, doc));
      }
      return [];
    }
    case 'jobs':
      return completeJobs(analysis, chain, range);
    default:
      return [];
  }
}

/** `jobs.<job>.outputs.<name>`: jobs with declared outputs, then `outputs`, then their names. */
function completeJobs(analysis: PipelineAnalysis, chain: string[], range: CompletionEntry['range']): CompletionEntry[] {
  const jobs = (analysis.parsed.pipeline.jobs ?? []).filter((j) => Object.keys(j.outputs).length);
  if (chain.length === 2) return jobs.map((j) => ({ label: j.name, kind: 'reference', detail: `outputs: ${Object.keys(j.outputs).join(', ')}`, documentation: j.displayName ?? j.description, range }));
  const job = jobs.find((j) => j.name === chain[1]);
  if (!job) return [];
  if (chain.length === 3) return [{ label: 'outputs', kind: 'property', detail: 'declared outputs', range }];
  if (chain.length !== 4 || chain[2] !== 'outputs') return [];
  // A matrix job's output is a map keyed by job instance key (`test[node=20]`), one value per instance.
  const shape = job.matrix ? 'map: job instance key → value' : 'value';
  return Object.entries(job.outputs).map(([name, expr]) => ({ label: name, kind: 'property', detail: `output of job ${job.name} (${shape})`, documentation: expr, range }));
}
