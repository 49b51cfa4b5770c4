// An editor's next document from its previous one, when a keystroke changed the text of one entry of a
// top-level block map (a step under `steps:`, most often). Composing a 2,000-step pipeline whole was the
// largest part of an incremental analysis; here only the edited entry's lines are composed, and the nodes
// after it are moved by the length difference.
// Why the result equals fastCompose of the whole new text: fastCompose reads block maps entry by entry,
// and an entry's nodes depend only on its own lines plus a look at the next content line (where a map,
// a block scalar or an empty value ends). The edited entry is composed from its lines with the next
// entry's key line to look at (composeEntry), the text before it is unchanged and the text after it is
// unchanged but moved, so both compose as before with moved offsets. Anything else (an edit across
// entries, at the top level, or lines that no longer form exactly one entry
// at the same indent) returns undefined and the caller composes the whole text.
import { Pair, Scalar, YAMLMap, isMap, type Node, type YAMLSeq } from 'yaml';
import { aliasFreeDocument, type AliasFreeDocument } from './aliasFreeDocument.js';
import { composeEntry } from './fastCompose.js';

/** A text and the document composed from it. */
export interface Composed {
  text: string;
  doc: AliasFreeDocument;
}

/** One edit between two texts: `[start, oldEnd)` of the old text became `[start, start + oldEnd - start + delta)`. */
export interface TextEdit {
  start: number;
  oldEnd: number;
  delta: number;
}

const CHUNK = 4096;

/** The smallest single edit turning `a` into `b` (common prefix and suffix, compared a chunk at a time). */
export function textEdit(a: string, b: string): TextEdit {
  const min = Math.min(a.length, b.length);
  let p = 0;
  while (p + CHUNK <= min && a.slice(p, p + CHUNK) === b.slice(p, p + CHUNK)) p += CHUNK;
  while (p < min && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  let s = 0;
  const maxS = min - p;
  while (s + CHUNK <= maxS && a.slice(a.length - s - CHUNK, a.length - s) === b.slice(b.length - s - CHUNK, b.length - s)) s += CHUNK;
  while (s < maxS && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  return { start: p, oldEnd: a.length - s, delta: b.length - a.length };
}

/** Moves every range under `n` (a node of a fastCompose document: scalar, map or sequence) by `d`, in place. */
function shift(n: Node, d: number): void {
  const r = n.range!;
  r[0] += d;
  r[1] += d;
  r[2] += d;
  // instanceof rather than isScalar/isMap: fastCompose builds these classes, and this runs for every node after the edit.
  if (n instanceof Scalar) return;
  if (n instanceof YAMLMap) {
    for (const p of n.items as Pair[]) shiftPair(p, d);
  } else for (const item of (n as YAMLSeq<Node>).items) shift(item, d);
}

function shiftPair(p: Pair, d: number): void {
  shift(p.key as Node, d);
  shift(p.value as Node, d);
}

/** A block map ends where its last value's node ends (fastCompose's blockMap). */
function endOf(items: readonly unknown[]): [number, number] {
  const end = ((items[items.length - 1] as Pair).value as Node).range![2];
  return [end, end];
}

const lineStart = (text: string, at: number): number => text.lastIndexOf('\n', at - 1) + 1;

/** Index of the last item of `items` whose key starts at or before `at` (items in source order). */
function itemAt(items: readonly Pair[], at: number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const start = (items[mid]!.key as Node).range![0];
    if (start <= at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * The document of `text` built from `prev` when `text` differs from `prev.text` inside one entry of a
 * top-level block map (see the file comment); undefined otherwise.
 *
 * The nodes after the edit are `prev.doc`'s own, moved in place: `prev.doc` no longer describes
 * `prev.text` afterwards (its root and the edited map are new objects, so it keeps its shape, not its
 * offsets). Callers hand out only the newest document of a text they own (StepCache's reuseDocument).
 */
export function recompose(prev: Composed, text: string, edit: TextEdit = textEdit(prev.text, text)): AliasFreeDocument | undefined {
  const root = prev.doc.contents;
  if (!isMap(root) || root.flow) return undefined;
  if (edit.start === prev.text.length && edit.delta === 0) return aliasFreeDocument(root, text.length);
  const rootItems = root.items as Pair[];
  const i = itemAt(rootItems, edit.start);
  const section = rootItems[i];
  const map = section?.value;
  if (!section || !isMap(map) || map.flow || !map.items.length) return undefined;
  const items = map.items as Pair[];
  const j = itemAt(items, edit.start);
  const entry = items[j];
  if (!entry) return undefined;
  // The entry's lines run to the next entry's key line, or (the map's last entry) to the next top-level
  // key's line or the end of the text.
  const after = items[j + 1] ?? rootItems[i + 1];
  const keyStart = (entry.key as Node).range![0];
  const at = lineStart(prev.text, keyStart);
  const nextAt = after ? lineStart(prev.text, (after.key as Node).range![0]) : undefined;
  // The edit starts on or after the entry's line and leaves the line break before that next line.
  if (edit.start < at || (nextAt !== undefined && edit.oldEnd > nextAt - 1)) return undefined;
  const composed = composeEntry(text, at, nextAt === undefined ? undefined : nextAt + edit.delta, keyStart - at);
  if (!composed) return undefined;

  const d = edit.delta;
  for (let k = j + 1; k < items.length; k++) shiftPair(items[k]!, d);
  for (let k = i + 1; k < rootItems.length; k++) shiftPair(rootItems[k]!, d);
  const newMap = new YAMLMap();
  newMap.items = [...items.slice(0, j), composed, ...items.slice(j + 1)];
  newMap.range = [map.range![0], ...endOf(newMap.items)];
  const newRoot = new YAMLMap();
  newRoot.items = [...rootItems.slice(0, i), new Pair(section.key, newMap), ...rootItems.slice(i + 1)];
  newRoot.range = [root.range![0], ...endOf(newRoot.items)];
  return aliasFreeDocument(newRoot, text.length);
}
