// What a Clusters or Containers tree row points at, for the commands that follow a workload's pods or a
// set of containers (Show Merged Logs, Show Resources): one reading of the row shapes, so both commands
// accept the same rows and a multi-selection means the same to each.
import type { ClusterNode } from './clusters/nodes.js';
import type { ContainersNode } from './containers/containersTree.js';

/** Kinds whose pods a workload row follows. */
export const WORKLOAD_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'];

/** A workload row of the Clusters tree. */
export interface WorkloadRow {
  context: string;
  namespace: string;
  workloadKind: string;
  name: string;
}

/** Containers picked in the Containers tree: the selected container rows, or a compose project's. */
export interface ContainerRows {
  containers: Array<{ id: string; name: string }>;
  project?: string;
}

type ContainerData = Extract<ContainersNode['data'], { kind: 'container' }>;

/** The workload a Clusters row stands for (a namespaced Deployment, StatefulSet…), or undefined. */
export function workloadRowOf(arg: unknown): WorkloadRow | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const row = arg as ClusterNode;
  if (row.type !== 'resource' || !WORKLOAD_KINDS.includes(row.kind.kind) || !row.object.metadata.namespace) return undefined;
  return { context: row.context, namespace: row.object.metadata.namespace, workloadKind: row.kind.kind, name: row.object.metadata.name };
}

/**
 * The containers of a Containers row: a compose project's containers, or the container rows of the
 * view's selection when the clicked row is one of several (VS Code passes the selection second).
 */
export function containerRowsOf(arg: unknown, selected?: unknown): ContainerRows | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const row = arg as ContainersNode;
  if (row.data?.kind === 'project') {
    const containers = (row.children ?? []).flatMap((c) => (c.data.kind === 'container' ? [{ id: c.data.id, name: c.data.name }] : []));
    return { containers, project: row.data.project };
  }
  if (row.data?.kind === 'container') {
    const many = Array.isArray(selected) ? (selected as ContainersNode[]).filter((n) => n?.data?.kind === 'container') : [];
    const rows = many.length > 1 ? many : [row];
    return { containers: rows.map((n) => n.data as ContainerData).map((d) => ({ id: d.id, name: d.name })) };
  }
  return undefined;
}
