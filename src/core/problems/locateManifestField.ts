// Finds a Kubernetes object (by kind and, when known, name) in a multi-document manifest and the
// deepest node of a field path inside it, so validation errors point at the offending line.
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';

/** Where a field (or its nearest existing ancestor) sits in a manifest file; 1-based. */
export interface ManifestLocation {
  line: number;
  column: number;
  /** True when the full field path was found; false when an ancestor (or the object) stands in for it. */
  exact: boolean;
}

/** Splits `spec.template.spec.containers[0].image` into keys and indexes. */
export function splitFieldPath(path: string): Array<string | number> {
  const parts: Array<string | number> = [];
  for (const seg of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(seg);
    if (!m) {
      parts.push(seg);
      continue;
    }
    if (m[1]) parts.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) parts.push(Number(idx[1]));
  }
  return parts;
}

/** Locates `kind`/`name` and then `fieldPath` within `text`; undefined when no document has that kind. */
export function locateManifestField(text: string, kind: string, name: string | undefined, fieldPath: string | undefined): ManifestLocation | undefined {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc });
  if (!Array.isArray(docs)) return undefined;
  const wantKind = kind.split('.')[0].toLowerCase();
  for (const doc of docs) {
    const root = doc.contents;
    if (!isMap(root)) continue;
    const k: unknown = root.toJSON()?.kind;
    if (typeof k !== 'string' || k.toLowerCase() !== wantKind) continue;
    const metaName = doc.getIn(['metadata', 'name']);
    if (name && metaName !== name) continue;
    let node: Node = root;
    let keyNode: Node | undefined;
    let exact = true;
    for (const part of fieldPath ? splitFieldPath(fieldPath) : []) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part));
        if (!pair) {
          exact = false;
          break;
        }
        keyNode = pair.key as Node;
        if (!pair.value || !(isMap(pair.value) || isSeq(pair.value) || isScalar(pair.value))) break;
        node = pair.value as Node;
      } else if (isSeq(node) && typeof part === 'number' && node.items[part]) {
        const item = node.items[part] as Node;
        keyNode = item;
        node = item;
      } else {
        exact = false;
        break;
      }
    }
    const at = keyNode?.range?.[0] ?? (root.items.find((p) => isScalar(p.key) && p.key.value === 'kind')?.key as Node | undefined)?.range?.[0] ?? root.range?.[0] ?? 0;
    const pos = lc.linePos(at);
    return { line: pos.line, column: pos.col, exact };
  }
  return undefined;
}
