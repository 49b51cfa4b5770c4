// Which Resources target a tree row stands for: a Node, namespace or workload row of the Clusters
// tree, or container rows (the multi-selection) or a compose project of the Containers tree.
import type { ClusterNode } from '../../views/clusters/nodes.js';
import { containerRowsOf, workloadRowOf } from '../../views/rowTargets.js';
import type { ResourcesTarget } from './resourcesTarget.js';

/** The target of a row (plus the view's selection), or undefined for a row without one. */
export function resourcesTargetOf(arg: unknown, selected?: unknown): ResourcesTarget | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const cluster = arg as ClusterNode;
  if (cluster.type === 'resource' && cluster.kind.kind === 'Node') return { kind: 'node', context: cluster.context, node: cluster.object.metadata.name };
  if (cluster.type === 'namespace') return cluster.namespace ? { kind: 'namespace', context: cluster.context, namespace: cluster.namespace } : undefined;
  const workload = workloadRowOf(arg);
  if (workload) return { kind: 'workload', ...workload };
  const containers = containerRowsOf(arg, selected);
  return containers ? { kind: 'containers', ...containers } : undefined;
}
