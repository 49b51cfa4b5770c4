// The built-in kinds the trees and steps use, with their REST coordinates, so common calls need
// no discovery round-trip. Anything else (CRDs, aggregated APIs) is found by discoverResources.
import type { KubeClient } from './KubeClient.js';

/** REST coordinates of one resource type. */
export interface ResourceKind {
  kind: string;
  /** `''` for the core group. */
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
  shortNames?: string[];
  verbs?: string[];
}

const k = (kind: string, group: string, version: string, plural: string, namespaced: boolean, shortNames: string[] = []): ResourceKind => ({ kind, group, version, plural, namespaced, shortNames });

/** Kinds known without discovery. */
export const BUILTIN_KINDS: readonly ResourceKind[] = [
  k('Namespace', '', 'v1', 'namespaces', false, ['ns']),
  k('Node', '', 'v1', 'nodes', false, ['no']),
  k('Pod', '', 'v1', 'pods', true, ['po']),
  k('Service', '', 'v1', 'services', true, ['svc']),
  k('ConfigMap', '', 'v1', 'configmaps', true, ['cm']),
  k('Secret', '', 'v1', 'secrets', true),
  k('PersistentVolumeClaim', '', 'v1', 'persistentvolumeclaims', true, ['pvc']),
  k('PersistentVolume', '', 'v1', 'persistentvolumes', false, ['pv']),
  k('ServiceAccount', '', 'v1', 'serviceaccounts', true, ['sa']),
  k('Event', '', 'v1', 'events', true, ['ev']),
  k('Endpoints', '', 'v1', 'endpoints', true, ['ep']),
  k('Deployment', 'apps', 'v1', 'deployments', true, ['deploy']),
  k('StatefulSet', 'apps', 'v1', 'statefulsets', true, ['sts']),
  k('DaemonSet', 'apps', 'v1', 'daemonsets', true, ['ds']),
  k('ReplicaSet', 'apps', 'v1', 'replicasets', true, ['rs']),
  k('ControllerRevision', 'apps', 'v1', 'controllerrevisions', true),
  k('Job', 'batch', 'v1', 'jobs', true),
  // batch/v1 CronJob arrived in 1.21; v1beta1 is what 1.20 serves. discoverResources corrects it.
  k('CronJob', 'batch', 'v1beta1', 'cronjobs', true, ['cj']),
  k('Ingress', 'networking.k8s.io', 'v1', 'ingresses', true, ['ing']),
  k('NetworkPolicy', 'networking.k8s.io', 'v1', 'networkpolicies', true, ['netpol']),
  k('Role', 'rbac.authorization.k8s.io', 'v1', 'roles', true),
  k('RoleBinding', 'rbac.authorization.k8s.io', 'v1', 'rolebindings', true),
  k('ClusterRole', 'rbac.authorization.k8s.io', 'v1', 'clusterroles', false),
  k('ClusterRoleBinding', 'rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', false),
  k('CustomResourceDefinition', 'apiextensions.k8s.io', 'v1', 'customresourcedefinitions', false, ['crd']),
  k('StorageClass', 'storage.k8s.io', 'v1', 'storageclasses', false, ['sc']),
  k('HorizontalPodAutoscaler', 'autoscaling', 'v1', 'horizontalpodautoscalers', true, ['hpa']),
];

/** `group/version` or `version` for the core group. */
export function apiVersionOf(r: Pick<ResourceKind, 'group' | 'version'>): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** Splits an apiVersion into group and version. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.lastIndexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** The collection path, e.g. `/apis/apps/v1/namespaces/web/deployments`; namespace omitted lists across all. */
export function collectionPath(r: ResourceKind, namespace?: string): string {
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  return r.namespaced && namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${r.plural}` : `${base}/${r.plural}`;
}

/** The path of one object (optionally a subresource such as `scale`, `status`, `log`). */
export function objectPath(r: ResourceKind, name: string, namespace?: string, subresource?: string): string {
  return `${collectionPath(r, namespace)}/${encodeURIComponent(name)}${subresource ? `/${subresource}` : ''}`;
}

/** Looks a kind up by Kind, plural or short name (case-insensitive) among built-ins and `extra`. */
export function findKind(nameOrKind: string, extra: readonly ResourceKind[] = [], apiVersion?: string): ResourceKind | undefined {
  const n = nameOrKind.toLowerCase();
  const want = apiVersion ? splitApiVersion(apiVersion) : undefined;
  const all = [...extra, ...BUILTIN_KINDS];
  const match = (r: ResourceKind) => r.kind.toLowerCase() === n || r.plural === n || (r.shortNames ?? []).includes(n) || r.kind.toLowerCase() + 's' === n;
  if (want) {
    const exact = all.find((r) => match(r) && r.group === want.group && r.version === want.version);
    if (exact) return exact;
    const sameGroup = all.find((r) => match(r) && r.group === want.group);
    return sameGroup ? { ...sameGroup, version: want.version } : undefined;
  }
  return all.find(match);
}

interface ApiResourceList {
  groupVersion: string;
  resources: Array<{ name: string; kind: string; namespaced: boolean; shortNames?: string[]; verbs?: string[] }>;
}

/**
 * Every listable resource the server serves (built-ins, CRDs, aggregated APIs), preferred
 * versions only. Groups that fail to answer (a broken aggregated API) are skipped, like kubectl.
 */
export async function discoverResources(kube: KubeClient, signal?: AbortSignal): Promise<ResourceKind[]> {
  const core = await kube.request<ApiResourceList>('GET', '/api/v1', { signal });
  const groups = await kube.request<{ groups: Array<{ preferredVersion: { groupVersion: string } }> }>('GET', '/apis', { signal });
  const lists = await Promise.all(
    groups.groups.map((g) => kube.request<ApiResourceList>('GET', `/apis/${g.preferredVersion.groupVersion}`, { signal }).catch(() => undefined)),
  );
  const out: ResourceKind[] = [];
  for (const list of [core, ...lists]) {
    if (!list) continue;
    const { group, version } = splitApiVersion(list.groupVersion);
    for (const r of list.resources) {
      if (r.name.includes('/') || !(r.verbs ?? []).includes('list')) continue;
      out.push({ kind: r.kind, group, version, plural: r.name, namespaced: r.namespaced, shortNames: r.shortNames, verbs: r.verbs });
    }
  }
  return out;
}
