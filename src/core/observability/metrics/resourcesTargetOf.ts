// Which Resources target a tree row stands for: a Node, namespace or workload row of the Clusters
// tree, or container rows (the multi-selection) or a compose project of the Containers tree.
import type { ClusterNode } from '../../views/clusters/nodes.js';
import type { ContainersNode } from '../../views/containers/containersTree.js';
import type { ResourcesTarget } from './resourcesTarget.js';

/** Kinds whose pods a workload row follows (the same set as the merged logs). */
export const RESOURCE_WORKLOADS: readonly string[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'];

type ContainerData = Extract<ContainersNode['data'], { kind: 'container' }>;

/** The target of a row (plus the view's selection), or undefined for a row without one. */
export function resourcesTargetOf(arg: unknown, selected?: unknown): ResourcesTarget | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const cluster = arg as ClusterNode;
  if (cluster.type === 'resource') {
    const { kind, object } = cluster;
    if (kind.kind === 'Node') return { kind: 'node', context: cluster.context, node: object.metadata.name };
    if (RESOURCE_WORKLOADS.includes(kind.kind) && object.metadata.namespace) {
      return { kind: 'workload', context: cluster.context, namespace: object.metadata.namespace, workloadKind: kind.kind, name: object.metadata.name };
    }
    return undefined;
  }
  if (cluster.type === 'namespace') return cluster.namespace ? { kind: 'namespace', context: cluster.context, namespace: cluster.namespace } : undefined;
  const docker = arg as ContainersNode;
  if (docker.data?.kind === 'project') {
    const containers = (docker.children ?? []).flatMap((c) => (c.data.kind === 'container' ? [{ id: c.data.id, name: c.data.name }] : []));
    return { kind: 'containers', containers, project: docker.data.project };
  }
  if (docker.data?.kind === 'container') {
    const many = Array.isArray(selected) ? (selected as ContainersNode[]).filter((n) => n?.data?.kind === 'container') : [];
    const rows = many.length > 1 ? many : [docker];
    return { kind: 'containers', containers: rows.map((n) => n.data as ContainerData).map((d) => ({ id: d.id, name: d.name })) };
  }
  return undefined;
}
