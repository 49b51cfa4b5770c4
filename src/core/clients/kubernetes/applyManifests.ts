// Server-side apply (https://kubernetes.io/docs/reference/using-api/server-side-apply/): each
// document is PATCHed with content type application/apply-patch+yaml and fieldManager=ansflow,
// so the server merges and tracks ownership exactly as `kubectl apply --server-side` does.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { ToolError } from '../../contracts/result.js';
import type { KubeClient } from './KubeClient.js';
import { discoverResources, findKind, objectPath, collectionPath, type ResourceKind, apiVersionOf } from './resourceKinds.js';
import type { KubeObject, KubeList } from './types.js';

/** The field manager name recorded in managedFields. */
export const FIELD_MANAGER = 'ansflow';

/** One parsed manifest document with where it came from. */
export interface ManifestDoc {
  object: KubeObject;
  source: string;
  /** 1-based line of the document start. */
  line: number;
}

/** What happened to one object. */
export interface AppliedObject {
  kind: string;
  apiVersion: string;
  name: string;
  namespace?: string;
  action: 'created' | 'configured' | 'unchanged' | 'pruned';
  object?: KubeObject;
  /** Dry run only: the server could not validate it (its namespace is created by the same apply). */
  unvalidated?: boolean;
}

/** Options for {@link applyManifests}. */
export interface ApplyOptions {
  /** Server-side dry run: validated and admitted, never persisted. */
  dryRun?: boolean;
  /** Namespace for namespaced objects that name none (default: the client's). */
  namespace?: string;
  /** Take over fields owned by other managers (kubectl's --force-conflicts). Default false. */
  force?: boolean;
  /** Delete objects carrying this label selector that were not in the manifests (same kinds only). */
  pruneSelector?: string;
  signal?: AbortSignal;
  onApplied?(o: AppliedObject): void;
}

/**
 * How manifest text becomes YAML documents; the runner passes one that substitutes `${{ }}` as YAML
 * values inside the parsed documents, never into the text.
 */
export type ParseYamlDocuments = (text: string, lineCounter: LineCounter) => Document.Parsed[];

/** Parses multi-document YAML (or JSON); `kind: List` documents are expanded. Throws `invalid-input` with file:line. */
export function parseManifests(text: string, source = '<inline>', parseDocuments?: ParseYamlDocuments): ManifestDoc[] {
  const lc = new LineCounter();
  const docs = parseDocuments ? parseDocuments(text, lc) : parseAllDocuments(text, { lineCounter: lc });
  const out: ManifestDoc[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const line = lc.linePos(doc.range?.[0] ?? 0).line;
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      throw new ToolError('invalid-input', `${source}:${lc.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`);
    }
    const value = doc.toJS() as unknown;
    if (value == null) continue;
    const o = value as KubeObject;
    if (typeof o !== 'object' || !o.kind || !o.apiVersion) throw new ToolError('invalid-input', `${source}:${line}: a manifest needs apiVersion and kind.`);
    if (o.kind.endsWith('List') && Array.isArray(o.items)) {
      for (const item of o.items as KubeObject[]) out.push({ object: item, source, line });
      continue;
    }
    if (!o.metadata?.name) throw new ToolError('invalid-input', `${source}:${line}: ${o.kind} has no metadata.name.`);
    out.push({ object: o, source, line });
  }
  return out;
}

/** Expands files and directories (their *.yaml, *.yml, *.json, sorted; `recursive` descends) into file paths. */
export function collectManifestFiles(paths: string[], baseDir: string, recursive = false): string[] {
  const out: string[] = [];
  const walk = (p: string, top: boolean) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new ToolError('invalid-input', `Manifest path not found: ${p}`);
    }
    if (st.isDirectory()) {
      if (!top && !recursive) return;
      for (const n of readdirSync(p).sort()) walk(join(p, n), false);
    } else if (top || ['.yaml', '.yml', '.json'].includes(extname(p))) out.push(p);
  };
  for (const p of paths) walk(resolve(baseDir, p), true);
  return out;
}

/** Reads manifest files, parsed by `parseDocuments` (see {@link ParseYamlDocuments}) when given. */
export function readManifestFiles(files: string[], parseDocuments?: ParseYamlDocuments): ManifestDoc[] {
  return files.flatMap((f) => parseManifests(readFileSync(f, 'utf8'), f, parseDocuments));
}

const ORDER = ['Namespace', 'CustomResourceDefinition', 'ServiceAccount', 'Secret', 'ConfigMap', 'PersistentVolumeClaim', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'Service'];

/** Namespaces and CRDs first, then what workloads reference, then the rest in file order. */
export function sortForApply(docs: ManifestDoc[]): ManifestDoc[] {
  const rank = (d: ManifestDoc) => {
    const i = ORDER.indexOf(d.object.kind ?? '');
    return i < 0 ? ORDER.length : i;
  };
  return docs.map((d, i) => ({ d, i })).sort((a, b) => rank(a.d) - rank(b.d) || a.i - b.i).map((x) => x.d);
}

const PRUNE_KINDS = ['ConfigMap', 'Secret', 'Service', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'Ingress', 'PersistentVolumeClaim', 'ServiceAccount'];

function ownedByUs(o: KubeObject): boolean {
  return ((o.metadata.managedFields ?? []) as Array<{ manager?: string; operation?: string }>).some((m) => m.manager === FIELD_MANAGER && m.operation === 'Apply');
}

function sameContent(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => {
    const { managedFields: _m, resourceVersion: _r, generation: _g, ...md } = o.metadata;
    return JSON.stringify({ ...o, metadata: md, status: undefined });
  };
  return strip(a) === strip(b);
}

/** Server-side applies every document; returns one entry per object (plus pruned ones). */
export async function applyManifests(kube: KubeClient, docs: ManifestDoc[], opts: ApplyOptions = {}): Promise<AppliedObject[]> {
  let discovered: ResourceKind[] | undefined;
  const resolveKind = async (o: KubeObject, doc: ManifestDoc): Promise<ResourceKind> => {
    let r = findKind(o.kind!, discovered ?? [], o.apiVersion);
    if (!r) {
      // Unknown or custom kind: ask discovery (again after a CRD was just applied).
      discovered = await discoverResources(kube, opts.signal);
      r = findKind(o.kind!, discovered, o.apiVersion);
    }
    if (!r) throw new ToolError('invalid-input', `${doc.source}:${doc.line}: the server has no resource ${o.kind} in ${o.apiVersion}.`, 'Apply its CustomResourceDefinition first.');
    return r;
  };
  const results: AppliedObject[] = [];
  const applied = new Map<string, ResourceKind>();
  const keep = new Set<string>();
  const dryCreatedNamespaces = new Set<string>();
  for (const doc of sortForApply(docs)) {
    const o = structuredClone(doc.object);
    const r = await resolveKind(o, doc);
    const namespace = r.namespaced ? o.metadata.namespace || opts.namespace || kube.namespace : undefined;
    if (namespace) o.metadata.namespace = namespace;
    const path = objectPath(r, o.metadata.name, namespace);
    // The prior resourceVersion tells "unchanged" from "configured": a no-op apply keeps it.
    const prior = await kube.requestRaw('GET', path, { signal: opts.signal });
    const priorObj = prior.status === 200 ? (JSON.parse(prior.body.toString('utf8')) as KubeObject) : undefined;
    const priorRv = priorObj?.metadata.resourceVersion;
    const res = await kube.requestRaw('PATCH', path, {
      body: JSON.stringify(o),
      contentType: 'application/apply-patch+yaml',
      query: { fieldManager: FIELD_MANAGER, force: opts.force ? true : undefined, dryRun: opts.dryRun ? 'All' : undefined },
      signal: opts.signal,
    });
    const text = res.body.toString('utf8');
    if (opts.dryRun && res.status === 404 && namespace && dryCreatedNamespaces.has(namespace)) {
      // The server cannot dry-run an object into a namespace that this same dry run only pretends to
      // create; report it as a creation the server has not validated rather than failing the plan.
      const entry: AppliedObject = { kind: r.kind, apiVersion: apiVersionOf(r), name: o.metadata.name, namespace, action: 'created', unvalidated: true };
      results.push(entry);
      opts.onApplied?.(entry);
      continue;
    }
    if (res.status >= 300) {
      const e = kube.statusError(res.status, text, 'apply', `${o.kind}/${o.metadata.name}`);
      const hint = res.status === 409 ? 'Another field manager owns these fields; set force: true to take them over (kubectl --force-conflicts).' : e.hint;
      throw new ToolError(e.code, `${doc.source}:${doc.line}: ${e.message}`, hint, { cause: e });
    }
    const back = JSON.parse(text) as KubeObject;
    const entry: AppliedObject = {
      kind: r.kind,
      apiVersion: apiVersionOf(r),
      name: o.metadata.name,
      namespace,
      // A dry run never bumps resourceVersion, so compare content there.
      action: res.status === 201 || !priorRv ? 'created' : (opts.dryRun ? sameContent(priorObj!, back) : back.metadata.resourceVersion === priorRv) ? 'unchanged' : 'configured',
      object: back,
    };
    results.push(entry);
    opts.onApplied?.(entry);
    applied.set(`${apiVersionOf(r)}/${r.kind}`, r);
    keep.add(`${r.kind}/${namespace ?? ''}/${o.metadata.name}`);
    // A CRD makes new kinds appear: forget discovery so the next CR re-discovers.
    if (r.kind === 'CustomResourceDefinition') discovered = undefined;
    if (opts.dryRun && r.kind === 'Namespace' && entry.action === 'created') dryCreatedNamespaces.add(o.metadata.name);
  }
  if (opts.pruneSelector) {
    // Like kubectl's prune allowlist, plus every kind applied now; only objects whose fields we own
    // (manager ansflow, operation Apply) are candidates, so controller-made ReplicaSets/Pods that
    // inherit the label are never touched.
    for (const k of PRUNE_KINDS) {
      const r = findKind(k);
      if (r) applied.set(`${apiVersionOf(r)}/${r.kind}`, r);
    }
    const touched = [...new Set(results.map((x) => x.namespace).filter((x): x is string => !!x))];
    for (const r of applied.values()) {
      if (!r.namespaced) continue;
      for (const ns of touched) {
        const list = await kube.request<KubeList>('GET', collectionPath(r, ns), { query: { labelSelector: opts.pruneSelector }, signal: opts.signal });
        for (const item of list.items) {
          if (keep.has(`${r.kind}/${ns ?? ''}/${item.metadata.name}`)) continue;
          if (!ownedByUs(item)) continue;
          // With a DeleteOptions body the apiserver ignores query parameters: dryRun goes in the body.
          await kube.request('DELETE', objectPath(r, item.metadata.name, ns), { body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background', ...(opts.dryRun ? { dryRun: ['All'] } : {}) }, signal: opts.signal });
          const entry: AppliedObject = { kind: r.kind, apiVersion: apiVersionOf(r), name: item.metadata.name, namespace: ns, action: 'pruned' };
          results.push(entry);
          opts.onApplied?.(entry);
        }
      }
    }
  }
  return results;
}
