// Plain verbs over the REST paths in resourceKinds.ts. Each takes the client first and an
// AbortSignal last, returns JSON, and throws KubeApiError with the server's reason.
import { stringify as toYaml } from 'yaml';
import type { KubeClient } from './KubeClient.js';
import { collectionPath, findKind, objectPath, type ResourceKind } from './resourceKinds.js';
import type { KubeList, KubeObject } from './types.js';
import { ToolError } from '../../contracts/result.js';

/** Filters for {@link listResources}. */
export interface ListOptions {
  /** Omit for all namespaces (namespaced kinds). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Page size; pages are fetched until the list is complete. */
  limit?: number;
}

/** Resolves a kind name/plural/short name to REST coordinates or throws `not-found`. */
export function requireKind(kind: string | ResourceKind, extra: readonly ResourceKind[] = [], apiVersion?: string): ResourceKind {
  if (typeof kind !== 'string') return kind;
  const r = findKind(kind, extra, apiVersion);
  if (!r) throw new ToolError('not-found', `Unknown resource kind "${kind}"${apiVersion ? ` (${apiVersion})` : ''}.`, 'Custom resources are found via discoverResources().');
  return r;
}

/** Lists every object of a kind, following `continue` tokens; the result carries the list resourceVersion. */
export async function listResources<T extends KubeObject = KubeObject>(kube: KubeClient, kind: string | ResourceKind, opts: ListOptions = {}, signal?: AbortSignal): Promise<KubeList<T>> {
  const r = requireKind(kind);
  const path = collectionPath(r, opts.namespace);
  const items: T[] = [];
  let cont: string | undefined;
  let rv: string | undefined;
  do {
    const page = await kube.request<KubeList<T>>('GET', path, {
      query: { labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector, limit: opts.limit, continue: cont },
      signal,
    });
    for (const it of page.items) items.push(it);
    cont = page.metadata?.continue || undefined;
    rv = page.metadata?.resourceVersion;
  } while (cont);
  return { metadata: { resourceVersion: rv }, items };
}

/** Reads one object. */
export function getResource<T extends KubeObject = KubeObject>(kube: KubeClient, kind: string | ResourceKind, name: string, namespace?: string, signal?: AbortSignal): Promise<T> {
  const r = requireKind(kind);
  return kube.request<T>('GET', objectPath(r, name, r.namespaced ? namespace ?? kube.namespace : undefined), { signal });
}

/** Deletes one object (background propagation, like kubectl). Resolves false when it was already gone. */
export async function deleteResource(
  kube: KubeClient,
  kind: string | ResourceKind,
  name: string,
  namespace?: string,
  opts: { propagationPolicy?: 'Background' | 'Foreground' | 'Orphan'; gracePeriodSeconds?: number; dryRun?: boolean } = {},
  signal?: AbortSignal,
): Promise<boolean> {
  const r = requireKind(kind);
  try {
    await kube.request('DELETE', objectPath(r, name, r.namespaced ? namespace ?? kube.namespace : undefined), {
      // With a DeleteOptions body the apiserver ignores query parameters: dryRun goes in the body.
      body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: opts.propagationPolicy ?? 'Background', gracePeriodSeconds: opts.gracePeriodSeconds, ...(opts.dryRun ? { dryRun: ['All'] } : {}) },
      signal,
    });
    return true;
  } catch (e) {
    if (e instanceof ToolError && e.code === 'not-found') return false;
    throw e;
  }
}

/** Sets `spec.replicas` through the scale subresource. */
export async function scaleResource(kube: KubeClient, kind: string | ResourceKind, name: string, replicas: number, namespace?: string, signal?: AbortSignal): Promise<void> {
  const r = requireKind(kind);
  await kube.request('PATCH', objectPath(r, name, namespace ?? kube.namespace, 'scale'), {
    body: { spec: { replicas } },
    contentType: 'application/merge-patch+json',
    signal,
  });
}

/** Restarts a workload's pods like `kubectl rollout restart`: stamps the pod template with a restartedAt annotation. */
export async function rolloutRestart(kube: KubeClient, kind: string | ResourceKind, name: string, namespace?: string, now = new Date(), signal?: AbortSignal): Promise<void> {
  const r = requireKind(kind);
  if (!['Deployment', 'StatefulSet', 'DaemonSet'].includes(r.kind)) throw new ToolError('invalid-input', `rollout restart works on Deployments, StatefulSets and DaemonSets, not ${r.kind}.`);
  await kube.request('PATCH', objectPath(r, name, namespace ?? kube.namespace), {
    body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': now.toISOString() } } } } },
    contentType: 'application/strategic-merge-patch+json',
    signal,
  });
}

/** The object as YAML for an editor tab: managedFields dropped (noise), everything else kept. */
export function resourceToYaml(obj: KubeObject): string {
  const { managedFields: _m, ...metadata } = obj.metadata;
  return toYaml({ ...obj, metadata }, { lineWidth: 0 });
}

/**
 * Rolls a Deployment back like `kubectl rollout undo`: the pod template of the ReplicaSet at
 * `toRevision` (default: the previous revision) replaces the current one. Returns the revision used.
 */
export async function rolloutUndo(kube: KubeClient, name: string, namespace?: string, toRevision?: number, signal?: AbortSignal): Promise<number> {
  const ns = namespace ?? kube.namespace;
  const dep = await getResource(kube, 'Deployment', name, ns, signal);
  const rsList = await listResources(kube, 'ReplicaSet', { namespace: ns }, signal);
  const owned = rsList.items
    .filter((rs) => rs.metadata.ownerReferences?.some((o) => o.uid === dep.metadata.uid))
    .map((rs) => ({ rs, rev: Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0) }))
    .sort((a, b) => b.rev - a.rev);
  const current = Number(dep.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? owned[0]?.rev ?? 0);
  const target = toRevision ? owned.find((x) => x.rev === toRevision) : owned.find((x) => x.rev < current);
  if (!target) throw new ToolError('not-found', toRevision ? `deployment "${name}" has no revision ${toRevision}` : `deployment "${name}" has no previous revision to roll back to`);
  const template = structuredClone((target.rs.spec as { template: { metadata?: { labels?: Record<string, string> } } }).template);
  // The hash label belongs to the ReplicaSet, not to the Deployment's template.
  if (template.metadata?.labels) delete template.metadata.labels['pod-template-hash'];
  await kube.request('PATCH', objectPath(requireKind('Deployment'), name, ns), {
    body: [{ op: 'replace', path: '/spec/template', value: template }],
    contentType: 'application/json-patch+json',
    signal,
  });
  return target.rev;
}

/** Deletes every object of a kind matching a label selector in one call (`kubectl delete -l`). */
export async function deleteCollection(kube: KubeClient, kind: string | ResourceKind, labelSelector: string, namespace?: string, opts: { dryRun?: boolean } = {}, signal?: AbortSignal): Promise<string[]> {
  const r = requireKind(kind);
  const ns = r.namespaced ? namespace ?? kube.namespace : undefined;
  const list = await kube.request<KubeList>('DELETE', collectionPath(r, ns), {
    query: { labelSelector, dryRun: opts.dryRun ? 'All' : undefined, propagationPolicy: 'Background' },
    signal,
  });
  return (list.items ?? []).map((i) => i.metadata.name);
}

/** Polls until the named objects are gone (finalizers done) or the timeout passes; resolves whether they are gone. */
export async function waitForDeletion(kube: KubeClient, kind: string | ResourceKind, names: string[], namespace: string | undefined, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  const r = requireKind(kind);
  const end = Date.now() + timeoutMs;
  let left = [...names];
  while (left.length > 0 && Date.now() < end && !signal?.aborted) {
    const still: string[] = [];
    for (const n of left) {
      const res = await kube.requestRaw('GET', objectPath(r, n, r.namespaced ? namespace ?? kube.namespace : undefined), { signal });
      if (res.status !== 404) still.push(n);
    }
    left = still;
    if (left.length) await new Promise((res) => setTimeout(res, 250));
  }
  return left.length === 0;
}

/** Events about one object, oldest first (the "Events:" part of `kubectl describe`). */
export async function listEventsFor(kube: KubeClient, obj: KubeObject, signal?: AbortSignal): Promise<KubeObject[]> {
  const sel = obj.metadata.uid ? `involvedObject.uid=${obj.metadata.uid}` : `involvedObject.name=${obj.metadata.name}`;
  const list = await listResources(kube, 'Event', { namespace: obj.metadata.namespace ?? 'default', fieldSelector: sel }, signal);
  const when = (e: KubeObject) => String(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? '');
  return list.items.sort((a, b) => when(a).localeCompare(when(b)));
}
