// Reading the workflow as YAML: the plain value, the exact text of a node (a placeholder quotes
// it), and the comments people wrote above jobs and steps (kept in the pipeline).
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { ImportError } from '../draft';
import { entryComments, stripCommentSpace } from '../shared/entryComments';

export interface SourceDoc {
  value: unknown;
  doc: Document.Parsed;
  text: string;
}

export function readSource(text: string): { ok: true; source: SourceDoc } | { ok: false; errors: ImportError[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, logLevel: 'silent', uniqueKeys: false, merge: true });
  if (doc.errors.length) {
    return { ok: false, errors: doc.errors.slice(0, 5).map((e) => ({ line: lineCounter.linePos(e.pos[0]).line, message: e.message.split('\n')[0]! })) };
  }
  try {
    return { ok: true, source: { value: doc.toJS({ maxAliasCount: 10_000 }), doc, text } };
  } catch (e) {
    return { ok: false, errors: [{ message: `the YAML cannot be read: ${(e as Error).message}` }] };
  }
}

/** The source text of the node at `path`, dedented (empty when not found). */
export function nodeText(source: SourceDoc, path: (string | number)[]): string {
  const node = source.doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
  if (!node?.range) return '';
  const lineStart = source.text.lastIndexOf('\n', node.range[0] - 1) + 1;
  const raw = source.text.slice(lineStart, node.range[1]).replace(/\s+$/, '');
  const first = source.text.slice(lineStart, node.range[0]);
  const rawLines = raw.split('\n');
  // A sequence item starts after '- ': treat that as indentation.
  rawLines[0] = ' '.repeat(first.length) + rawLines[0]!.slice(first.length);
  const indent = Math.min(...rawLines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return rawLines.map((l) => l.slice(indent)).join('\n');
}

/** Comments above each job (by id), each step (by job id and index), and at the top of the file. */
export function sourceComments(source: SourceDoc): { top?: string; jobs: Map<string, string>; steps: Map<string, Map<number, string>> } {
  const jobs = new Map<string, string>();
  const steps = new Map<string, Map<number, string>>();
  const root = source.doc.contents;
  let top = source.doc.commentBefore ?? undefined;
  if (isMap(root)) {
    const firstKey = root.items[0]?.key as { commentBefore?: string | null } | undefined;
    if (firstKey?.commentBefore) top = top ? `${top}\n${firstKey.commentBefore}` : firstKey.commentBefore;
    const jobsPair = root.items.find((p) => (p.key as { value?: unknown })?.value === 'jobs');
    if (jobsPair && isMap(jobsPair.value)) {
      const jobComments = entryComments(jobsPair.value);
      for (const pair of jobsPair.value.items) {
        const id = String((pair.key as { value?: unknown })?.value);
        const c = jobComments.get(id);
        if (c) jobs.set(id, c);
        const stepsPair = isMap(pair.value) ? pair.value.items.find((p) => (p.key as { value?: unknown })?.value === 'steps') : undefined;
        if (stepsPair && isSeq(stepsPair.value)) steps.set(id, entryComments(stepsPair.value) as Map<number, string>);
      }
    }
  }
  return { ...(top ? { top: stripCommentSpace(top) } : {}), jobs, steps };
}
