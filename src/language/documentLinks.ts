// Links from path-valued `with` keys (playbook, inventory, manifest, chart, values, Dockerfile, script …)
// and `include` entries to the files they name, plus a `file-not-found` warning for each missing one.
import { dirname, isAbsolute, resolve } from 'node:path';
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { Diagnostic, TextRange } from '../core/contracts/diagnostics.js';
import { isCheckablePath, pathKindOf, typeHasPaths, type PathKind } from './fileReferences.js';
import { unquoted, type PipelineAnalysis } from './PipelineAnalysis.js';
import type { WorkspaceIndex } from './WorkspaceIndex.js';

/** A link from a range of the text to an absolute path. */
export interface DocumentLink {
  range: TextRange;
  target: string;
  /** The `with` key (or `include`) it came from. */
  key: string;
  stepId?: string;
  /** What the key names: a file, a folder, or either. */
  kind?: PathKind;
}

function scalarsOf(node: Node | null | undefined): Array<{ value: string; range: TextRange }> {
  if (!node) return [];
  if (isScalar(node) && typeof node.value === 'string' && node.range) return [{ value: node.value, range: { start: node.range[0], end: node.range[1] } }];
  if (isSeq(node)) return node.items.flatMap((i) => scalarsOf(i as Node));
  return [];
}

/** Every file reference in the pipeline, resolved against the pipeline's folder (or the step's working directory). */
export function documentLinks(analysis: PipelineAnalysis): DocumentLink[] {
  const doc = analysis.parsed.document;
  if (!doc || !analysis.file) return [];
  const base = dirname(analysis.file);
  const links: DocumentLink[] = [];
  const text = analysis.text;
  // One pass over each steps map (getIn per step would be quadratic on big pipelines), made only when
  // some step's type has path keys.
  let bodies: Map<string, Node> | undefined;
  const collect = (prefix: string, map: unknown): void => {
    if (!map || !isMap(map)) return;
    for (const pair of map.items) if (isScalar(pair.key)) bodies!.set(`${prefix}:${String(pair.key.value)}`, pair.value as Node);
  };
  const readBodies = (): Map<string, Node> => {
    bodies = new Map();
    for (const section of ['steps', 'finally']) collect(section, doc.get(section, true));
    // A job's steps: `jobs.<job>.steps.<id>`.
    const jobs = doc.get('jobs', true);
    if (isMap(jobs)) for (const job of jobs.items) if (isScalar(job.key) && isMap(job.value)) collect(`job ${String(job.key.value)}`, job.value.get('steps', true));
    return bodies;
  };
  for (const step of analysis.allSteps) {
    // Most steps (shell, python, …) name no file: no lookup of their node.
    if (step.origin?.file || !step.type || !typeHasPaths(step.type)) continue;
    const body = (bodies ?? readBodies()).get(`${step.job !== undefined ? `job ${step.job}` : step.isFinally ? 'finally' : 'steps'}:${step.id}`);
    const withNode = body && isMap(body) ? (body.get('with', true) as Node | undefined) : undefined;
    if (!withNode || !isMap(withNode)) continue;
    const folder = step.workingDirectory && !step.workingDirectory.includes('${{') ? resolve(base, step.workingDirectory) : base;
    for (const pair of withNode.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      const spec = key ? pathKindOf(key, [], step.type) : undefined;
      if (!key || !spec) continue;
      for (const s of scalarsOf(pair.value as Node)) {
        if (!isCheckablePath(key, s.value)) continue;
        links.push({ range: unquoted(text, s.range), target: isAbsolute(s.value) ? s.value : resolve(folder, s.value), key, stepId: step.id, kind: spec.kind });
      }
    }
  }
  for (const inc of analysis.parsed.pipeline.includes) {
    if (isCheckablePath('include', inc.path)) links.push({ range: unquoted(text, inc.range), target: resolve(base, inc.path), key: 'include' });
  }
  return links;
}

/**
 * Paths the pipeline itself produces (artifacts, cache outputs, `dest` of file steps): a reference to
 * one of them, or to a folder around or inside one, is not missing — an earlier step writes it.
 */
export function producedPaths(analysis: PipelineAnalysis): string[] {
  if (!analysis.file) return [];
  const base = dirname(analysis.file);
  const out: string[] = [];
  for (const s of analysis.allSteps) {
    const folder = s.workingDirectory && !s.workingDirectory.includes('${{') ? resolve(base, s.workingDirectory) : base;
    const dest = s.with.dest;
    for (const p of [...s.artifacts, ...(s.cache?.generates ?? []), ...(typeof dest === 'string' ? [dest] : [])]) {
      const literal = p.split('${{')[0]!.replace(/[*?[{].*$/, '').replace(/\/+$/, '');
      if (literal) out.push(resolve(folder, literal));
    }
  }
  return out;
}

function isProduced(target: string, produced: string[]): boolean {
  return produced.some((p) => p === target || p.startsWith(`${target}/`) || target.startsWith(`${p}/`));
}

/** `file-not-found` warnings for links whose target does not exist (includes are the core's job). */
export function missingFileDiagnostics(links: DocumentLink[], workspace: WorkspaceIndex, produced: string[] = []): Diagnostic[] {
  if (!workspace.exists) return [];
  return links
    .filter((l) => l.key !== 'include' && !isProduced(l.target, produced) && !workspace.exists!(l.target))
    .map((l) => ({
      severity: 'warning' as const,
      code: 'file-not-found' as const,
      message: `${l.key}: '${l.target}' does not exist`,
      range: l.range,
      data: { path: l.target, key: l.key, stepId: l.stepId, kind: l.kind },
    }));
}
