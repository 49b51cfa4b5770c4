// Kubernetes objects in a YAML text, with the yaml Document API's node ranges kept so every finding
// points at an exact line and column: multi-document files, `List` items, and the pod spec of every
// pod-bearing kind.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Node, type Pair, type YAMLMap } from 'yaml';

/** One Kubernetes object: a document, or an item of a `List`. */
export interface ManifestObject {
  kind: string;
  apiVersion: string;
  map: YAMLMap;
  /** 0-based offset where the object starts (its first key, or the `- ` of a List item). */
  start: number;
  end: number;
}

/** A pod spec inside an object, with the kind that carries it. */
export interface PodSpecRef {
  object: ManifestObject;
  spec: YAMLMap;
}

export interface ParsedManifest {
  text: string;
  lines: LineCounter;
  objects: ManifestObject[];
}

/** The value node under `key` in a map, or undefined. */
export function child(node: unknown, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  const p = pairOf(node, key);
  return (p?.value ?? undefined) as Node | undefined;
}

export function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key) as Pair | undefined;
}

/** A child by path, e.g. `spec.template.spec`. */
export function path(node: unknown, keys: readonly string[]): Node | undefined {
  let n = node as Node | undefined;
  for (const k of keys) n = child(n, k);
  return n;
}

export function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

export function mapItems(node: unknown): YAMLMap[] {
  return isSeq(node) ? node.items.filter((i): i is YAMLMap => isMap(i)) : [];
}

// Where the pod spec sits, by kind.
const POD_SPEC_PATH: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

export function podSpecOf(object: ManifestObject): YAMLMap | undefined {
  const p = POD_SPEC_PATH[object.kind];
  const spec = p ? path(object.map, p) : undefined;
  return isMap(spec) ? spec : undefined;
}

function objectOf(map: YAMLMap, start: number): ManifestObject | undefined {
  const kind = scalarValue(child(map, 'kind'));
  const apiVersion = scalarValue(child(map, 'apiVersion'));
  if (typeof kind !== 'string' || typeof apiVersion !== 'string') return undefined;
  return { kind, apiVersion, map, start, end: map.range?.[1] ?? start };
}

/** True when a text looks like a Kubernetes manifest (some line with `apiVersion:` and one with `kind:`). */
export function looksLikeManifest(text: string): boolean {
  return /^\s*(?:-\s+)?apiVersion\s*:/m.test(text) && /^\s*(?:-\s+)?kind\s*:/m.test(text);
}

/** Parses every object of a (multi-document) YAML text; documents that are not objects are skipped. */
export function parseManifest(text: string): ParsedManifest {
  const lines = new LineCounter();
  const objects: ManifestObject[] = [];
  for (const doc of parseAllDocuments(text, { lineCounter: lines, keepSourceTokens: false })) {
    if (!isMap(doc.contents)) continue;
    const top = objectOf(doc.contents, doc.contents.range?.[0] ?? 0);
    if (!top) continue;
    if (top.kind === 'List' || top.kind.endsWith('List')) {
      const items = child(top.map, 'items');
      if (isSeq(items)) for (const it of items.items) if (isMap(it)) {
        const o = objectOf(it, it.range?.[0] ?? 0);
        if (o) objects.push(o);
      }
      continue;
    }
    objects.push(top);
  }
  return { text, lines, objects };
}
