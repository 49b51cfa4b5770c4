// An editor's next document from its previous one, when a keystroke changed the text of one entry of a
// top-level block map (a step under `steps:`, most often) or of a job's `steps:` map under `jobs:`.
// Composing a 2,000-step pipeline whole was the largest part of an incremental analysis; here only the
// edited entry's lines are composed, and the nodes after it are moved by the length difference (in
// every map around it too). The same holds at any depth: a nested entry's lines end at the next key
// line, its own map's next entry or a map's around it, which is what it is composed to look at.
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

/** A block map with entries, the kind recompose reads into. */
function blockMap(n: unknown): YAMLMap | undefined {
  return isMap(n) && !n.flow && n.items.length ? (n as YAMLMap) : undefined;
}

// How deep an edited entry is looked for: a step under `steps:` (or any entry of a top-level map) is at
// depth 2, a job's step under `jobs: <job>: steps:` at depth 4.
const depthIn = (section: Pair): number => ((section.key as Scalar).value === 'jobs' ? 4 : 2);

/**
 * The document of `text` built from `prev` when `text` differs from `prev.text` inside one entry of a
 * block map, looked for from the top level down (see the file comment; the deepest entry whose lines
 * hold the whole edit, down to a step: {@link depthIn}); undefined otherwise.
 *
 * The nodes after the edit are `prev.doc`'s own, moved in place: `prev.doc` no longer describes
 * `prev.text` afterwards (its root and the maps around the edited entry are new objects, so it keeps its
 * shape, not its offsets). Callers hand out only the newest document of a text they own (StepCache's reuseDocument).
 */
export function recompose(prev: Composed, text: string, edit: TextEdit = textEdit(prev.text, text)): AliasFreeDocument | undefined {
  const root = prev.doc.contents;
  if (!isMap(root) || root.flow) return undefined;
  if (edit.start === prev.text.length && edit.delta === 0) return aliasFreeDocument(root, text.length);
  // The maps from the root down to the edited entry's, with the index of the entry taken in each.
  const rootItems = root.items as Pair[];
  const top = itemAt(rootItems, edit.start);
  if (!rootItems[top] || !blockMap(rootItems[top]!.value)) return undefined;
  const path: Array<{ map: YAMLMap; index: number }> = [{ map: root, index: top }];
  const maxDepth = depthIn(rootItems[top]!);
  // The key after the entry at each level: the next sibling, else the one after the enclosing entry.
  let after = rootItems[top + 1];
  let map = rootItems[top]!.value as YAMLMap;
  let found: { at: number; nextAt: number | undefined; keyStart: number } | undefined;
  for (;;) {
    const items = map.items as Pair[];
    const j = itemAt(items, edit.start);
    const entry = items[j];
    if (!entry) break;
    const next = items[j + 1] ?? after;
    // The entry's lines run to the next key's line (this map's next entry, or the next key of a map around it).
    const keyStart = (entry.key as Node).range![0];
    const at = lineStart(prev.text, keyStart);
    const nextAt = next ? lineStart(prev.text, (next.key as Node).range![0]) : undefined;
    // The edit starts on or after the entry's line and leaves the line break before that next line.
    if (edit.start < at || (nextAt !== undefined && edit.oldEnd > nextAt - 1)) break;
    path.push({ map, index: j });
    found = { at, nextAt, keyStart };
    const inner = blockMap(entry.value);
    if (!inner || path.length >= maxDepth) break;
    after = next;
    map = inner;
  }
  if (!found) return undefined;
  const { at, nextAt, keyStart } = found;
  const composed = composeEntry(text, at, nextAt === undefined ? undefined : nextAt + edit.delta, keyStart - at);
  if (!composed) return undefined;

  // From the edited entry up: the entries after it at each level move, each map on the path is new.
  const d = edit.delta;
  let replacement: Pair = composed;
  for (let level = path.length - 1; level >= 0; level--) {
    const { map: m, index } = path[level]!;
    const items = m.items as Pair[];
    for (let k = index + 1; k < items.length; k++) shiftPair(items[k]!, d);
    const rebuilt = new YAMLMap();
    rebuilt.items = [...items.slice(0, index), replacement, ...items.slice(index + 1)];
    rebuilt.range = [m.range![0], ...endOf(rebuilt.items)];
    if (level === 0) return aliasFreeDocument(rebuilt, text.length);
    // The entry holding this map, in the map above: its key is before the edit and keeps its place.
    const above = path[level - 1]!;
    replacement = new Pair((above.map.items as Pair[])[above.index]!.key, rebuilt);
  }
  return undefined;
}
