import { Document, isMap, isScalar, isSeq, Scalar, type Node, type Pair } from 'yaml';
import type { DraftComment, DraftPath, ImportDraft } from './draft';

// Turns a draft into pipeline text that reads as if written by hand: block style, multi-line
// scripts as literal blocks, no line folding, and each comment above (or beside) what it explains.

/** The pair a path ends at, or undefined when the path does not exist in the document. */
function pairAt(doc: Document, path: DraftPath): Pair<unknown, unknown> | undefined {
  let node: unknown = doc.contents;
  let pair: Pair<unknown, unknown> | undefined;
  for (const part of path) {
    if (isMap(node)) {
      pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === part);
      node = pair?.value;
    } else if (isSeq(node) && typeof part === 'number') {
      pair = undefined;
      node = node.items[part];
    } else {
      return undefined;
    }
    if (node === undefined) return undefined;
  }
  return pair;
}

function nodeAt(doc: Document, path: DraftPath): Node | undefined {
  const found = path.length === 0 ? doc.contents : doc.getIn(path, true);
  return found && typeof found === 'object' ? (found as Node) : undefined;
}

function asCommentText(text: string): string {
  // yaml prefixes each line with '#'; a leading space keeps '# text' readable.
  return text
    .split('\n')
    .map((line) => (line.length > 0 ? ` ${line}` : ''))
    .join('\n');
}

function attach(doc: Document, comment: DraftComment): boolean {
  const text = asCommentText(comment.text);
  if (comment.path.length === 0) {
    doc.commentBefore = doc.commentBefore ? `${doc.commentBefore}\n${text}` : text;
    return true;
  }
  const pair = pairAt(doc, comment.path);
  if (comment.placement === 'inline') {
    const value = nodeAt(doc, comment.path);
    if (!value) return false;
    value.comment = value.comment ? `${value.comment}\n${text}` : text;
    return true;
  }
  if (pair) {
    if (!isScalar(pair.key)) pair.key = new Scalar(pair.key);
    const key = pair.key as Scalar;
    key.commentBefore = key.commentBefore ? `${key.commentBefore}\n${text}` : text;
    return true;
  }
  const item = nodeAt(doc, comment.path);
  if (!item) return false;
  item.commentBefore = item.commentBefore ? `${item.commentBefore}\n${text}` : text;
  return true;
}

export interface EmitResult {
  text: string;
  /** Comments whose path is not in the pipeline (a converter bug); the tests assert none. */
  unplaced: DraftComment[];
}

const FLOW_WIDTH = 72;

/** Short lists of scalars and small maps inside lists read better on one line, as people write them. */
function flowShortCollections(node: unknown, inSeq: boolean): void {
  if (isSeq(node)) {
    for (const item of node.items) flowShortCollections(item, true);
    const scalars = node.items.every((i) => isScalar(i) && !String(i.value).includes('\n'));
    if (scalars && node.items.length > 0 && JSON.stringify(node.toJSON()).length <= FLOW_WIDTH) node.flow = true;
    return;
  }
  if (isMap(node)) {
    for (const pair of node.items) flowShortCollections(pair.value, false);
    const scalars = node.items.every((p) => isScalar(p.value) && !String(p.value.value).includes('\n'));
    if (inSeq && scalars && JSON.stringify(node.toJSON()).length <= FLOW_WIDTH) node.flow = true;
  }
}

/** `NAME: { from: env, required: false }`: each secret on one line, as the format's examples write them. */
function flowSecrets(doc: Document): void {
  const secrets = doc.get('secrets', true);
  if (!isMap(secrets)) return;
  for (const pair of secrets.items) if (isMap(pair.value) && pair.value.items.every((p) => isScalar(p.value))) pair.value.flow = true;
}

export function emitDraft(draft: ImportDraft): EmitResult {
  const doc = new Document(draft.pipeline);
  flowShortCollections(doc.contents, false);
  flowSecrets(doc);
  const unplaced = draft.comments.filter((c) => !attach(doc, c));
  const text = doc.toString({ lineWidth: 0, blockQuote: 'literal', indentSeq: true, flowCollectionPadding: false });
  return { text, unplaced };
}
