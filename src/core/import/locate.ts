// Where a draft path landed in the emitted text, so warnings can name a line of the pipeline.
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { DraftPath } from './draft';

/** 1-based line of the key (or item) `path` ends at; the nearest existing parent when it is gone. */
export function lineOf(text: string, path: DraftPath): number {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, logLevel: 'silent' });
  let node: unknown = doc.contents;
  let offset = 0;
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === part);
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number' && node.items[part]) {
      node = node.items[part];
      offset = (node as Node).range?.[0] ?? offset;
    } else break;
  }
  return lineCounter.linePos(offset).line;
}
