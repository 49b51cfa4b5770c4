import { isMap, isScalar, isSeq } from 'yaml';

// The comment above each entry of a YAML map (by key) or list (by index), without the one space
// after `#`. The yaml library files a comment above a collection's first entry under the
// collection itself, and one above a list item that is a map under that map's first key: both are
// read back here as the entry's.

type Commented = { commentBefore?: string | null };

function entryComment(node: unknown): string | undefined {
  const n = node as Commented | undefined;
  if (n?.commentBefore) return n.commentBefore;
  return isMap(node) ? ((node.items[0]?.key as Commented | undefined)?.commentBefore ?? undefined) : undefined;
}

export function stripCommentSpace(comment: string): string {
  return comment.replace(/^ /gm, '');
}

export function entryComments(collection: unknown): Map<string | number, string> {
  const out = new Map<string | number, string>();
  const add = (at: string | number, comment: string | null | undefined) => {
    if (comment) out.set(at, stripCommentSpace(comment));
  };
  const first = (collection as Commented | undefined)?.commentBefore;
  if (isMap(collection)) {
    collection.items.forEach((pair, i) => {
      if (isScalar(pair.key)) add(String(pair.key.value), (pair.key.commentBefore ?? undefined) || (i === 0 ? first : undefined));
    });
  } else if (isSeq(collection)) {
    collection.items.forEach((item, i) => add(i, entryComment(item) || (i === 0 ? first : undefined)));
  }
  return out;
}
