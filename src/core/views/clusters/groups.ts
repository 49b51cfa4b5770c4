// How kinds are grouped under a namespace, in the order kubectl users scan them.
import { BUILTIN_KINDS, type ResourceKind } from '../../clients/kubernetes/index.js';

export type GroupId = 'workloads' | 'network' | 'config' | 'storage' | 'custom' | 'events';

/** Group id → label and the built-in kinds it holds (custom: from discovery; events: the Event kind itself). */
export const GROUPS: ReadonlyArray<{ id: GroupId; label: string; kinds: readonly string[] }> = [
  { id: 'workloads', label: 'Workloads', kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod'] },
  { id: 'network', label: 'Network', kinds: ['Service', 'Ingress'] },
  { id: 'config', label: 'Config', kinds: ['ConfigMap', 'Secret'] },
  { id: 'storage', label: 'Storage', kinds: ['PersistentVolumeClaim'] },
  { id: 'custom', label: 'Custom Resources', kinds: [] },
  { id: 'events', label: 'Events', kinds: ['Event'] },
];

/** The label of a group. */
export function groupLabel(id: GroupId): string {
  return GROUPS.find((g) => g.id === id)!.label;
}

/** Plural display name of a kind: `Deployments`, `Ingresses`, `PersistentVolumeClaims`. */
export function kindLabel(kind: ResourceKind): string {
  const k = kind.kind;
  return /(s|x|ch|sh)$/.test(k) ? `${k}es` : /[^aeiou]y$/.test(k) ? `${k.slice(0, -1)}ies` : `${k}s`;
}

/**
 * The built-in kinds of a group, with versions corrected from discovery when it is known (CronJob
 * is batch/v1beta1 on 1.20 and batch/v1 later).
 */
export function kindsOfGroup(id: GroupId, discovered: readonly ResourceKind[] | undefined): ResourceKind[] {
  if (id === 'custom') return customKinds(discovered ?? []);
  const names = GROUPS.find((g) => g.id === id)!.kinds;
  return names.map((name) => {
    const builtin = BUILTIN_KINDS.find((k) => k.kind === name)!;
    const served = discovered?.filter((k) => k.kind === name && k.group === builtin.group);
    return served?.length ? served.find((k) => k.version === 'v1') ?? served[0]! : builtin;
  });
}

/** API groups that ship with Kubernetes; everything else discovery finds is a custom resource. */
function isBuiltinGroup(group: string): boolean {
  return !group.includes('.') || (group.endsWith('.k8s.io') && !group.endsWith('.x-k8s.io'));
}

/** Namespaced kinds served by CRDs or aggregated APIs, sorted by kind then group. */
export function customKinds(discovered: readonly ResourceKind[]): ResourceKind[] {
  return discovered
    .filter((k) => k.namespaced && !isBuiltinGroup(k.group) && (k.verbs ?? ['list', 'watch']).includes('watch'))
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.group.localeCompare(b.group));
}
